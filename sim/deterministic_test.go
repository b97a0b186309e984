package sim

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// Small deterministic scenarios (constant demand, constant lead times) whose
// outcome is worked out by hand in each comment.

func runOnce(t *testing.T, m *Model) *StockResult {
	t.Helper()
	m.Replications = 1
	res, err := Run(m, Options{})
	require.NoError(t, err)
	return &res.Stocks[0]
}

func metric(s *StockResult, name string) float64 { return s.Metric(name).Mean }

// Demand of 10 units every day (t = 1, 2, ...), base stock S = 20, lead time
// 2 days. Orders placed at t arrive at t+2, at the same instant as the demand
// of day t+2. Receipts run before demand, so from day 3 on each day's
// receipt of 10 meets that day's demand of 10 exactly: every unit ships
// from stock and nothing is ever on hand between events. Were demand served
// first, every demand from day 3 on would be backordered.
func TestSameTimeReceiptsBeforeDemand(t *testing.T) {
	t.Parallel()
	m := singleStore(2, baseStock(20), Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true})
	m.Horizon, m.Warmup = 100, 10
	s := runOnce(t, m)
	assert.Equal(t, 1.0, metric(s, "fill_rate"))
	assert.Equal(t, 0.0, metric(s, "avg_on_hand"))
	assert.Equal(t, 0.0, metric(s, "backorder_rate"))
	assert.Equal(t, 20.0, metric(s, "avg_inventory_position"))
	assert.Equal(t, 0.0, metric(s, "ready_rate"))
	assert.Equal(t, 10.0, metric(s, "demand_per_day"))
	assert.Equal(t, 1.0, metric(s, "orders_per_day"))
}

// S = 15 with the same demand and lead time: at day 2, 5 units remain for a
// demand of 10, so 5 are backordered. From then on every day's receipt of 10
// first clears the 5 waiting (a wait of exactly 1 day), then ships 5 of the
// new demand and backorders 5: fill rate 1/2, backorder rate 1/2, a
// constant 5 units backordered, on hand 0, IP = S = 15.
func TestSteadyBackordersByHand(t *testing.T) {
	t.Parallel()
	m := singleStore(2, baseStock(15), Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true})
	m.Horizon, m.Warmup = 100, 10
	s := runOnce(t, m)
	assert.Equal(t, 0.5, metric(s, "fill_rate"))
	assert.Equal(t, 0.0, metric(s, "order_fill_rate"))
	assert.Equal(t, 0.5, metric(s, "backorder_rate"))
	assert.Equal(t, 5.0, metric(s, "avg_backorders"))
	assert.Equal(t, 15.0, metric(s, "avg_inventory_position"))
	assert.InDelta(t, 1.0, metric(s, "backorder_delay_days"), 1e-9)
	assert.InDelta(t, 1.0, s.Delays.Mean(), 1e-9)
}

// Same as above with every short customer lost: at day 2, 5 ship and 5 are
// lost; IP = 0 + 10 on order, so 5 are ordered, arriving day 4. Day 3: 10
// arrive (ordered day 1), demand 10 ships complete; IP = 0 + 5, order 10.
// Day 4: 5 arrive, 5 ship, 5 lost; order 10 ... so even days lose half the
// order and odd days ship complete. The measured days 10..99 hold 90
// demands (900 units), 45 of them on even days: lost = 45*5 / 900.
func TestLostSalesByHand(t *testing.T) {
	t.Parallel()
	m := singleStore(2, baseStock(15), Demand{Every: 1, Size: dist.Const(10), Backorder: 0, Partial: true})
	m.Horizon, m.Warmup = 100, 10
	s := runOnce(t, m)
	assert.InDelta(t, 225.0/900, metric(s, "lost_rate"), 1e-12)
	assert.InDelta(t, 45.0/90, metric(s, "order_fill_rate"), 1e-12)
	assert.Equal(t, 0.0, metric(s, "backorder_rate"))
}

