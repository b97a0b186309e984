package scenario

import (
	"fmt"
	"math"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// sourceKeys are the [[stock]] keys that only a list source takes.
var sourceKeys = []string{"sourcing", "shares", "max_lead_time"}

// sources reads a stock point's source: one site id, or a list of them
// with the sourcing rule, shares (split) and max_lead_time (failover).
func (t *table) sources() (string, sim.Sourcing) {
	var sc sim.Sourcing
	list, isList := t.vals["source"].([]any)
	if !isList {
		first, _ := t.id("source")
		for _, k := range sourceKeys {
			if t.has(k) {
				t.errorf(k, `list the sources: source = ["overseas-mill", "local-maker"]`, "applies only to a stock point with several sources")
			}
		}
		return first, sc
	}
	t.get("source")
	ids, ok := t.sourceIDs(list)
	if !ok {
		return "", sc
	}
	sc.Rule = t.sourcingRule()
	sc.Sources = make([]sim.Source, len(ids))
	for i, id := range ids {
		sc.Sources[i] = sim.Source{Site: id}
	}
	t.shares(&sc)
	if t.has("max_lead_time") {
		sc.MaxLeadTime, _ = t.duration("max_lead_time", true)
		if sc.Rule != sim.Failover && t.ok("sourcing") {
			t.errorf("max_lead_time", "", "applies to the failover rule only, not %s", sc.Rule)
		}
	}
	return ids[0], sc
}

// sourceIDs checks a list of source ids: at least one, no repeats.
func (t *table) sourceIDs(list []any) ([]string, bool) {
	if len(list) == 0 {
		t.errorf("source", "", "must name at least one site")
		return nil, false
	}
	ids := make([]string, len(list))
	for i, v := range list {
		s, ok := v.(string)
		msg := badID(s)
		switch {
		case !ok:
			msg = "expected a site id, got " + describe(v)
		case msg == "":
			for _, prev := range ids[:i] {
				if prev == s {
					msg = fmt.Sprintf("%q is listed twice", s)
				}
			}
		}
		if msg != "" {
			t.errorf("source", "", "element %d: %s", i+1, msg)
			return nil, false
		}
		ids[i] = s
	}
	return ids, true
}

// sourcingRule reads sourcing = "failover" (the default), "split",
// "fastest" or "cheapest".
func (t *table) sourcingRule() sim.SourcingRule {
	name, ok := t.str("sourcing")
	if !ok {
		return sim.Failover
	}
	rule, ok := sim.ParseSourcingRule(name)
	if !ok {
		t.errorf("sourcing", didYouMean(name, sim.SourcingRuleNames(), "rules"), "unknown sourcing rule %q (rules: %s)", name, strings.Join(sim.SourcingRuleNames(), ", "))
	}
	return rule
}

// shares reads the split shares: one per source, adding up to 1.
func (t *table) shares(sc *sim.Sourcing) {
	if sc.Rule != sim.Split || !t.ok("sourcing") {
		if t.has("shares") && t.ok("sourcing") {
			t.errorf("shares", `sourcing = "split" divides orders by shares`, "applies to the split rule only, not %s", sc.Rule)
		}
		return
	}
	if !t.has("shares") {
		t.tableErrorf(fmt.Sprintf("shares = [%s] gives each source its share of the orders", evenShares(len(sc.Sources))),
			"[[stock]]: the split rule needs shares, one per source")
		return
	}
	xs, ok := t.numbers("shares")
	if !ok {
		return
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	switch {
	case len(xs) != len(sc.Sources):
		t.errorf("shares", "", "expected %d shares, one per source, got %d", len(sc.Sources), len(xs))
	case math.Abs(sum-1) > 1e-9:
		// Twelve digits: a sum a rounding away from 1 must not print as 1.
		t.errorf("shares", "they are probabilities: write the last as 1 minus the others", "must add up to 1, got %.12g", sum)
	default:
		for i := range xs {
			sc.Sources[i].Share = xs[i]
		}
	}
}

// ownSourceHint is the hint of a stock point that names its own site as a source.
const ownSourceHint = "order from a supplier, another warehouse or a plant, with a [[lane]] from it"

func evenShares(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("%.2g", 1/float64(n))
	}
	return strings.Join(parts, ", ")
}

// termKeys are the purchase-term keys of a [[supplier]] and of each of its
// terms tables.
var termKeys = []string{"unit_price", "min_order", "order_multiple"}

// terms reads a supplier's purchase terms: unit_price, min_order and
// order_multiple for every SKU, and terms = [{ sku = "...", ... }] per SKU.
func (t *table) terms() []sim.Terms {
	var out []sim.Terms
	if all, ok := t.termValues(); ok {
		out = append(out, all)
	}
	v, ok := t.get("terms")
	if !ok {
		return out
	}
	list, ok := v.([]any)
	if !ok {
		if ms, isMaps := v.([]map[string]any); isMaps {
			list = make([]any, len(ms))
			for i := range ms {
				list[i] = ms[i]
			}
		} else {
			t.errorf("terms", "", `expected a list of tables such as [{ sku = "tee", unit_price = 4.5 }], got %s`, describe(v))
			return out
		}
	}
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			t.errorf("terms", "", "element %d: expected a table, got %s", i+1, describe(e))
			continue
		}
		st := t.d.newTable(t.at.child("terms"), "terms", fmt.Sprintf("terms[%d].", i), m)
		st.require("sku")
		sku, _ := st.id("sku")
		tm, _ := st.termValues()
		tm.SKU = sku
		st.rejectUnknown()
		if len(st.bad) > 0 {
			t.bad["terms"] = true
		}
		out = append(out, tm)
	}
	return out
}

