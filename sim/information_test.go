package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// orderTimes runs one replication and lists the times of its orders.
func orderTimes(t *testing.T, m *Model) []float64 {
	t.Helper()
	var out []float64
	require.NoError(t, Trace(m, 0, func(tr TraceRecord) {
		if tr.Event == "order" {
			out = append(out, tr.Time)
		}
	}))
	return out
}

// Daily reviews up to S = 20, 10 units demanded at t = 5, 10, 15. Seeing
// its position at once, the policy orders at each demand's review (t = 5,
// 10, 15: the review runs after the demand of its instant). Seeing it two
// days late, the review at t = 7 is the first to see the demand of t = 5:
// every order comes exactly two days late. Its own orders it sees at once,
// so it does not order the same units twice.
func TestInfoDelayOrdersLateByHand(t *testing.T) {
	t.Parallel()
	m := singleStore(1, Policy{Type: RS, Review: 1, OrderUpTo: 20, HasOrderUpTo: true},
		Demand{Every: 5, Size: dist.Const(10), Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 18, 0, 1
	assert.Equal(t, []float64{5, 10, 15}, orderTimes(t, m))
	m.Stocks[0].Visibility.InfoDelay = 2
	assert.Equal(t, []float64{7, 12, 17}, orderTimes(t, m))
	s := runOnce(t, m)
	assert.Equal(t, 1.0, metric(s, "fill_rate"), "S = 20 covers the late orders")
}

// Shrink and cycle counts are events the budget counts: the estimate is
// within 30% above what the engine executes, never far below.
func TestEstimateCountsShrinkAndCounts(t *testing.T) {
	t.Parallel()
	m := singleStore(5, Policy{Type: RS, Review: 7, OrderUpTo: 60, HasOrderUpTo: true}, Demand{Rate: 3})
	m.Stocks[0].Visibility = Visibility{Shrink: 2, CycleCount: 7}
	m.Replications = 4
	est := EstimateRun(m, Options{Workers: 2})
	res, err := Run(m, Options{Workers: 2})
	require.NoError(t, err)
	ratio := float64(est.Events) / float64(res.KernelEvents)
	assert.True(t, ratio > 0.9 && ratio < 1.3, "estimate %d events, ran %d (ratio %.2f)", est.Events, res.KernelEvents, ratio)

	plain := singleStore(5, Policy{Type: RS, Review: 7, OrderUpTo: 60, HasOrderUpTo: true}, Demand{Rate: 3})
	plain.Replications = 4
	extra := EstimateRun(m, Options{Workers: 2}).EventsPerRep - EstimateRun(plain, Options{Workers: 2}).EventsPerRep
	assert.InDelta(t, 2*m.Horizon+m.Horizon/7, float64(extra), 2, "shrinks and counts per replication")
}

// The new streams keep common random numbers between a run and its twin:
// with unrecorded shrinkage, cycle counts, an information delay, forecast
// noise and a disruption that never hits (a lane delay of factor 1 and no
// extra days), the twin draws exactly what the run draws, and every impact
// figure is exactly zero.
func TestImpactOfNothingWithInformationIsZero(t *testing.T) {
	t.Parallel()
	m := stochasticStore(Disruption{Name: "no-op", Type: LaneDelay, From: "vendor", To: "store", Start: 50, Duration: 100,
		Factor: 1, Extra: dist.Const(0), Probability: 1})
	m.Stocks[0].Policy = Policy{Type: RS, Review: 2, SafetyStock: SafetyStock{Method: SafetyServiceLevel, Value: 0.9},
		Forecast: &Forecast{Method: ExpSmoothing, Alpha: 0.2, ErrorWindow: 28, InitDays: 14, Noise: 0.3}}
	m.Stocks[0].Visibility = Visibility{Shrink: 0.5, CycleCount: 30, InfoDelay: 1}
	res, err := Run(m, Options{})
	require.NoError(t, err)
	s := &res.Stocks[0]
	assert.Positive(t, s.Metric("record_error").Mean, "shrinkage happened")
	assert.Positive(t, s.Metric("forecast_mape").Mean)
	none := res.Disruptions[0].Impact.Network
	for name, v := range map[string][]float64{"backordered": none.Backordered.Values, "lost": none.Lost.Values,
		"unit-days": none.BackorderDays.Values, "cost": none.Cost.Values, "fill": none.FillLost.Values,
		"peak": none.PeakBackorders.Values, "recovery": none.Recovery.Values} {
		assert.Equal(t, make([]float64, m.Replications), v, name)
	}
	assert.Equal(t, 0, none.TimeToImpact.N, "run and twin never differ")
}