// Patience: as above, but short customers wait half a day, then cancel.
// While they wait they lower IP, which changes the orders: day 2: 5 ship, 5
// wait, IP = 0 + 10 - 5 = 5, order 10 (due day 4); at 2.5 they cancel. Day
// 3: 10 arrive and ship, IP = 10, order 5 (day 5). Day 4: 10 arrive and
// ship, IP = 5, order 10 (day 6). Day 5: 5 arrive, 5 ship, 5 wait: the
// cycle repeats every 3 days, short on days 2, 5, 8, ... The measured days
// 10..99 hold 30 of them (11, 14, ..., 98): 150 of 900 units cancelled,
// none lost at once, and 5 units waiting half a day 30 times in 90 days.
func TestPatienceCancelsBeforeNextReceipt(t *testing.T) {
	t.Parallel()
	d := Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true, Patience: dist.Const(0.5), HasPatience: true}
	m := singleStore(2, baseStock(15), d)
	m.Horizon, m.Warmup = 100, 10
	s := runOnce(t, m)
	assert.InDelta(t, 150.0/900, metric(s, "lost_rate"), 1e-12)
	assert.InDelta(t, 150.0/900, metric(s, "cancel_rate"), 1e-12)
	assert.InDelta(t, 150.0/900, metric(s, "backorder_rate"), 1e-12)
	assert.InDelta(t, 30*5*0.5/90, metric(s, "avg_backorders"), 1e-9)
	assert.True(t, s.Delays.Total == 0, "cancelled units never ship, so they have no delay")
}

// Complete shipment only: S = 15, demand 10 every day. Day 2: 5 on hand
// cannot fill the order of 10, so all 10 wait (nothing ships), IP = 5 + 20
// - 10 = 15, no order. Day 3: 10 arrive: the waiting order ships (15 on
// hand, then 5), the new order of 10 cannot ship complete and waits...
// every order waits exactly one day: fill rate 0, order fill rate 0.
func TestCompleteShipmentOnly(t *testing.T) {
	t.Parallel()
	d := Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: false}
	m := singleStore(2, baseStock(15), d)
	m.Horizon, m.Warmup = 100, 10
	s := runOnce(t, m)
	assert.Equal(t, 0.0, metric(s, "fill_rate"))
	assert.Equal(t, 1.0, metric(s, "backorder_rate"))
	assert.InDelta(t, 1.0, metric(s, "backorder_delay_days"), 1e-9)
	assert.Equal(t, 5.0, metric(s, "avg_on_hand"))
}

// Two echelons: a DC (S = 40, lead time 3 from the vendor) serves a store
// (S = 20, transit 1) with demand 10 per day. Every day the store orders 10
// from the DC, which ships at once and orders 10 from the vendor. The DC
// starts with 40 and sees 10 a day; its receipts start on day 4, so it never
// runs out and holds 40 - 30 = 10 in steady state... the store's orders of
// day t arrive at t+1, at the instant of that day's demand, so the store
// never backorders either.
func TestTwoEchelonByHand(t *testing.T) {
	t.Parallel()
	m := &Model{
		Name: "two echelon", Horizon: 60, Warmup: 10, Replications: 1, Seed: 1,
		SKUs:       []SKU{{ID: "item"}},
		Suppliers:  []Supplier{{ID: "vendor", LeadTime: dist.Const(3)}},
		Warehouses: []Warehouse{{ID: "dc"}, {ID: "store"}},
		Lanes:      []Lane{{From: "vendor", To: "dc"}, {From: "dc", To: "store", Transit: dist.Const(1)}},
		Stocks: []StockPoint{
			{At: "dc", SKU: "item", Source: "vendor", Policy: baseStock(40)},
			{At: "store", SKU: "item", Source: "dc", Policy: baseStock(20)},
		},
		Demands: []Demand{{ID: "d", At: "store", SKU: "item", Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true}},
	}
	res, err := Run(m, Options{})
	require.NoError(t, err)
	dc, store := &res.Stocks[0], &res.Stocks[1]
	assert.Equal(t, 1.0, metric(store, "fill_rate"))
	assert.Equal(t, 10.0, metric(store, "avg_on_hand"))
	assert.Equal(t, 1.0, metric(dc, "fill_rate"))
	assert.Equal(t, 10.0, metric(dc, "demand_per_day"))
	assert.Equal(t, 10.0, metric(dc, "avg_on_hand"))
}

// Daily samples are taken after every other event of that instant.
func TestSamplesAfterSameTimeEvents(t *testing.T) {
	t.Parallel()
	m := singleStore(2, baseStock(20), Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true})
	m.Horizon, m.Warmup = 10, 0
	s := runOnce(t, m)
	require.Len(t, means(s.OnHand), 10)
	// day 0: 20 on hand; day 1: 10; from day 2 on, receipt and demand cancel: 0.
	assert.Equal(t, []float64{20, 10, 0, 0, 0, 0, 0, 0, 0, 0}, means(s.OnHand))
	assert.Equal(t, 20.0, means(s.Position)[5])
}

// A cancelled context stops a run between replications with its error.
func TestRunStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(singleStore(2, baseStock(20), Demand{Rate: 5, Backorder: 1, Partial: true}), Options{Context: ctx})
	assert.ErrorIs(t, err, context.Canceled)
}
