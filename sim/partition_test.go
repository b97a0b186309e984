package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// partition lists the metrics that split the units demanded.
var partition = []string{"fill_rate", "filled_late_rate", "lost_at_once_rate", "cancel_rate", "waiting_at_end_rate"}

// Every unit demanded after the warm-up is filled at once, filled late,
// lost at once, cancelled, or still waiting at the horizon: the five rates
// add up to 1 in every replication, whatever the shortage behaviour, and
// backorder_rate and lost_rate are the sums they are documented to be.
func TestPartitionAddsUpToOne(t *testing.T) {
	t.Parallel()
	impatient := Demand{Rate: 6, Size: dist.NewGeometric(1.8), Backorder: 0.7, Partial: true,
		Patience: dist.NewExponential(2), HasPatience: true, MaxWait: dist.NewExponential(4), HasMaxWait: true}
	whole := Demand{Rate: 6, Size: dist.NewGeometric(2.5), Backorder: 1, Partial: false,
		Patience: dist.Const(3), HasPatience: true}
	for name, d := range map[string]Demand{"impatient": impatient, "complete orders only": whole} {
		m := singleStore(4, Policy{Type: SS, Review: 3, Reorder: 20, HasReorder: true, OrderUpTo: 40, HasOrderUpTo: true}, d)
		m.Lanes[0].Transit = dist.NewExponential(2)
		m.Horizon, m.Warmup, m.Replications = 300, 30, 10
		m.Disruptions = []Disruption{{Name: "strike", Type: LaneClosure, From: "vendor", To: "store", Start: 100, Duration: 20, Probability: 1}}
		res, err := Run(m, Options{NoSeries: true, NoImpact: true})
		require.NoError(t, err)
		s := &res.Stocks[0]
		for rep := range m.Replications {
			v := func(name string) float64 { return s.Metric(name).Values[rep] }
			sum := 0.0
			for _, p := range partition {
				sum += v(p)
			}
			assert.InDelta(t, 1, sum, 1e-12, "%s, replication %d", name, rep)
			assert.InDelta(t, v("backorder_rate"), v("filled_late_rate")+v("cancel_rate")+v("waiting_at_end_rate"), 1e-12)
			assert.InDelta(t, v("lost_rate"), v("lost_at_once_rate")+v("cancel_rate"), 1e-12)
		}
		assert.Positive(t, s.Metric("filled_late_rate").Mean, name)
		assert.Positive(t, s.Metric("cancel_rate").Mean, name)
	}
}

// The held lane closure of TestLaneClosureHold, stopped at 26.5: of the 170
// units demanded on days 10-26, 120 ship at once; day 22's 10 ship late
// from the held shipment on day 26; the 40 of days 23-26 still wait.
func TestPartitionWaitingAtTheHorizon(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true})
	m.Horizon = 26.5
	s := runOnce(t, m)
	assert.InDelta(t, 120.0/170, metric(s, "fill_rate"), 1e-12)
	assert.InDelta(t, 10.0/170, metric(s, "filled_late_rate"), 1e-12)
	assert.InDelta(t, 40.0/170, metric(s, "waiting_at_end_rate"), 1e-12)
	assert.Equal(t, 0.0, metric(s, "lost_at_once_rate")+metric(s, "cancel_rate"))
}
