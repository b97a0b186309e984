package sim

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// budgetModels are models of the shapes the estimate distinguishes:
// continuous base stock (an order per arrival), rQ (an order per Q units),
// periodic review, and two echelons.
func budgetModels() map[string]*Model {
	rq := singleStore(5, Policy{Type: RQ, Reorder: 10, HasReorder: true, Quantity: 20}, Demand{Rate: 3})
	periodic := singleStore(5, Policy{Type: RS, Review: 7, OrderUpTo: 60, HasOrderUpTo: true}, Demand{Rate: 3})
	two := singleStore(3, baseStock(40), Demand{Rate: 4})
	two.Warehouses = []Warehouse{{ID: "dc"}, {ID: "store"}}
	two.Lanes = []Lane{{From: "vendor", To: "dc"}, {From: "dc", To: "store", Transit: dist.Const(1)}}
	two.Stocks = []StockPoint{
		{At: "dc", SKU: "item", Source: "vendor", Policy: baseStock(40)},
		{At: "store", SKU: "item", Source: "dc", Policy: baseStock(20)},
	}
	return map[string]*Model{
		"base stock":   singleStore(5, baseStock(12), Demand{Rate: 2}),
		"rQ":           rq,
		"periodic":     periodic,
		"two echelons": two,
	}
}

// The estimate of events is close to what the engine executes: never far
// below (the budget would let runaways through), and within 30% above for
// these flat demand streams (the budget would refuse runs it should allow).
func TestEstimateMatchesKernelEvents(t *testing.T) {
	t.Parallel()
	for name, m := range budgetModels() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m.Replications = 4
			est := EstimateRun(m, Options{Workers: 2})
			res, err := Run(m, Options{Workers: 2})
			require.NoError(t, err)
			ratio := float64(est.Events) / float64(res.KernelEvents)
			assert.True(t, ratio > 0.9 && ratio < 1.3, "estimate %d events, ran %d (ratio %.2f)", est.Events, res.KernelEvents, ratio)
			assert.InDelta(t, float64(est.Events), float64(4*est.EventsPerRep), 4)
			assert.Equal(t, 2, est.Workers)
			assert.Positive(t, est.Bytes)
		})
	}
}

// Thinning draws candidates at the peak rate: the estimate counts them,
// so a profile with a tall peak costs what it takes to run. The flat
// stream's events are its orders and their receipts; the peaked one draws
// 1000 times as many candidates.
func TestEstimateCountsThinningCandidates(t *testing.T) {
	t.Parallel()
	flat := singleStore(5, baseStock(12), Demand{Rate: 2})
	peaked := singleStore(5, baseStock(12), Demand{Rate: 2, Weekly: []float64{1000, 0, 0, 0, 0, 0, 0}})
	e1, e2 := EstimateRun(flat, Options{}), EstimateRun(peaked, Options{})
	assert.Greater(t, float64(e2.Events), 400*float64(e1.Events), "candidates at 1000 times the rate")
}

// Memory: the daily series of every replication are kept, so the estimate
// grows with replications x stock points x days, and drops without series.
func TestEstimateBytes(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(12), Demand{Rate: 2})
	m.Horizon, m.Replications = MaxHorizon, 1000
	series := EstimateRun(m, Options{Workers: 1})
	none := EstimateRun(m, Options{Workers: 1, NoSeries: true})
	assert.Greater(t, series.Bytes, int64(1000*MaxHorizon*3*4), "the series alone")
	assert.Less(t, none.Bytes, series.Bytes/4)
	busy := singleStore(30, baseStock(12), Demand{Rate: 1e6})
	assert.Greater(t, EstimateRun(busy, Options{Workers: 8}).Bytes, int64(8*1e6*30*pendingBytes),
		"orders in flight: a million a day for 30 days, in each of 8 replications at once")
}

// Run refuses a model whose estimate is over the budget, before running:
// with the estimate in the error, and nothing run.
func TestRunRefusesOverBudget(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(12), Demand{Rate: 1e6})
	m.Horizon, m.Replications = 3650, 10
	_, err := Run(m, Options{Budget: DefaultBudget()})
	var be *BudgetError
	require.ErrorAs(t, err, &be)
	assert.False(t, be.During)
	assert.True(t, be.Events())
	assert.Contains(t, err.Error(), "the run would take about 7.3e+10 events (10 replications of 7.3e+09), over the budget of 2e+09")

	m.Horizon, m.Replications = 10, 100_000
	_, err = Run(m, Options{Budget: Budget{MaxBytes: 1 << 30}})
	require.ErrorAs(t, err, &be)
	assert.False(t, be.Events())
	assert.Contains(t, err.Error(), "of memory (100000 replications")
}

