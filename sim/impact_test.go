package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
	"github.com/supplysim/supplysim/sim/stats"
)

// The store of the issue: one unit every 0.1 day (10 a day), continuous
// base stock S = 45, no supplier lead time, 4 days on the lane. In steady
// state the 40 units ordered over the last 4 days are on their way, so 5
// are on hand between demands. A supplier delay on [100, 103) adds 6 days
// to the 30 orders placed at 100.0, 100.1, ..., 102.9: they arrive at
// 110.0-112.9 instead of 104.0-106.9. The twin, without the delay, never
// backorders. Only after the window does the run feel it.
//
// Receipts at the instant of a demand (transit 4) come first. 104.0-104.4:
// no receipt, the 5 on hand ship. 104.5-106.9: 25 demands backordered.
// 107.0-109.9: each instant's receipt fills one waiting unit, its demand
// waits: 30 more. 110.0-112.9: two receipts an instant; at 110.0 + j/10
// the backlog after the receipts is 23 - j, so the demands of j = 0..23
// wait (j = 23 finds 0 on hand): 24 more. In all 25 + 30 + 24 = 79 units,
// and backorders of m = 1..24 for 0.1 day each, 25 over [106.9, 110.0),
// 24 - j for 0.1 day each: 30 + 77.5 + 30 = 137.5 unit-days. The first
// backorder comes at 104.5, 4.5 days after the start; the last day with
// backorders is 112 (they clear at 112.4): recovery 113 - 103 = 10 days.
// The peak is 25. On hand runs 42.5 unit-days below the twin's (5 a day):
// 1 + 2 + 3 + 4 tenths on each side of [104.4, 112.5) at 0. At holding 0.1
// and backorders 1 a unit-day: 137.5 - 4.25 = 133.25. The fill rate loses
// 79 of the 1500 units demanded over [50, 200).
//
// Receipts half-way between demands (transit 4.05) meet each instant's
// demand after it: the backlog before the receipts of 107.05 is 26 (107.0
// has waited too), before those of 110.05 it is 26 again, and the demands
// 110.1 + j/10 wait for j = 0..24: 26 + 30 + 25 = 81 units, the issue's
// figure. Its floating-point clock, summing 0.1 a thousand times, ran
// 1.4e-12 days early, so receipts due at an instant landed just after its
// demand; arrivals now come at exactly n x every, and meet in the
// documented order.
func TestImpactOfSupplierDelayByHand(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		transit                          float64
		units, unitDays, cost, peak, rec float64
	}{
		{4, 79, 137.5, 133.25, 25, 10},
		{4.05, 81, 141.55, 137.705, 26, 10},
	} {
		m := singleStore(0, baseStock(45), Demand{Every: 0.1, Size: dist.Const(1), Backorder: 1, Partial: true})
		m.Lanes[0].Transit = dist.Const(c.transit)
		m.Horizon, m.Warmup, m.Replications = 200, 50, 1
		m.SKUs[0] = SKU{ID: "item", UnitCost: 365, HoldingRate: 0.1, BackorderCost: 1}
		m.RecoveryTolerance = 0.02
		m.Disruptions = []Disruption{{Name: "late raw material", Type: SupplierDelay, Supplier: "vendor",
			Start: 100, Duration: 3, Factor: 1, Extra: dist.Const(6), Probability: 1}}
		res, err := Run(m, Options{})
		require.NoError(t, err)
		f := res.Disruptions[0].Impact.Stocks[0]
		name := fmt.Sprintf("transit %g", c.transit)
		assert.Equal(t, c.units, f.Backordered.Mean, name)
		assert.InDelta(t, c.unitDays, f.BackorderDays.Mean, 1e-9, name)
		assert.InDelta(t, c.cost, f.Cost.Mean, 1e-9, name)
		assert.InDelta(t, c.units/1500, f.FillLost.Mean, 1e-12, name)
		assert.InDelta(t, 4.5, f.TimeToImpact.Mean, 1e-9, name)
		assert.Equal(t, c.rec, f.Recovery.Mean, name)
		assert.Equal(t, c.peak, f.PeakBackorders.Mean, name)
		assert.Equal(t, 1.0, res.Disruptions[0].FillDuring.Mean, "%s: the calendar window sees nothing", name)
	}
}

