package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

func TestLotSize(t *testing.T) {
	t.Parallel()
	cases := []struct {
		terms Terms
		q     float64
		want  float64
	}{
		{Terms{}, 7, 7},
		{Terms{Multiple: 50}, 7, 50},
		{Terms{Multiple: 50}, 50, 50},
		{Terms{Multiple: 50}, 50.0000000001, 50}, // float noise does not buy a lot
		{Terms{Multiple: 50}, 51, 100},
		{Terms{MinOrder: 200}, 7, 200},
		{Terms{MinOrder: 200, Multiple: 50}, 230, 250},
		{Terms{MinOrder: 200, Multiple: 50}, 120, 200},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.terms.LotSize(c.q), "%+v, q = %g", c.terms, c.q)
	}
}

// twoSuppliers is a store replenished from "far" (lead time farL) and
// "near" (lead time nearL), with no transit.
func twoSuppliers(farL, nearL float64, rule SourcingRule, policy Policy, demand Demand) *Model {
	m := singleStore(farL, policy, demand)
	m.Suppliers = []Supplier{{ID: "far", LeadTime: dist.Const(farL)}, {ID: "near", LeadTime: dist.Const(nearL)}}
	m.Lanes = []Lane{{From: "far", To: "store", Transit: dist.Const(0)}, {From: "near", To: "store", Transit: dist.Const(0)}}
	m.Stocks[0].Source = "far"
	m.Stocks[0].Sourcing = Sourcing{Rule: rule, Sources: []Source{{Site: "far", Share: 0.5}, {Site: "near", Share: 0.5}}}
	return m
}

