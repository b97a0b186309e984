package compare

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// withKPIs returns results of one stock point with customer demand whose
// fill rate and cost per replication are given.
func withKPIs(fill, cost []float64) *sim.Results {
	m := &sim.Model{Replications: len(fill), Seed: 1,
		Stocks:  []sim.StockPoint{{At: "shop", SKU: "x"}},
		Demands: []sim.Demand{{ID: "d", At: "shop", SKU: "x"}}}
	sr := sim.StockResult{At: "shop", SKU: "x"}
	for _, md := range sim.Metrics {
		vals := make([]float64, len(fill))
		switch md.Name {
		case "fill_rate":
			copy(vals, fill)
		case "cost_total":
			copy(vals, cost)
		case "demand_per_day":
			for i := range vals {
				vals[i] = 1
			}
		}
		sr.Metrics = append(sr.Metrics, stats.Summarize(vals))
	}
	return &sim.Results{Model: m, Stocks: []sim.StockResult{sr}}
}

func TestTargetPicksCheapestWholeCI(t *testing.T) {
	t.Parallel()
	runs := []Run{
		{Name: "base", Results: withKPIs([]float64{0.95, 0.96, 0.97, 0.96}, []float64{10, 10, 10, 10})},
		// Mean 0.985 but an interval that reaches below 0.98: does not meet it.
		{Name: "wobbly", Results: withKPIs([]float64{0.97, 1.0, 0.97, 1.0}, []float64{11, 11, 11, 11})},
		{Name: "dear", Results: withKPIs([]float64{0.99, 0.991, 0.99, 0.991}, []float64{20, 20, 20, 20})},
		{Name: "cheap", Results: withKPIs([]float64{0.99, 0.992, 0.99, 0.992}, []float64{15, 15, 15, 15})},
	}
	c, err := New(runs, []string{"fill_rate"})
	require.NoError(t, err)
	assert.Equal(t, -1, c.Chosen, "no target, no choice")
	tg, err := ParseTarget("fill_rate>=0.98")
	require.NoError(t, err)
	c.SetTarget(&tg)
	assert.Equal(t, 3, c.Chosen)
	assert.False(t, c.Points[1].Meets)
	assert.InDelta(t, 15, c.Points[3].Cost.Mean, 1e-12)
	assert.Equal(t, []bool{true, true, false, true}, []bool{c.Points[0].Frontier, c.Points[1].Frontier, c.Points[2].Frontier, c.Points[3].Frontier})
}

func TestSweepMinimize(t *testing.T) {
	t.Parallel()
	points := []Point{
		{Values: []string{"a"}, Results: withKPIs([]float64{0.9, 0.91}, []float64{12, 13})},
		{Values: []string{"b"}, Results: withKPIs([]float64{0.95, 0.96}, []float64{9, 10})},
		{Values: []string{"c"}, Results: withKPIs([]float64{0.99, 0.98}, []float64{14, 15})},
	}
	s, err := NewSweep([]Param{{Path: "x", Values: []string{"a", "b", "c"}}}, points, SweepOptions{TargetParam: -1, Minimize: "cost_total"})
	require.NoError(t, err)
	assert.Equal(t, 1, s.Lowest)
	assert.InDelta(t, 9.5, s.Points[1].Minimized.Mean, 1e-12)
	_, err = NewSweep(nil, points, SweepOptions{TargetParam: -1, Minimize: "costs"})
	assert.Error(t, err)
}
