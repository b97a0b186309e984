package sim

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// Deterministic disruption scenarios worked out by hand. The base case:
// demand of 10 units every day (t = 1, 2, ...), base stock S = 30, no
// supplier lead time, 2 days on the lane. An order placed on day t arrives
// on day t+2, before that day's demand: on hand is 20 before and 10 after
// each day's demand, nothing is ever backordered.
func disruptedStore(d ...Disruption) *Model {
	m := singleStore(0, baseStock(30), Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true})
	m.Lanes[0].Transit = dist.Const(2)
	m.Horizon, m.Warmup, m.Replications = 60, 10, 1
	for i := range d {
		if d[i].Name == "" {
			d[i].Name = d[i].Type.String()
		}
		if d[i].Probability == 0 {
			d[i].Probability = 1
		}
	}
	m.Disruptions = d
	return m
}

func TestUndisruptedBaseCase(t *testing.T) {
	t.Parallel()
	s := runOnce(t, disruptedStore())
	assert.Equal(t, 1.0, metric(s, "fill_rate"))
	assert.Equal(t, 10.0, metric(s, "avg_on_hand"))
}

// Lane closed on days [20, 25) with goods held. The shipment that left on
// day 19 is on the lane when it closes: it waits 5 days and arrives on day
// 26 instead of 21. Orders of days 20..25 leave when the lane reopens on
// day 25 and all arrive on day 27. Day 20: receipt, demand, 10 left. Day
// 21: no receipt, 0 left. Days 22-25: 10 backordered each day. Day 26: the
// held 10 arrive and go to the waiting, 10 more backordered. Day 27: 60
// arrive, the 40 waiting are cleared. Exactly 50 units backordered.
func TestLaneClosureHold(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true})
	s := runOnce(t, m)
	demanded := 50.0 * 10 // days 10..59
	assert.InDelta(t, 50/demanded, metric(s, "backorder_rate"), 1e-12)
	// waits: day 22's 10 units wait until day 26, days 23-26 until day 27
	assert.InDelta(t, (10*4.0+10*4+10*3+10*2+10*1)/50, metric(s, "backorder_delay_days"), 1e-9)
	assert.Equal(t, []float64{0, 10, 20, 30, 40, 40, 0}, means(s.Backorders)[21:28])
}

// The impact of the held lane closure above, against its twin without the
// closure, which never backorders: 50 extra units backordered; 140 extra
// unit-days (10 + 20 + 30 + 40 + 40 on days 22-26), 280 at 2 a unit-day;
// fill 0.9 instead of 1 over the 500 units demanded on days 10-59; the
// first difference on day 22, 2 days after the start; the last day with a
// difference is 26 (the 40 waiting ship on day 27), 2 days after the end;
// a peak of 40. The window figures: fill 1 before; 20 of 50 units from
// stock on days 20-24.
func TestImpactOfLaneClosure(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true})
	m.SKUs[0].BackorderCost = 2
	m.RecoveryTolerance = 0.02
	res, err := Run(m, Options{})
	require.NoError(t, err)
	require.Len(t, res.Disruptions, 1)
	d := res.Disruptions[0]
	assert.Equal(t, 1.0, d.Occurrences.Mean)
	assert.Equal(t, 1.0, d.FillBefore.Mean)
	assert.Equal(t, 0.4, d.FillDuring.Mean)
	assert.Equal(t, []Window{{Start: 20, End: 25}}, d.Windows)
	assert.Equal(t, []float64{0, 1, 1, 1, 1, 1, 0}, d.Active[19:26])
	assert.Nil(t, res.AllDisruptions, "one disruption: its own impact is the combined one")
	require.NotNil(t, d.Impact)
	for _, f := range []ImpactFigures{d.Impact.Network, d.Impact.Stocks[0]} {
		assert.Equal(t, 50.0, f.Backordered.Mean)
		assert.Equal(t, 0.0, f.Lost.Mean)
		assert.Equal(t, 140.0, f.BackorderDays.Mean)
		assert.InDelta(t, 280.0, f.Cost.Mean, 1e-9)
		assert.InDelta(t, 0.1, f.FillLost.Mean, 1e-12)
		assert.Equal(t, 2.0, f.TimeToImpact.Mean)
		assert.Equal(t, 2.0, f.Recovery.Mean)
		assert.Equal(t, 0, f.NotRecovered)
		assert.Equal(t, 40.0, f.PeakBackorders.Mean)
		assert.Equal(t, []float64{0, 10, 20, 30, 40, 40, 0}, means(f.Diff)[21:28])
	}
}

