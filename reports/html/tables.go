package html

import (
	"fmt"
	"math"
	"strings"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
	"github.com/supplysim/supplysim/sim/theory"
)

// theory sets closed forms beside the simulated KPIs, stock point by stock
// point, in model order.
func (b *builder) theory() table {
	t := table{Head: []string{"Stock point", "Formula", "Fill rate: theory", "simulated",
		"Backorders: theory", "simulated", "On hand: theory", "simulated", "Agreement"}}
	m := b.res.Model
	for i := range m.Stocks {
		if !b.detailed(i) {
			continue
		}
		a := theory.Analyze(m, i, b.res.Derivations[i])
		r := row{Cells: []cell{{Text: b.labels[i]}}}
		if a.Method == theory.NotApplicable {
			r.Span = "No closed form: " + a.Reason + "."
			t.Rows = append(t.Rows, r)
			continue
		}
		sr := &b.res.Stocks[i]
		fill, bo, oh := sr.Metric("fill_rate"), sr.Metric("avg_backorders"), sr.Metric("avg_on_hand")
		r.Cells = append(r.Cells,
			cell{Text: formulaName(a)},
			cell{Text: pct(a.KPIs.FillRate), Class: "num"}, pctCell(fill),
			cell{Text: num(a.KPIs.Backorders), Class: "num"}, unitCell(bo),
			cell{Text: num(a.KPIs.OnHand), Class: "num"}, unitCell(oh),
			agreement(a.KPIs, fill, bo, oh),
		)
		r.Notes = append([]string{ltdNote(a)}, a.Notes...)
		t.Rows = append(t.Rows, r)
	}
	b.moreRow(&t)
	return t
}

func formulaName(a theory.Analysis) string {
	switch {
	case a.Exact():
		return "Poisson (exact)"
	case a.Method == theory.Poisson:
		return "Poisson (assumptions broken)"
	}
	return "normal approximation"
}

func ltdNote(a theory.Analysis) string {
	if a.Method == theory.Poisson {
		return fmt.Sprintf("Lead-time demand: Poisson with mean %s units.", num(a.LTDMean))
	}
	return fmt.Sprintf("Lead-time demand: normal with mean %s and standard deviation %s units.", num(a.LTDMean), num(a.LTDSD))
}

// agreement says whether each theoretical value lies inside the simulated
// 95% confidence interval.
func agreement(k theory.KPIs, fill, bo, oh stats.Summary) cell {
	var off []string
	for _, c := range []struct {
		name string
		th   float64
		s    stats.Summary
	}{{"fill rate", k.FillRate, fill}, {"backorders", k.Backorders, bo}, {"on hand", k.OnHand, oh}} {
		if math.IsNaN(c.s.Mean) || math.IsNaN(c.s.CI95) {
			continue
		}
		if math.Abs(c.th-c.s.Mean) > c.s.CI95 {
			off = append(off, c.name)
		}
	}
	if len(off) == 0 {
		return cell{Text: "inside the 95% CI", Class: "good"}
	}
	return cell{Text: "outside the 95% CI", Sub: strings.Join(off, ", "), Class: "bad"}
}

// policies shows each stock point's policy, the parameters it ran with,
// and how its safety stock was set.
func (b *builder) policies() table {
	t := table{Head: []string{"Stock point", "Policy", "Parameters", "Lead time (days)", "Demand / day",
		"Lead-time demand", "Safety stock", "Target → achieved", "How it was set"}}
	m := b.res.Model
	for i, sp := range m.Stocks {
		if !b.detailed(i) {
			continue
		}
		d := b.res.Derivations[i]
		pol := sp.Policy
		r := row{Cells: []cell{
			{Text: b.labels[i]},
			{Text: policyName(pol)},
			{Text: parameters(pol.Type, d), Class: "nowrap"},
			{Text: meanSD(d.LeadTimeMean, d.LeadTimeSD), Class: "num"},
			{Text: meanSD(d.DemandMean, d.DemandSD), Class: "num"},
			{Text: meanSD(d.LTDMean, d.LTDSD), Sub: "over " + days(roundDays(d.Protection)), Class: "num"},
			{Text: num(d.SafetyStock), Class: "num"},
			b.achieved(i, d),
			{Text: safetyHow(pol, d)},
		}}
		if !isSupplier(m, sp.Source) {
			r.Notes = []string{fmt.Sprintf("Lead time counts the lane from %s only, as if %s always had stock; its shortages add to the real lead time.", sp.Source, sp.Source)}
		}
		t.Rows = append(t.Rows, r)
	}
	b.moreRow(&t)
	return t
}

