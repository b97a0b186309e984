package sim

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// fills runs one replication and lists its "fill" events as
// "time site<-requester qty".
func fills(t *testing.T, m *Model) []string {
	t.Helper()
	var out []string
	require.NoError(t, Trace(m, 0, func(tr TraceRecord) {
		if tr.Event == "fill" {
			out = append(out, fmt.Sprintf("%g %s<-%s %g", tr.Time, tr.Site, tr.Detail, tr.Qty))
		}
	}))
	return out
}

// prioritiesStore has a store that starts empty and receives 3 units at
// t = 5 (one order at the only review, t = 0, lead time 5). Stream "low"
// orders 1 unit at t = 1, 2, 3, 4; stream "high" 1 unit at t = 1.25, 2.5,
// 3.75: seven units wait at t = 5.
func prioritiesStore(rule AllocationRule, low, high int) *Model {
	m := singleStore(5, Policy{Type: RS, Review: 100, OrderUpTo: 3, HasOrderUpTo: true},
		Demand{Every: 1, Backorder: 1, Partial: true, Priority: low})
	m.Demands[0].ID = "low"
	m.Demands = append(m.Demands, Demand{ID: "high", At: "store", SKU: "item", Every: 1.25,
		Size: dist.Const(1), Backorder: 1, Partial: true, Priority: high})
	m.Stocks[0].Initial, m.Stocks[0].HasInitial = dist.Const(0), true
	m.Stocks[0].Allocation.Rule = rule
	m.Horizon, m.Warmup = 5.1, 0
	return m
}

// First come, first served fills low@1, high@1.25 and low@2 (delays 4,
// 3.75, 3: mean 43/12); by priority, high@1.25, @2.5 and @3.75 (delays
// 3.75, 2.5, 1.25: mean 2.5). With every stream unranked, priority is
// first come, first served.
func TestAllocationPriorityByHand(t *testing.T) {
	t.Parallel()
	fcfs := fills(t, prioritiesStore(AllocFCFS, 0, 0))
	assert.Equal(t, []string{"5 store<-customer low 1", "5 store<-customer high 1", "5 store<-customer low 1"}, fcfs)
	assert.Equal(t, fcfs, fills(t, prioritiesStore(AllocPriority, 0, 0)))
	assert.Equal(t, fcfs, fills(t, prioritiesStore(AllocFCFS, 2, 1)), "priorities do nothing under fcfs")
	assert.Equal(t, []string{"5 store<-customer high 1", "5 store<-customer high 1", "5 store<-customer high 1"},
		fills(t, prioritiesStore(AllocPriority, 2, 1)))
	// A ranked class goes before the unranked ones.
	assert.Equal(t, []string{"5 store<-customer high 1", "5 store<-customer high 1", "5 store<-customer high 1"},
		fills(t, prioritiesStore(AllocPriority, 0, 1)))

	s := runOnce(t, prioritiesStore(AllocFCFS, 2, 1))
	assert.InDelta(t, 43.0/12, metric(s, "backorder_delay_days"), 1e-9)
	s = runOnce(t, prioritiesStore(AllocPriority, 2, 1))
	assert.InDelta(t, 2.5, metric(s, "backorder_delay_days"), 1e-9)
}

// A complete-only order keeps its turn: high orders 2 units at a time,
// complete only (at 1.25, 2.5, 3.75); 3 units arrive at t = 5. By
// priority, high@1.25 takes 2, high@2.5 cannot be filled with the 1 left,
// and it blocks every request behind it, the low class included, so one
// unit stays on the shelf.
func TestAllocationPriorityCompleteOnly(t *testing.T) {
	t.Parallel()
	m := prioritiesStore(AllocPriority, 2, 1)
	m.Demands[1].Size, m.Demands[1].Partial = dist.Const(2), false
	assert.Equal(t, []string{"5 store<-customer high 2"}, fills(t, m))
}

// With 10 units arriving at t = 5, every waiting unit (7) is filled and
// low@5 and high@5 ship at once from the 3 left.
func TestAllocationPriorityNewOrder(t *testing.T) {
	t.Parallel()
	m := prioritiesStore(AllocPriority, 2, 1)
	m.Stocks[0].Policy.OrderUpTo = 10
	m.Horizon = 5.5
	s := runOnce(t, m)
	// 9 units demanded by t = 5 (low 5, high 4 with high@5); 2 from stock.
	assert.InDelta(t, 2.0/9, metric(s, "fill_rate"), 1e-12)
}