// Same closure with goods in transit continuing: the day-19 shipment
// arrives on day 21 as planned, so shortages start a day later: days 23-26,
// 40 units, all cleared on day 27.
func TestLaneClosureContinue(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5})
	s := runOnce(t, m)
	assert.InDelta(t, 40/500.0, metric(s, "backorder_rate"), 1e-12)
	assert.Equal(t, []float64{0, 0, 10, 20, 30, 40, 0}, means(s.Backorders)[21:28])
}

// Supplier outage on [20, 23): orders of days 20, 21, 22 are dispatched
// when it ends, on day 23, and arrive on day 25. Day 22 and 23 lack their
// receipts: day 22 ships the 10 left, day 23 backorders 10, day 24
// backorders 10 more; day 25 brings 30 and clears the 20.
func TestSupplierOutage(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: SupplierOutage, Supplier: "vendor", Start: 20, Duration: 3})
	s := runOnce(t, m)
	assert.InDelta(t, 20/500.0, metric(s, "backorder_rate"), 1e-12)
	assert.Equal(t, []float64{0, 10, 20, 0}, means(s.Backorders)[22:26])
}

// Supplier delay: orders placed on [20, 21) take 3 extra days, so the
// order of day 20 arrives on day 25 instead of 22. Day 22 has no receipt and
// ships the last 10 on hand; days 23 and 24 live on their own receipts;
// day 25 receives two orders and the buffer of 10 is back. No backorders,
// but three days ending with an empty shelf.
func TestSupplierDelay(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: SupplierDelay, Supplier: "vendor", Start: 20, Duration: 1, Factor: 1, Extra: dist.Const(3)})
	s := runOnce(t, m)
	assert.Equal(t, 0.0, metric(s, "backorder_rate"))
	assert.Equal(t, []float64{10, 10, 0, 0, 0, 10, 10}, means(s.OnHand)[20:27])
}

// Equipment failure at the store on [20, 23), receiving continues: demand
// of days 20, 21, 22 cannot ship (30 units backordered) although stock is
// on the shelf; at the repair on day 23 the waiting 30 ship from the 40 on
// hand (10 + three receipts), then day 23's demand ships from the rest.
func TestEquipmentFailure(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: EquipmentFailure, Site: "store", Start: 20, Duration: 3})
	s := runOnce(t, m)
	assert.InDelta(t, 30/500.0, metric(s, "backorder_rate"), 1e-12)
	assert.Equal(t, []float64{10, 20, 30, 0}, means(s.Backorders)[20:24])
	assert.Equal(t, []float64{20, 30, 40, 10}, means(s.OnHand)[20:24])
}

// Demand surge x2 on [20, 22) for fixed-interval demand doubles the orders
// of days 20 and 21 to 20 units. Day 20: the 20 on hand ship; IP = 10 on
// order, so 20 are ordered. Day 21: 10 arrive, 10 of the 20 ship and 10 are
// backordered; IP = 20 - 10, order 20. Day 22: 20 arrive, clear the 10
// waiting, and ship day 22's 10. Day 23: 20 arrive, back to normal. In all
// 520 units demanded over days 10..59, 10 backordered.
func TestDemandSurgeFixedInterval(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: DemandSurge, Start: 20, Duration: 2, Factor: 2})
	s := runOnce(t, m)
	assert.InDelta(t, 520.0/50, metric(s, "demand_per_day"), 1e-12)
	assert.InDelta(t, 10/520.0, metric(s, "backorder_rate"), 1e-12)
	assert.InDelta(t, 510/520.0, metric(s, "fill_rate"), 1e-12)
	assert.Equal(t, []float64{0, 10, 0}, means(s.Backorders)[20:23])
}