// termValues reads unit_price, min_order and order_multiple; ok when any is given.
func (t *table) termValues() (sim.Terms, bool) {
	var tm sim.Terms
	tm.Price = t.amount("unit_price")
	tm.MinOrder = t.amount("min_order")
	tm.Multiple = t.amount("order_multiple")
	return tm, t.has("unit_price") || t.has("min_order") || t.has("order_multiple")
}

// checkSourcing checks every source of the stock points with several: a
// known site with a lane to the stock point, stocking the SKU when it is
// a warehouse; and the SKUs of the suppliers' terms.
func (r *refs) checkSourcing(m *sim.Model, stocks, suppliers []*table) {
	for i, s := range m.Stocks {
		t := stocks[i]
		if len(s.Sourcing.Sources) < 2 || !t.ok("source") || !t.ok("at") || !t.ok("sku") {
			continue
		}
		for _, src := range s.Sourcing.Sources[1:] {
			if r.checkListedSource(t, s, src.Site) && r.reaches(m.Stocks, src.Site, s.At, s.SKU) {
				t.errorf("source", "one stock point in the loop must order from a supplier",
					"sourcing cycle for %s: %s orders, through its sources, from %s", s.SKU, src.Site, s.At)
			}
		}
	}
	for i, sup := range m.Suppliers {
		for j, tm := range sup.Terms {
			if tm.SKU != "" && !r.skuSet[tm.SKU] && !r.skusBad {
				suppliers[i].d.report(suppliers[i].at.child("terms"),
					suppliers[i].d.hint(tm.SKU, r.skus, "skus"), fmt.Sprintf("terms[%d].sku: unknown sku %q", j-termsOffset(sup), tm.SKU))
			}
		}
	}
}

// termsOffset is 1 when the supplier's first terms are those for every SKU.
func termsOffset(s sim.Supplier) int {
	if len(s.Terms) > 0 && s.Terms[0].SKU == "" {
		return 1
	}
	return 0
}

// reaches reports whether the stock of sku at from orders, through any of
// its sources and theirs, from the warehouse to.
func (r *refs) reaches(stocks []sim.StockPoint, from, to, sku string) bool {
	seen := map[string]bool{}
	todo := []string{from}
	for len(todo) > 0 {
		at := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if at == to {
			return true
		}
		k, ok := r.stocks[[2]string{at, sku}]
		if seen[at] || !ok {
			continue
		}
		seen[at] = true
		todo = append(todo, stocks[k].Source)
		for _, src := range stocks[k].Sourcing.Sources {
			todo = append(todo, src.Site)
		}
	}
	return false
}

// checkListedSource checks one source after the first; true when it is a
// warehouse that stocks the SKU.
func (r *refs) checkListedSource(t *table, s sim.StockPoint, site string) bool {
	kind, ok := r.sites[site]
	switch {
	case !ok && r.sitesBad:
	case !ok:
		t.errorf("source", t.d.hint(site, r.siteIDs, "sites"), "unknown site %q", site)
	case site == s.At:
		t.errorf("source", ownSourceHint, "a stock point cannot be its own source")
	case !r.lanes[[2]string{site, s.At}]:
		t.errorf("source", fmt.Sprintf("add a [[lane]] with from = %q, to = %q", site, s.At),
			"no lane from %s to %s: every source needs its lane", site, s.At)
	case kind == warehouseSite:
		if _, stocked := r.stocks[[2]string{site, s.SKU}]; !stocked {
			t.errorf("source", fmt.Sprintf("add a [[stock]] with at = %q, sku = %q", site, s.SKU),
				"%s does not stock %s", site, s.SKU)
			return false
		}
		return true
	}
	return false
}

// networkMetric checks the metric of an expectation on the network totals
// (at = "network"), which takes no sku.
func (t *table) networkMetric(s string, ok bool) string {
	if t.has("sku") {
		t.errorf("sku", `at = "network" judges the whole network`, "does not apply to the network totals")
	}
	if ok && sim.NetworkMetricIndex(s) < 0 {
		t.errorf("metric", didYouMean(s, sim.NetworkMetricNames(), "network metrics"),
			"unknown network metric %q (network metrics: %s)", s, strings.Join(sim.NetworkMetricNames(), ", "))
		return ""
	}
	return s
}