// achieved sets the service a policy was sized for beside the service it
// achieved, measured by the metric the target means.
func (b *builder) achieved(i int, d sim.Derivation) cell {
	if d.TargetMetric == "" {
		return cell{Text: dash, Class: "num"}
	}
	c := pctCell(b.res.Stocks[i].Metric(d.TargetMetric))
	c.Text = pct(d.Target) + " → " + c.Text
	c.Sub = strings.ReplaceAll(d.TargetMetric, "_", " ") + " " + c.Sub
	return c
}

func isSupplier(m *sim.Model, id string) bool {
	for _, s := range m.Suppliers {
		if s.ID == id {
			return true
		}
	}
	return false
}

func policyName(p sim.Policy) string {
	if p.Review > 0 {
		return fmt.Sprintf("%s, review every %s", p.Type, days(p.Review))
	}
	return p.Type.String() + ", continuous review"
}

func parameters(t sim.PolicyType, d sim.Derivation) string {
	switch t {
	case sim.RQ:
		return fmt.Sprintf("r = %s, Q = %s", num(d.Reorder), num(d.Quantity))
	case sim.SS:
		return fmt.Sprintf("s = %s, S = %s", num(d.Reorder), num(d.OrderUpTo))
	}
	return "S = " + num(d.OrderUpTo)
}

func meanSD(mean, sd float64) string {
	if sd == 0 {
		return num(mean)
	}
	return num(mean) + " (sd " + num(sd) + ")"
}

// safetyHow explains in one line where the safety stock and the level it
// protects came from; see sim.Derive.
func safetyHow(p sim.Policy, d sim.Derivation) string {
	level, value := "S", d.OrderUpTo
	if p.Type == sim.RQ || p.Type == sim.SS {
		level, value = map[sim.PolicyType]string{sim.RQ: "r", sim.SS: "s"}[p.Type], d.Reorder
	}
	rounded := fmt.Sprintf("%s = ⌈%s + %s⌉ = %s", level, num(d.LTDMean), num(d.SafetyStock), num(value))
	ss := p.SafetyStock
	switch ss.Method {
	case sim.SafetyServiceLevel:
		return fmt.Sprintf("Derived from a %s cycle service level: z = %.3f, safety stock = z × %s; %s.",
			pct(ss.Value), d.Z, num(d.LTDSD), rounded)
	case sim.SafetyFillRate:
		return fmt.Sprintf("Derived from a %s fill-rate target with the normal loss function: z = %.3f, safety stock = z × %s; %s.",
			pct(ss.Value), d.Z, num(d.LTDSD), rounded)
	case sim.SafetyUnits:
		return fmt.Sprintf("Fixed safety stock of %s units; %s.", num(ss.Value), rounded)
	case sim.SafetyDaysOfCover:
		return fmt.Sprintf("%s of cover at %s a day; %s.", days(ss.Value), num(d.DemandMean), rounded)
	}
	return fmt.Sprintf("%s given directly; the safety stock it implies is %s − %s (mean lead-time demand).", level, num(value), num(d.LTDMean))
}

// roundDays keeps a duration readable: two decimals at most.
func roundDays(x float64) float64 { return math.Round(x*100) / 100 }