// sharesNetwork: a DC starts empty and receives 10 units at t = 5; stores
// a and b (declared in that order) each order 8 at t = 0 and wait for them.
func sharesNetwork(dcReceives float64, rule AllocationRule, shares ...Share) *Model {
	rs := func(S float64) Policy { return Policy{Type: RS, Review: 100, OrderUpTo: S, HasOrderUpTo: true} }
	zero := dist.Const(0)
	return &Model{
		Name: "shares", Horizon: 5.5, Replications: 1, Seed: 1,
		SKUs:       []SKU{{ID: "item"}},
		Suppliers:  []Supplier{{ID: "vendor", LeadTime: dist.Const(5)}},
		Warehouses: []Warehouse{{ID: "dc"}, {ID: "a"}, {ID: "b"}},
		Lanes:      []Lane{{From: "vendor", To: "dc"}, {From: "dc", To: "a", Transit: dist.Const(1)}, {From: "dc", To: "b", Transit: dist.Const(1)}},
		Stocks: []StockPoint{
			{At: "dc", SKU: "item", Source: "vendor", Policy: rs(dcReceives), Initial: zero, HasInitial: true,
				Allocation: Allocation{Rule: rule, Shares: shares}},
			{At: "a", SKU: "item", Source: "dc", Policy: rs(8), Initial: zero, HasInitial: true},
			{At: "b", SKU: "item", Source: "dc", Policy: rs(8), Initial: zero, HasInitial: true},
		},
	}
}

// The DC reviews first (stock points review at t = 0 in file order), so
// it orders exactly its S. First come, first served gives a its 8, then b
// the 2 left. Shares 0.6/0.4 give 6 and 4. Shares 0.9/0.1: a's 9 is more
// than it waits for, so it gets 8 and b the 2 left over. 7 units at
// 0.5/0.5 are 3.5 each: 3 and 3, the last unit to the first share on a tie.
func TestAllocationSharesByHand(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		recv   float64
		rule   AllocationRule
		shares []Share
		want   []string
	}{
		{"fcfs", 10, AllocFCFS, nil, []string{"5 dc<-a 8", "5 dc<-b 2"}},
		{"60/40", 10, AllocShares, []Share{{"a", 0.6}, {"b", 0.4}}, []string{"5 dc<-a 6", "5 dc<-b 4"}},
		{"weights need not add to 1", 10, AllocShares, []Share{{"b", 2}, {"a", 3}}, []string{"5 dc<-a 6", "5 dc<-b 4"}},
		{"leftover to the others", 10, AllocShares, []Share{{"a", 0.9}, {"b", 0.1}}, []string{"5 dc<-a 8", "5 dc<-b 2"}},
		{"remainder", 7, AllocShares, []Share{{"a", 0.5}, {"b", 0.5}}, []string{"5 dc<-a 4", "5 dc<-b 3"}},
		{"enough for both", 20, AllocShares, []Share{{"a", 0.9}, {"b", 0.1}}, []string{"5 dc<-a 8", "5 dc<-b 8"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.want, fills(t, sharesNetwork(c.recv, c.rule, c.shares...)))
		})
	}
}

// Under shares the DC's own customers come first: a customer who ordered
// 5 units at t = 1 gets them, and the 5 left are divided 3/2.
func TestAllocationSharesCustomersFirst(t *testing.T) {
	t.Parallel()
	m := sharesNetwork(10, AllocShares, Share{"a", 0.6}, Share{"b", 0.4})
	m.Horizon = 5.5
	m.Demands = []Demand{{ID: "walk-in", At: "dc", SKU: "item", Every: 4, Size: dist.Const(5), Backorder: 1, Partial: true}}
	assert.Equal(t, []string{"5 dc<-customer walk-in 5", "5 dc<-a 3", "5 dc<-b 2"}, fills(t, m))
}

func TestDivide(t *testing.T) {
	t.Parallel()
	sh := []allocShare{{0, 1}, {1, 1}, {2, 1}}
	assert.Equal(t, []float64{1, 1, 0}, divide(2, sh, []float64{5, 5, 5}))
	assert.Equal(t, []float64{0, 2, 0}, divide(2, sh, []float64{0, 5, 0}))
	assert.Equal(t, []float64{1, 5, 4}, divide(10, sh, []float64{1, 5, 5})) // 9 left: 4.5 each, the unit to the first
	assert.Equal(t, []float64{1, 5, 5}, divide(100, sh, []float64{1, 5, 5}))
	assert.Equal(t, []float64{0.5, 0, 0}, divide(0.5, sh, []float64{5, 5, 5}))
}