// Lot sizes by hand: 10 units every day, base stock S = 20, lead time 2,
// and the supplier sells in multiples of 30 at 2.00 a unit. The first
// demand (t = 1) drops IP to 10; base stock asks for 10, the terms make it
// 30 and IP rises to 40. IP then falls by 10 a day and the next order
// comes at t = 4: one order of 30 every 3 days (orders at 1, 4, 7, ...),
// each arriving 2 days later. IP cycles 40, 30, 20 (mean 30); on hand
// cycles 10, 0, 20 (mean 10) and never runs short. After the warm-up
// (t = 10 to 100): 30 orders, 30 receipts of 30 units (t = 12, ..., 99),
// so 10 units a day bought at 2.00.
func TestLotSizeByHand(t *testing.T) {
	t.Parallel()
	m := singleStore(2, baseStock(20), Demand{Every: 1, Size: dist.Const(10), Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 100, 10, 1
	m.Suppliers[0].Terms = []Terms{{Price: 2, Multiple: 30}}
	res, err := Run(m, Options{})
	require.NoError(t, err)
	s := &res.Stocks[0]
	assert.Equal(t, 1.0, metric(s, "fill_rate"))
	assert.InDelta(t, 1.0/3, metric(s, "orders_per_day"), 1e-12)
	assert.InDelta(t, 30.0, metric(s, "avg_inventory_position"), 1e-9)
	assert.InDelta(t, 10.0, metric(s, "avg_on_hand"), 1e-9)
	assert.InDelta(t, 20.0, metric(s, "cost_purchase"), 1e-9)
	assert.InDelta(t, 20.0, metric(s, "cost_total"), 1e-9)
	assert.InDelta(t, 10*2.0, metric(s, "inventory_value"), 1e-9) // valued at the price
	require.Len(t, res.Sources, 1)
	assert.InDelta(t, 10.0, res.Sources[0].OrderedPerDay.Mean, 1e-9)
	assert.InDelta(t, 10.0, res.Sources[0].ReceivedPerDay.Mean, 1e-9)
}

// Failover by hand: one unit a day (t = 1, 2, ...), base stock S = 10,
// "far" 5 days away, "near" 1 day; far is shut on [20, 40). Orders placed
// in the window (t = 20, ..., 39) go to near, all others to far. After
// the warm-up (t = 10 to 100) that is 20 units ordered from near and 70
// from far. Far's orders placed at t = 15..19 would leave in the window
// and leave at its end (t = 40); with those from t = 5..9 and 40..94
// they make 70 units received from far; near's 20 all arrive. At most 6
// units are ever outstanding (far's 5 held orders and near's last), so
// S = 10 never runs short.
func TestFailoverByHand(t *testing.T) {
	t.Parallel()
	m := twoSuppliers(5, 1, Failover, baseStock(10), Demand{Every: 1, Size: dist.Const(1), Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 100, 10, 1
	m.Disruptions = []Disruption{{Name: "shut", Type: SupplierOutage, Supplier: "far", Start: 20, Duration: 20, Probability: 1}}
	res, err := Run(m, Options{NoImpact: true})
	require.NoError(t, err)
	assert.Equal(t, 1.0, metric(&res.Stocks[0], "fill_rate"))
	require.Len(t, res.Sources, 2)
	far, near := res.Sources[0], res.Sources[1]
	assert.Equal(t, "far", far.Source)
	assert.InDelta(t, 70.0/90, far.OrderedPerDay.Mean, 1e-12)
	assert.InDelta(t, 70.0/90, far.ReceivedPerDay.Mean, 1e-12)
	assert.InDelta(t, 20.0/90, near.OrderedPerDay.Mean, 1e-12)
	assert.InDelta(t, 20.0/90, near.ReceivedPerDay.Mean, 1e-12)
	assert.InDelta(t, 20.0/90, near.Share.Mean, 1e-12)
}

// Failover's max_lead_time and fastest by hand: far quotes 5 days, near 1.
// With a limit of 3 days far is never good enough, so every order goes
// to near; so it does under fastest.
func TestFailoverLimitAndFastest(t *testing.T) {
	t.Parallel()
	for _, rule := range []SourcingRule{Failover, Fastest} {
		m := twoSuppliers(5, 1, rule, baseStock(10), Demand{Every: 1, Size: dist.Const(1), Backorder: 1, Partial: true})
		m.Horizon, m.Warmup, m.Replications = 100, 10, 1
		if rule == Failover {
			m.Stocks[0].Sourcing.MaxLeadTime = 3
		}
		res, err := Run(m, Options{})
		require.NoError(t, err)
		assert.Equal(t, 0.0, res.Sources[0].OrderedPerDay.Mean, rule.String())
		assert.InDelta(t, 1.0, res.Sources[1].OrderedPerDay.Mean, 1e-12, rule.String())
	}
}

// Split by shares with Poisson demand: each order goes to a source with
// probability its share, so each source sees an independent Poisson
// stream of orders (thinning), and the units outstanding from the two
// are independent Poisson variables: from "far" (L = 6) Poisson(lambda
// 0.5 x 6), from "near" (L = 2) Poisson(lambda 0.5 x 2). With lambda = 2
// their sum N is Poisson(8), and base stock S = 10 gives fill rate
// P(N <= 9) = 0.716624, backorders E[(N-10)+] = 0.425864, on hand
// E[(10-N)+] = 2.425864 (Poisson(8), summed in Python with math.lgamma).
// Had the split sent everything to one source, N would be Poisson(4) or
// Poisson(12): fill 0.9919 or 0.3472, dozens of standard errors away.
func TestTheorySplitIsIndependentStreams(t *testing.T) {
	t.Parallel()
	m := twoSuppliers(6, 2, Split, baseStock(10), Demand{Rate: 2, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 2000, 50, 40
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	requireWithinCI(t, res, "fill_rate", 0.716624)
	requireWithinCI(t, res, "avg_backorders", 0.425864)
	requireWithinCI(t, res, "avg_on_hand", 2.425864)
	share := res.Sources[0].Share
	se := share.SD / math.Sqrt(float64(share.N))
	t.Logf("share of far: %.4f ± %.4f", share.Mean, share.CI95)
	require.InDelta(t, 0.5, share.Mean, sigmas*se)
}

// A backup source does not change the first source's draws: a run whose
// backup is never used is the run without it, number for number.
func TestBackupKeepsFirstSourceDraws(t *testing.T) {
	t.Parallel()
	single := singleStore(5, baseStock(12), Demand{Rate: 2, Backorder: 1, Partial: true})
	single.Suppliers[0].LeadTime = dist.Dist{Kind: dist.Exponential, A: 5}
	single.Horizon = 300
	dual := twoSuppliers(5, 1, Failover, baseStock(12), Demand{Rate: 2, Backorder: 1, Partial: true})
	dual.Suppliers[0].ID, dual.Suppliers[0].LeadTime = "vendor", single.Suppliers[0].LeadTime
	dual.Lanes[0].From, dual.Stocks[0].Source, dual.Stocks[0].Sourcing.Sources[0].Site = "vendor", "vendor", "vendor"
	dual.Horizon = 300
	a, err := Run(single, Options{NoSeries: true})
	require.NoError(t, err)
	b, err := Run(dual, Options{NoSeries: true})
	require.NoError(t, err)
	for _, name := range []string{"fill_rate", "avg_on_hand", "avg_backorders"} {
		assert.Equal(t, a.Stocks[0].Metric(name).Values, b.Stocks[0].Metric(name).Values, name)
	}
	assert.Equal(t, 0.0, b.Sources[1].OrderedPerDay.Mean)
}