// The meter stops a replication at its next report once the run is over
// its budget, and Run returns a *BudgetError saying so.
func TestMeterStopsOverBudget(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(12), Demand{Rate: 100})
	m.Replications = 3
	deriv, errs := Derive(m)
	require.Empty(t, errs)
	p := compile(m, deriv)
	p.meter = &meter{max: 10_000}
	r := newReplication(p, 0, recording{})
	r.run()
	assert.Equal(t, int64(3*meterEvery), r.events, "stops at the first report past 10,000")
	var be *BudgetError
	require.ErrorAs(t, p.meter.Err(), &be)
	assert.True(t, be.During)
	assert.Equal(t, int64(3*meterEvery), be.Executed)
	assert.Contains(t, be.Error(), "the run stopped after 1.23e+04 events, over its budget of 1e+04")
}

// A cancelled context stops a replication at the meter's next report, and
// Run returns the context's error.
func TestContextStopsReplication(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := singleStore(5, baseStock(12), Demand{Rate: 1000})
	m.Horizon, m.Replications = 3650, 2
	deriv, _ := Derive(m)
	p := compile(m, deriv)
	p.meter = newMeter(Options{Context: ctx}, Estimate{})
	r := newReplication(p, 0, recording{})
	r.run()
	assert.Equal(t, int64(meterEvery), r.events)
	assert.ErrorIs(t, p.meter.Err(), context.Canceled)

	_, err := Run(m, Options{Context: ctx})
	assert.ErrorIs(t, err, context.Canceled)
}

// Drawing disruption windows counts against the budget, and stops with it.
func TestMeterStopsDrawingWindows(t *testing.T) {
	t.Parallel()
	d := &Disruption{Type: LaneClosure, Start: 0, Duration: 1.0 / 2880, Repeat: 1.0 / 1440, Probability: 1}
	mt := &meter{max: 10_000}
	ws := drawWindows(d, 0, MaxHorizon, streamRNG(1, 0, "x"), mt)
	assert.Less(t, len(ws), 20_000, "stopped near the budget, not at 52 million windows")
	assert.Error(t, mt.Err())
	all := drawWindows(&Disruption{Type: LaneClosure, Duration: 1, Repeat: 7, Probability: 1}, 0, 70, streamRNG(1, 0, "x"), nil)
	assert.Len(t, all, 10, "a nil meter never stops")
}

// Trace keeps to the budget too.
func TestTraceWithBudget(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(12), Demand{Rate: 1e6})
	m.Horizon = 3650
	err := TraceWith(m, 0, Options{Budget: DefaultBudget()}, func(TraceRecord) { t.Fatal("traced a refused run") })
	var be *BudgetError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Estimate.Replications, "one replication is traced")
}

func TestEstimateSaturates(t *testing.T) {
	t.Parallel()
	assert.Equal(t, int64(math.MaxInt64), saturate(math.Inf(1)))
	assert.Equal(t, int64(math.MaxInt64), saturate(math.NaN()))
	assert.Equal(t, int64(math.MaxInt64), saturate(1e300))
	assert.Equal(t, int64(0), saturate(-5))
	e := Estimate{Events: math.MaxInt64, EventsPerRep: 1}
	assert.Equal(t, int64(math.MaxInt64), e.Add(e).Events)
	assert.Equal(t, int64(math.MaxInt64), e.WithTrace().Events)
}

func TestFormatBytes(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1 KiB", 4 << 30: "4 GiB", 3 << 19: "1.5 MiB", math.MaxInt64: "8 EiB"} {
		assert.Equal(t, want, FormatBytes(n), n)
	}
}

func TestBudgetErrorIsAnError(t *testing.T) {
	t.Parallel()
	err := DefaultBudget().Check(Estimate{Events: 3e9, EventsPerRep: 1e9, Replications: 3})
	var be *BudgetError
	assert.True(t, errors.As(err, &be))
	assert.NoError(t, Budget{}.Check(Estimate{Events: math.MaxInt64, Bytes: math.MaxInt64}), "the zero budget has no limit")
}

// Twins replay every replication once per disruption, and once more with
// all of them removed: the estimate counts them unless NoImpact.
func TestEstimateCountsTwins(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Name: "outage", Type: SupplierOutage, Supplier: "vendor", Start: 20, Duration: 2, Probability: 1})
	m.Disruptions = append(m.Disruptions, Disruption{Name: "slow lane", Type: LaneDelay, From: "vendor", To: "store",
		Start: 50, Duration: 10, Factor: 2, Extra: dist.Const(0), Probability: 1})
	without := EstimateRun(m, Options{Workers: 1, NoImpact: true})
	with := EstimateRun(m, Options{Workers: 1})
	assert.InDelta(t, 4*float64(without.EventsPerRep), float64(with.EventsPerRep), 4, "the run and three twins")
}