// The true peak is at event time, not at the daily samples. Demand of 5
// every half day, base stock 30, 2 days on the lane: 20 units on their way
// and 10 on hand after each instant. A supplier outage on [20, 22) sends
// the orders of 20, 20.5, 21 and 21.5 at 22, to arrive at 24 with that
// instant's own. The demands of 22 and 22.5 take the last 10; 23 and 23.5
// wait, 5 each; the 25 units of 24 clear them. Backorders are 10 on
// [23.5, 24), but the samples, after the events of each day's first
// instant, read 5 on day 23 and 0 on day 24. 10 units, 7.5 unit-days, the
// first on day 23 (3 days after the start), the last day 23 (recovery 24 -
// 22 = 2 days).
func TestImpactPeakAtEventTime(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: SupplierOutage, Supplier: "vendor", Start: 20, Duration: 2})
	m.Demands[0].Every, m.Demands[0].Size = 0.5, dist.Const(5)
	res, err := Run(m, Options{})
	require.NoError(t, err)
	f := res.Disruptions[0].Impact.Network
	assert.Equal(t, []float64{0, 5, 0, 0}, means(f.Diff)[22:26])
	assert.Equal(t, 10.0, f.PeakBackorders.Mean)
	assert.Equal(t, 10.0, f.Backordered.Mean)
	assert.Equal(t, 7.5, f.BackorderDays.Mean)
	assert.Equal(t, 3.0, f.TimeToImpact.Mean)
	assert.Equal(t, 2.0, f.Recovery.Mean)
}

// stochasticStore is a lean store with everything random: Poisson demand of
// random size, customers who may leave or lose patience, random lead time
// and transit, periodic (s,S).
func stochasticStore(d ...Disruption) *Model {
	dem := Demand{Rate: 4, Size: dist.NewGeometric(1.5), Backorder: 0.6, Partial: true,
		Patience: dist.NewExponential(3), HasPatience: true}
	m := singleStore(0, Policy{Type: SS, Review: 2, Reorder: 25, HasReorder: true, OrderUpTo: 45, HasOrderUpTo: true}, dem)
	m.Suppliers[0].LeadTime = dist.NewGammaMeanCV(3, 0.3)
	m.Lanes[0].Transit = dist.NewTriangular(1, 2, 4)
	m.SKUs[0] = SKU{ID: "item", UnitCost: 20, HoldingRate: 0.2, BackorderCost: 1, LostSaleCost: 5}
	m.Horizon, m.Warmup, m.Replications = 300, 30, 6
	m.Disruptions = d
	return m
}

// A disruption that changes nothing (a lane delay of factor 1 and no extra
// days) has a twin identical to the run, draw for draw, even beside a
// disruption that does change things: every figure is exactly 0, the run
// and twin never differ, and the combined impact is the other one's.
func TestImpactOfNothingIsZero(t *testing.T) {
	t.Parallel()
	m := stochasticStore(
		Disruption{Name: "no-op", Type: LaneDelay, From: "vendor", To: "store", Start: 50, Duration: 100, Factor: 1, Extra: dist.Const(0), Probability: 1},
		Disruption{Name: "surge", Type: DemandSurge, Start: 120, Duration: 20, Factor: 2.5, Probability: 1},
	)
	res, err := Run(m, Options{})
	require.NoError(t, err)
	none := res.Disruptions[0].Impact.Network
	for _, s := range []struct {
		name string
		v    []float64
	}{{"backordered", none.Backordered.Values}, {"lost", none.Lost.Values}, {"unit-days", none.BackorderDays.Values},
		{"cost", none.Cost.Values}, {"fill", none.FillLost.Values}, {"peak", none.PeakBackorders.Values}, {"recovery", none.Recovery.Values}} {
		assert.Equal(t, make([]float64, m.Replications), s.v, s.name)
	}
	assert.Equal(t, 0, none.TimeToImpact.N, "run and twin never differ")
	assert.Equal(t, make([]float64, 300), p90s(none.Diff))
	// The combined twin runs without both: the same figures as the surge's,
	// but timed from the no-op's start (day 50, the surge's is 120) and to
	// its end (150, the surge's is 140).
	surge, all := res.Disruptions[1].Impact.Network, res.AllDisruptions.Network
	assert.Positive(t, surge.Backordered.Mean+surge.Lost.Mean)
	for _, pair := range [][2]stats.Summary{{surge.Backordered, all.Backordered}, {surge.Lost, all.Lost},
		{surge.BackorderDays, all.BackorderDays}, {surge.Cost, all.Cost}, {surge.FillLost, all.FillLost}, {surge.PeakBackorders, all.PeakBackorders}} {
		assert.Equal(t, pair[0].Values, pair[1].Values)
	}
	assert.Equal(t, fmt.Sprint(surge.Diff), fmt.Sprint(all.Diff))
	for rep, v := range surge.TimeToImpact.Values {
		assert.InDelta(t, v+70, all.TimeToImpact.Values[rep], 1e-9)
		if r := surge.Recovery.Values[rep]; !math.IsNaN(r) {
			assert.Equal(t, max(r-10, 0), all.Recovery.Values[rep])
		}
	}
}

