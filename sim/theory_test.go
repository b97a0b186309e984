package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// Closed-form checks of the engine against inventory theory, all with
// Poisson unit demand and constant lead time L, so lead-time demand D_L is
// Poisson(lambda L). Each test runs enough replications that a correct
// engine lands within 4 standard errors of the exact value (a false failure
// about once in 16,000 runs; the seed is fixed, so the outcome is stable),
// while a modelling error of the size the test guards against moves the
// estimate by many standard errors.
const sigmas = 4

func requireWithinCI(t *testing.T, res *Results, metric string, want float64) {
	t.Helper()
	s := res.Stocks[0].Metric(metric)
	se := s.SD / math.Sqrt(float64(s.N))
	t.Logf("%s: simulated %.6f ± %.6f (95%% CI), exact %.6f", metric, s.Mean, s.CI95, want)
	require.InDelta(t, want, s.Mean, sigmas*se, "%s: exact value outside %d standard errors", metric, sigmas)
}

// Base stock S: the fill rate is P(D_L <= S-1) and the net inventory in
// steady state is S - D_L (Zipkin 2000, Foundations of Inventory
// Management, sec. 6.2). lambda = 2/day, L = 5, S = 12; exact values from
// the Poisson(10) distribution, computed with scipy.stats.poisson:
// P(D <= 11) = 0.696776, E[(D-12)+] = 0.530916, E[(12-D)+] = 2.530916.
func TestTheoryBaseStock(t *testing.T) {
	t.Parallel()
	m := singleStore(5, baseStock(12), Demand{Rate: 2, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 2000, 50, 40
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	requireWithinCI(t, res, "fill_rate", 0.696776)
	requireWithinCI(t, res, "avg_backorders", 0.530916)
	requireWithinCI(t, res, "avg_on_hand", 2.530916)
	requireWithinCI(t, res, "avg_inventory_position", 12)
}

// Continuous-review (r,Q) with unit demand: IP is uniform on r+1..r+Q and
// fill = (1/Q) sum_{y=r+1}^{r+Q} P(D_L <= y-1) (Axsater 2006, Inventory
// Control, sec. 5.3). lambda = 10/day, L = 2, r = 22, Q = 15; exact values
// from Poisson(20) with scipy: fill 0.934729, E[backorders] 0.139559,
// E[on hand] = E[backorders] + r + (Q+1)/2 - lambda L = 10.139559.
func TestTheoryRQ(t *testing.T) {
	t.Parallel()
	p := Policy{Type: RQ, Reorder: 22, HasReorder: true, Quantity: 15}
	m := singleStore(2, p, Demand{Rate: 10, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 1000, 50, 40
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	requireWithinCI(t, res, "fill_rate", 0.934729)
	requireWithinCI(t, res, "avg_backorders", 0.139559)
	requireWithinCI(t, res, "avg_on_hand", 10.139559)
}

// Base stock with lost sales and constant lead time: units on order behave
// like busy servers of an M/G/S/S loss system, so the share of demand lost
// is the Erlang loss formula B(S, lambda L) (Zipkin 2000, sec. 7.2).
// lambda = 4/day, L = 2, S = 10: B(10, 8) = 0.121661 by the recursion
// B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
func TestTheoryLostSalesErlangB(t *testing.T) {
	t.Parallel()
	m := singleStore(2, baseStock(10), Demand{Rate: 4, Backorder: 0, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 1000, 20, 40
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	requireWithinCI(t, res, "lost_rate", erlangB(10, 8))
	require.InDelta(t, 0.121661, erlangB(10, 8), 1e-6)
	requireWithinCI(t, res, "backorder_rate", 0)
}

func erlangB(servers int, load float64) float64 {
	b := 1.0
	for k := 1; k <= servers; k++ {
		b = load * b / (float64(k) + load*b)
	}
	return b
}

// The cycle service level is the textbook probability of no stockout in a
// replenishment cycle. (R,S) with R = 7, L = 3 and Poisson unit demand of
// 5/day: a review orders unless the week had no demand (probability e^-35),
// so the order placed at review t arrives at t+3 and the cycle [t+3, t+10)
// fills every unit from stock exactly when D(t, t+10] <= S. A service level
// of 0.9 derives S = ceil(50 + 1.2816 sqrt(50)) = 60, and the cycle service
// level is P(Poisson(50) <= 60) = 0.927840 (gonum distuv.Poisson CDF), above
// the target as the rounding up of S promises. Counting review cycles that
// end without backorders, as the metric once did, gives 1.000 here.
func TestTheoryCycleServiceLevelRS(t *testing.T) {
	t.Parallel()
	p := Policy{Type: RS, Review: 7, SafetyStock: SafetyStock{Method: SafetyServiceLevel, Value: 0.9}}
	m := singleStore(3, p, Demand{Rate: 5, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 2000, 50, 40
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	d := res.Derivations[0]
	require.Equal(t, 60.0, d.OrderUpTo)
	require.Equal(t, "cycle_service_level", d.TargetMetric)
	require.Equal(t, 0.9, d.Target)
	exact := distuv.Poisson{Lambda: 50, Src: rand.NewPCG(1, 1)}.CDF(60)
	require.InDelta(t, 0.927840, exact, 1e-6)
	requireWithinCI(t, res, "cycle_service_level", exact)
}

// Continuous review counts cycles the same way. (r,Q) with unit demand:
// receipts come every Q demands, L after the order placed when IP fell to
// r, and the cycle that receipt closes fills every unit from stock exactly
// when the lead-time demand after that order is at most r. With the
// parameters of TestTheoryRQ that is P(Poisson(20) <= 22) = 0.720611.
func TestTheoryCycleServiceLevelRQ(t *testing.T) {
	t.Parallel()
	p := Policy{Type: RQ, Reorder: 22, HasReorder: true, Quantity: 15}
	m := singleStore(2, p, Demand{Rate: 10, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 1000, 50, 40
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	requireWithinCI(t, res, "cycle_service_level", distuv.Poisson{Lambda: 20, Src: rand.NewPCG(1, 1)}.CDF(22))
}