// A surge on Poisson demand adds arrivals inside its window only, and the
// base arrivals are the same draws as without the surge (common random
// numbers): demand outside the window is identical.
func TestDemandSurgeKeepsBaseArrivals(t *testing.T) {
	t.Parallel()
	base := singleStore(2, baseStock(20), Demand{Rate: 5, Backorder: 1, Partial: true})
	base.Horizon, base.Warmup, base.Replications = 200, 0, 4
	surged := *base
	surged.Disruptions = []Disruption{{Name: "surge", Type: DemandSurge, Start: 100, Duration: 10, Factor: 3, Probability: 1}}
	r1, err := Run(base, Options{})
	require.NoError(t, err)
	r2, err := Run(&surged, Options{})
	require.NoError(t, err)
	for rep := range 4 {
		extra := (r2.Stocks[0].Metric("demand_per_day").Values[rep] - r1.Stocks[0].Metric("demand_per_day").Values[rep]) * 200
		// about 5 x 2 x 10 = 100 extra units in the window; 10 sd = 100 (Poisson)
		assert.InDelta(t, 100, extra, 50, "replication %d", rep)
	}
	// Before the window, on hand is the same day by day.
	assert.Equal(t, means(r1.Stocks[0].OnHand)[:100], means(r2.Stocks[0].OnHand)[:100])
}

// Random failures draw their windows from their own stream: adding one
// leaves the demand draws, and so units demanded, unchanged.
func TestRandomDisruptionKeepsDemandDraws(t *testing.T) {
	t.Parallel()
	base := singleStore(2, baseStock(20), Demand{Rate: 5, Backorder: 1, Partial: true})
	base.Horizon, base.Warmup, base.Replications = 300, 0, 3
	failing := *base
	failing.Disruptions = []Disruption{{Name: "conveyor", Type: EquipmentFailure, Site: "store", Random: true,
		Every: dist.NewExponential(30), Length: dist.NewExponential(2)}}
	r1, err := Run(base, Options{})
	require.NoError(t, err)
	r2, err := Run(&failing, Options{})
	require.NoError(t, err)
	assert.Equal(t, r1.Stocks[0].Metric("demand_per_day").Values, r2.Stocks[0].Metric("demand_per_day").Values)
	assert.Less(t, r2.Stocks[0].Metric("fill_rate").Mean, r1.Stocks[0].Metric("fill_rate").Mean)
}

// The trace of the held lane closure shows the closure, the backorders it
// causes and their fill, in time order, and costs nothing to the results.
func TestTraceFollowsABackorderToItsCause(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Name: "port strike", Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true})
	var recs []TraceRecord
	require.NoError(t, Trace(m, 0, func(r TraceRecord) { recs = append(recs, r) }))
	var got []string
	for _, r := range recs {
		if r.Time >= 20 && r.Time < 23 && r.Event != "order" {
			got = append(got, fmt.Sprintf("%g %s %g %s", r.Time, r.Event, r.Qty, r.Detail))
		}
	}
	assert.Equal(t, []string{
		"20 disruption_start 0 port strike",
		"20 receipt 10 ",
		"20 demand 10 customer store/item",
		"20 ship 10 customer store/item",
		"21 demand 10 customer store/item",
		"21 ship 10 customer store/item",
		"22 demand 10 customer store/item",
		"22 backorder 10 customer store/item",
	}, got)
	for i := 1; i < len(recs); i++ {
		require.LessOrEqual(t, recs[i-1].Time, recs[i].Time)
	}
	assert.Error(t, Trace(m, 1, func(TraceRecord) {}), "the scenario has one replication")
}