// Each demand surge draws its extra orders from its own stream: on a
// stream hit by two surges, one on [60, 80) and one below 1 on [150, 170),
// and a third above 1 on [220, 240), the extra orders of each are the same
// whether the others happen or not, so the demand each adds (run minus the
// twin without it) adds up exactly to what all add together.
func TestSurgesKeepTheirOwnDraws(t *testing.T) {
	t.Parallel()
	m := stochasticStore(
		Disruption{Name: "first", Type: DemandSurge, Start: 60, Duration: 20, Factor: 3, Probability: 1},
		Disruption{Name: "drop", Type: DemandSurge, Start: 150, Duration: 20, Factor: 0.4, Probability: 1},
		Disruption{Name: "second", Type: DemandSurge, Start: 220, Duration: 20, Factor: 2, Probability: 1},
	)
	m.Warmup = 0
	deriv, errs := Derive(m)
	require.Empty(t, errs)
	p := compile(m, deriv)
	demanded := func(rep int, removed ...int) float64 {
		r := newReplication(p, rep, recording{})
		r.hz.remove(removed)
		r.run()
		return r.stocks[0].k.demanded
	}
	for rep := range m.Replications {
		full, none := demanded(rep), demanded(rep, 0, 1, 2)
		var sum float64
		for d := range 3 {
			sum += full - demanded(rep, d)
		}
		assert.Equal(t, full-none, sum, "replication %d", rep)
		assert.NotEqual(t, full, demanded(rep, 0), "the first surge adds orders")
	}
}

// Customers decide when they arrive and orders draw their lead times and
// transits by the instant they are placed, so a disruption's extra
// shortages and orders do not shift later draws: with lost sales and
// cancellations changing the orders, the twin still catches up with the run
// once the disruption's effects have worked through, long before the
// horizon. (Drawn by rank, the n-th customer or order of each, half the
// replications here never caught up.)
func TestTwinsCatchUp(t *testing.T) {
	t.Parallel()
	m := stochasticStore(Disruption{Name: "closure", Type: LaneClosure, From: "vendor", To: "store", Start: 100, Duration: 10, Hold: true, Probability: 1})
	m.Replications = 10
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	f := res.Disruptions[0].Impact.Network
	t.Logf("recovery %v", f.Recovery.Values)
	assert.Equal(t, 0, f.NotRecovered)
	for _, v := range f.Recovery.Values {
		assert.Less(t, v, 120.0, "190 days remain after the closure")
	}
	assert.Positive(t, f.Backordered.Mean)
	assert.NotEmpty(t, means(f.Diff), "the network's band is kept without series")
	assert.Empty(t, means(res.Disruptions[0].Impact.Stocks[0].Diff), "no series: no band per stock point")
}

// Twins run in the replication's own worker, and results combine in
// replication order: the number of workers changes nothing.
func TestImpactDoesNotDependOnWorkers(t *testing.T) {
	t.Parallel()
	m := stochasticStore(
		Disruption{Name: "closure", Type: LaneClosure, From: "vendor", To: "store", Start: 100, Duration: 10, Probability: 1},
		Disruption{Name: "surge", Type: DemandSurge, Start: 150, Duration: 20, Factor: 2, Probability: 1},
	)
	one, err := Run(m, Options{Workers: 1})
	require.NoError(t, err)
	three, err := Run(m, Options{Workers: 3})
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprint(one.Stocks), fmt.Sprint(three.Stocks))
	for i, d := range one.Disruptions {
		e := three.Disruptions[i]
		assert.Equal(t, fmt.Sprint(d.FillBefore, d.FillDuring, d.Active), fmt.Sprint(e.FillBefore, e.FillDuring, e.Active))
		assert.Equal(t, fmt.Sprint(*d.Impact), fmt.Sprint(*e.Impact))
	}
	assert.Equal(t, fmt.Sprint(*one.AllDisruptions), fmt.Sprint(*three.AllDisruptions))
}

