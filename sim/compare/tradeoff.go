package compare

import (
	"math"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// RunPoint is a run's place on the cost-service plane, per replication,
// summarised: Cost the network's cost_total (the sum over every stock
// point, money per day), Service the demand-weighted fill rate over the
// stock points with customer demand, TargetValue the target's metric
// aggregated like Service.
type RunPoint struct {
	Cost, Service, TargetValue stats.Summary
	Meets                      bool // meets the target on its 95% CI
	Frontier                   bool // no other run costs less and serves better
}

// tradeoff places every run on the cost-service plane.
func (c *Comparison) tradeoff() {
	c.Points = make([]RunPoint, len(c.Runs))
	for i, r := range c.Runs {
		c.Points[i] = runPoint(r.Results, c.Target)
	}
	for i := range c.Points {
		a := Point{Cost: c.Points[i].Cost, Service: c.Points[i].Service}
		if math.IsNaN(a.Cost.Mean) || math.IsNaN(a.Service.Mean) {
			continue
		}
		c.Points[i].Frontier = true
		for j := range c.Points {
			if j != i && dominates(&Point{Cost: c.Points[j].Cost, Service: c.Points[j].Service}, &a) {
				c.Points[i].Frontier = false
				break
			}
		}
	}
	c.Chosen = -1
	if c.Target == nil {
		return
	}
	for i, p := range c.Points {
		if p.Meets && (c.Chosen < 0 || p.Cost.Mean < c.Points[c.Chosen].Cost.Mean) {
			c.Chosen = i
		}
	}
}

// SetTarget sets the target a run must meet on its 95% CI and picks the
// cheapest run that meets it (Chosen; -1 for none, the first on ties).
func (c *Comparison) SetTarget(t *Target) {
	c.Target = t
	c.tradeoff()
}

func runPoint(res *sim.Results, t *Target) RunPoint {
	var all []int
	var names []string
	for i, s := range res.Model.Stocks {
		all = append(all, i)
		names = append(names, s.Name())
	}
	var served []int
	for _, n := range servedOf(res.Model, names) {
		served = append(served, stockIndex(res, n))
	}
	p := RunPoint{
		Cost:    stats.Summarize(Sum(res, all, "cost_total")),
		Service: stats.Summarize(DemandWeighted(res, served, "fill_rate")),
	}
	if t != nil {
		p.TargetValue = stats.Summarize(DemandWeighted(res, served, t.Metric))
		p.Meets = t.Meets(p.TargetValue)
	}
	return p
}