// Quoted waits, with the held lane closure above and customers who accept
// at most 2 days. Day 22: the next arrival is the held shipment on day 26,
// a 4-day quote: refused, lost at once (no order follows, IP is unchanged).
// Day 23: 3 days, refused. Day 24: 2 days, accepted and backordered; days
// 25 and 26 likewise (quotes of 2 and 1 days). 20 units refused, 30 waited.
func TestQuotedWaitRefusals(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true})
	m.Demands[0].MaxWait, m.Demands[0].HasMaxWait = dist.Const(2), true
	s := runOnce(t, m)
	assert.InDelta(t, 20/500.0, metric(s, "lost_at_once_rate"), 1e-12)
	assert.InDelta(t, 20/500.0, metric(s, "lost_rate"), 1e-12)
	assert.InDelta(t, 30/500.0, metric(s, "backorder_rate"), 1e-12)
	assert.Equal(t, 0.0, metric(s, "cancel_rate"))
}

// A DC with outbound handling of 20 units a day serves a store (base stock
// S = 30, one day in transit, demand of 10 every day). Each store order of
// 10 takes half a day to handle, so it arrives 1.5 days after it was
// placed: half-way between two demands. On hand is 10 right after each
// demand and 20 from the receipt half a day later: 15 on average.
func handledStore(d ...Disruption) *Model {
	m := &Model{
		Name: "handling", Horizon: 60, Warmup: 10, Replications: 1, Seed: 1,
		SKUs:       []SKU{{ID: "item"}},
		Suppliers:  []Supplier{{ID: "vendor", LeadTime: dist.Const(1)}},
		Warehouses: []Warehouse{{ID: "dc", Capacity: 20}, {ID: "store"}},
		Lanes:      []Lane{{From: "vendor", To: "dc"}, {From: "dc", To: "store", Transit: dist.Const(1)}},
		Stocks: []StockPoint{
			{At: "dc", SKU: "item", Source: "vendor", Policy: baseStock(100)},
			{At: "store", SKU: "item", Source: "dc", Policy: baseStock(30)},
		},
		Demands:     []Demand{{ID: "d", At: "store", SKU: "item", Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true}},
		Disruptions: d,
	}
	return m
}

func TestSiteHandlingCapacity(t *testing.T) {
	t.Parallel()
	res, err := Run(handledStore(), Options{})
	require.NoError(t, err)
	store := &res.Stocks[1]
	assert.Equal(t, 15.0, metric(store, "avg_on_hand"))
	assert.Equal(t, 1.0, metric(store, "fill_rate"))
}

// The DC's handling stops (capacity_loss with share 0) on [20, 22). The
// store's order of day 20 is handled from 22 to 22.5 and arrives at 23.5
// instead of 21.5; those of days 21 and 22 follow half a day apart and the
// pipeline is back in step from day 24. The store runs out on day 22 and
// backorders day 23's 10 units until 23.5: 10 units wait half a day.
func TestSiteCapacityLoss(t *testing.T) {
	t.Parallel()
	res, err := Run(handledStore(Disruption{Name: "strike", Type: CapacityLoss, Site: "dc", Start: 20, Duration: 2, Probability: 1}), Options{})
	require.NoError(t, err)
	store := &res.Stocks[1]
	assert.InDelta(t, 10/500.0, metric(store, "backorder_rate"), 1e-12)
	assert.InDelta(t, 0.5, metric(store, "backorder_delay_days"), 1e-9)
}

// Replenishment cycles of the held lane closure above. Receipts come every
// day up to day 20; the held shipment arrives on day 26 and the orders of
// days 20-25 on day 27; then every day again up to day 59. Cycles that
// begin at or after the warm-up (day 10) and close before the horizon:
// [10,11) ... [19,20), [20,26), [26,27), [27,28) ... [58,59): 44, of which
// [20,26) (short on days 22-25) and [26,27) (day 26's demand waits behind
// the backlog) are not served. The cycle [9,10) straddles the warm-up and
// [59,60) is still open at the horizon: neither counts.
func TestCycleServiceLevelByHand(t *testing.T) {
	t.Parallel()
	m := disruptedStore(Disruption{Type: LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Hold: true})
	assert.InDelta(t, 42.0/44, metric(runOnce(t, m), "cycle_service_level"), 1e-12)
	assert.Equal(t, 1.0, metric(runOnce(t, disruptedStore()), "cycle_service_level"))
}