// NoImpact runs no twins and leaves the impact out; the run itself is the same.
func TestNoImpact(t *testing.T) {
	t.Parallel()
	m := stochasticStore(Disruption{Name: "closure", Type: LaneClosure, From: "vendor", To: "store", Start: 100, Duration: 10, Probability: 1})
	with, err := Run(m, Options{})
	require.NoError(t, err)
	without, err := Run(m, Options{NoImpact: true})
	require.NoError(t, err)
	assert.Nil(t, without.Disruptions[0].Impact)
	assert.Equal(t, fmt.Sprint(with.Stocks), fmt.Sprint(without.Stocks))
	assert.Equal(t, with.KernelEvents, without.KernelEvents)
	assert.False(t, math.IsNaN(with.Disruptions[0].Impact.Network.Backordered.Mean))
}

// The impact of each disruption type on the hand-worked scenarios of
// disruption_test.go, whose twins never backorder (on hand is 10 between
// demands), so the run's backorders are the impact. Recovery counts from
// the window's end to the end of the last day with backorders.
func TestImpactOfEachTypeByHand(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, c := range []struct {
		name                              string
		d                                 Disruption
		units, unitDays, peak, first, rec float64
	}{
		// Held closure [20,25): 10..40 waiting on days 22-26, cleared on 27.
		{"lane closure, held", Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true}, 50, 140, 40, 2, 2},
		// Goods in transit continue: 10..40 waiting on days 23-26.
		{"lane closure", Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5}, 40, 100, 40, 3, 2},
		// Outage [20,23): 10 waiting on day 23, 20 on day 24, cleared on 25.
		{"supplier outage", Disruption{Type: SupplierOutage, Supplier: "vendor", Start: 20, Duration: 3}, 20, 30, 20, 3, 2},
		// Delay of the order of day 20: the shelf runs empty, no one waits.
		{"supplier delay", Disruption{Type: SupplierDelay, Supplier: "vendor", Start: 20, Duration: 1, Factor: 1, Extra: dist.Const(3)}, 0, 0, 0, nan, 0},
		// Failure [20,23): 10, 20, 30 waiting on days 20-22; the repair at 23 ships them.
		{"equipment failure", Disruption{Type: EquipmentFailure, Site: "store", Start: 20, Duration: 3}, 30, 60, 30, 0, 0},
		// Surge x2 on [20,22): 10 of day 21's 20 wait one day.
		{"demand surge", Disruption{Type: DemandSurge, Start: 20, Duration: 2, Factor: 2}, 10, 10, 10, 1, 0},
	} {
		m := disruptedStore(c.d)
		res, err := Run(m, Options{})
		require.NoError(t, err)
		f := res.Disruptions[0].Impact.Network
		assert.Equal(t, c.units, f.Backordered.Mean, c.name)
		assert.Equal(t, c.unitDays, f.BackorderDays.Mean, c.name)
		assert.Equal(t, c.peak, f.PeakBackorders.Mean, c.name)
		if math.IsNaN(c.first) {
			assert.Equal(t, 0, f.TimeToImpact.N, "%s: never differs", c.name)
		} else {
			assert.Equal(t, c.first, f.TimeToImpact.Mean, c.name)
		}
		assert.Equal(t, c.rec, f.Recovery.Mean, c.name)
		assert.Equal(t, 0.0, f.Lost.Mean, c.name)
	}
}

// A capacity loss at the DC of handledStore ([20, 22), share 0): day 23's
// 10 units wait half a day at the store, 3 days after the start, the last
// day with a difference is day 23, 2 days after the end. At the DC itself
// nothing waits: its stock is on the shelf, only its handling stopped.
func TestImpactOfCapacityLossByHand(t *testing.T) {
	t.Parallel()
	res, err := Run(handledStore(Disruption{Name: "strike", Type: CapacityLoss, Site: "dc", Start: 20, Duration: 2, Probability: 1}), Options{})
	require.NoError(t, err)
	im := res.Disruptions[0].Impact
	store, dc := im.Stocks[1], im.Stocks[0]
	assert.Equal(t, 10.0, store.Backordered.Mean)
	assert.Equal(t, 5.0, store.BackorderDays.Mean)
	assert.Equal(t, 10.0, store.PeakBackorders.Mean)
	assert.Equal(t, 3.0, store.TimeToImpact.Mean)
	assert.Equal(t, 2.0, store.Recovery.Mean)
	assert.Equal(t, 0.0, dc.Backordered.Mean)
	assert.Equal(t, fmt.Sprint(store.Backordered, store.PeakBackorders), fmt.Sprint(im.Network.Backordered, im.Network.PeakBackorders), "only the store has customers")
}
