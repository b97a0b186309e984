package scenario

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

// demands decodes the [[demand]] sections and gives each stream its id.
func (d *decoder) demands(m *sim.Model, ts []*table) {
	m.Demands = make([]sim.Demand, 0, len(ts))
	for _, t := range ts {
		m.Demands = append(m.Demands, t.demand(m.Horizon))
	}
	demandIDs(m.Demands, ts)
}

// demand decodes one [[demand]]; horizon is in days, 0 when unknown.
func (t *table) demand(horizon float64) sim.Demand {
	t.require("at", "sku")
	dm := sim.Demand{Size: dist.Const(1), Backorder: 1, Partial: true}
	dm.ID, _ = t.demandID()
	dm.At, _ = t.id("at")
	dm.SKU, _ = t.id("sku")
	if dm.History = t.history(); dm.History == nil {
		dm.Rate, dm.Every = t.arrivals()
	}
	if size, ok := t.dist("size", quantityDist); ok {
		dm.Size = size
		if size.Mean() <= 0 {
			t.errorf("size", "", "the mean order size must be greater than 0, got %s", size)
		}
	}
	dm.Weekly = t.factors("weekly", 7, "one per weekday")
	dm.Yearly = t.factors("yearly", 12, "one per month")
	dm.Trend = t.trend(horizon)
	if b, ok := t.share("backorder", false); ok {
		dm.Backorder = b
	}
	dm.Patience, dm.HasPatience = t.dist("patience", timeDist)
	dm.MaxWait, dm.HasMaxWait = t.dist("max_wait", timeDist)
	if p, ok := t.boolean("partial"); ok {
		dm.Partial = p
	}
	dm.Priority = t.priority()
	t.rejectUnknown()
	return dm
}

// demandID reads the optional id: any text but blanks and control characters.
func (t *table) demandID() (string, bool) { return t.label("id") }

// arrivals reads rate (orders per day) or every (days between orders).
func (t *table) arrivals() (rate, every float64) {
	switch hasRate, hasEvery := t.has("rate"), t.has("every"); {
	case hasRate && hasEvery:
		t.errorf("every", "rate is customer orders per day; every is the time between orders", "give rate or every, not both")
	case !hasRate && !hasEvery:
		t.tableErrorf(`add rate = 12 (customer orders per day) or every = "7d" (time between orders)`,
			"[[demand]]: missing rate or every")
	}
	rate, _ = t.positive("rate")
	if !t.atMost("rate", rate, maxRate, " orders per day") {
		rate = 0
	}
	every, _ = t.interval("every")
	return rate, every
}

// factors reads an array of n rate factors, from 0 to maxFactor and not
// all zero.
func (t *table) factors(key string, n int, what string) []float64 {
	xs, ok := t.numbers(key)
	if !ok {
		return nil
	}
	if len(xs) != n {
		t.errorf(key, "", "expected %d numbers (%s), got %d", n, what, len(xs))
		return nil
	}
	for i, x := range xs {
		if x > maxFactor {
			t.errorf(key, "factors are relative to each other: scale them down and the rate up", "element %d: must be at most %g, got %g", i+1, float64(maxFactor), x)
			return nil
		}
	}
	for _, x := range xs {
		if x > 0 {
			return xs
		}
	}
	t.errorf(key, "", "must not be all zero: no demand would ever arrive")
	return nil
}

// trend reads the yearly trend, checking that the rate stays at least 0
// until the horizon (in days).
func (t *table) trend(horizon float64) float64 {
	x, ok := t.number("trend")
	if ok && math.Abs(x) > maxTrend {
		t.errorf("trend", "trend = 0.1 is 10% more demand per year", "must be between %d and %d (a relative change per year), got %g", -maxTrend, maxTrend, x)
		return 0
	}
	if ok && 1+x*horizon/365 < 0 {
		t.errorf("trend", "", "%g per year makes the rate negative after %s, before the horizon (%s)",
			x, fmtDays(-365/x), fmtDays(horizon))
		return 0
	}
	return x
}

// demandIDs gives each stream without an id the default "at/sku", with
// "#2", "#3", ... for later ones at the same stock point, then reports
// ids used twice.
func demandIDs(ds []sim.Demand, ts []*table) {
	count := map[string]int{}
	for i := range ds {
		t := ts[i]
		if t.has("id") || !t.ok("at") || !t.ok("sku") {
			continue
		}
		base := ds[i].At + "/" + ds[i].SKU
		count[base]++
		ds[i].ID = base
		if n := count[base]; n > 1 {
			ds[i].ID = fmt.Sprintf("%s#%d", base, n)
		}
	}
	seen := map[string]bool{}
	for i, dm := range ds {
		switch {
		case dm.ID == "":
		case !seen[dm.ID]:
			seen[dm.ID] = true
		case ts[i].has("id"):
			ts[i].errorf("id", `streams with no id are named "at/sku", then "at/sku#2", "at/sku#3", ...`,
				"demand id %q is already used", dm.ID)
		default:
			ts[i].tableErrorf("give the [[demand]] streams at this stock point ids of their own",
				"[[demand]]: the default id %q is already used", dm.ID)
		}
	}
}
