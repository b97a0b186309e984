package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// A moving average of N days of i.i.d. demand with variance s² forecasts
// the next day with error variance s² (1 + 1/N): the day's own variance
// plus that of the mean of N others (e.g. Silver, Pyke & Thomas 2017,
// Inventory and Production Management, sec. 4.5). Poisson(20) demand,
// N = 5: 20 x 1.2 = 24. The tolerance is 4 standard errors of the mean of
// 100 batch means of squared errors (batches of 2,000 days, far longer
// than the errors' correlation of N days).
func TestForecastMovingAverageErrorVariance(t *testing.T) {
	t.Parallel()
	const lambda, n, batches, perBatch = 20.0, 5, 100, 2000
	fc := newForecaster(&Forecast{Method: MovingAverage, Window: n, ErrorWindow: 1, InitDays: n}, 1, 0, "x")
	pois := distuv.Poisson{Lambda: lambda, Src: rand.NewPCG(3, 4)}
	for d := range n {
		fc.feed(pois.Rand(), d, 0)
	}
	means := make([]float64, batches)
	day := n
	for b := range means {
		for range perBatch {
			a := pois.Rand()
			e := fc.nextOne - a
			means[b] += e * e / perBatch
			fc.feed(a, day, 0)
			day++
		}
	}
	mean, sd := meanSD(means)
	se := sd / math.Sqrt(batches)
	want := lambda * (1 + 1.0/n)
	t.Logf("error variance %.3f ± %.3f (se), closed form %.3f", mean, se, want)
	require.InDelta(t, want, mean, 4*se)
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// With a perfect forecast (SES with alpha 0 from the true mean) and a
// constant lead time, a forecast-driven base stock sets the same level as
// the base stock derived from the true demand, so it reproduces its run
// exactly, and with it the closed form of TestTheoryBaseStock.
func TestForecastPerfectIsBaseStock(t *testing.T) {
	t.Parallel()
	fixed := Policy{Type: BaseStock, SafetyStock: SafetyStock{Method: SafetyUnits, Value: 2}}
	forecast := fixed
	forecast.Forecast = &Forecast{Method: ExpSmoothing, Alpha: 0, Given: true, Level: 2, ErrorWindow: 56}
	run := func(p Policy) *Results {
		m := singleStore(5, p, Demand{Rate: 2, Backorder: 1, Partial: true})
		m.Horizon, m.Warmup, m.Replications = 2000, 50, 40
		res, err := Run(m, Options{NoSeries: true})
		require.NoError(t, err)
		return res
	}
	a, b := run(fixed), run(forecast)
	require.Equal(t, 12.0, a.Derivations[0].OrderUpTo)
	for _, name := range []string{"fill_rate", "avg_backorders", "avg_on_hand", "avg_inventory_position", "cost_total"} {
		require.Equal(t, a.Stocks[0].Metric(name), b.Stocks[0].Metric(name), name)
	}
	requireWithinCI(t, b, "fill_rate", 0.696776)
	requireWithinCI(t, b, "avg_backorders", 0.530916)
	require.InDelta(t, 0, b.Stocks[0].Metric("forecast_bias").Mean, 0.01)
}

// Chen, Drezner, Ryan & Simchi-Levi (2000), "Quantifying the bullwhip
// effect in a simple supply chain", Management Science 46(3), eq. (5): an
// order-up-to policy y_t = L x (mean of the last p demands) + a constant,
// reviewed every period, places orders q_t = y_t - y_{t-1} + D_{t-1} with
// Var(q)/Var(D) = 1 + 2L/p + 2L²/p² (equality with a constant safety stock;
// their bound ">=" covers a safety stock re-estimated each period). Their L
// is the periods the order-up-to level covers, here lead time plus review:
// RS with a daily review, a 2-day lead time (L = 3) and p = 6 days: 2.5.
// Their orders may be negative; a mean of 100 units a day against a sd of
// 10 keeps ours positive (an order below 0 is about 15 sd away), so
// clipping at 0 never happens in practice.
func TestBullwhipChenMovingAverage(t *testing.T) {
	t.Parallel()
	p := Policy{Type: RS, Review: 1, SafetyStock: SafetyStock{Method: SafetyUnits, Value: 50},
		Forecast: &Forecast{Method: MovingAverage, Window: 6, Given: true, Level: 100, ErrorWindow: 56}}
	m := singleStore(2, p, Demand{Rate: 100, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = 2050, 50, 30
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	const L, pp = 3.0, 6.0
	requireWithinCI(t, res, "bullwhip_ratio", 1+2*L/pp+2*L*L/(pp*pp))
	// and without a forecast, an order-up-to policy passes demand on: 1
	fixed := singleStore(2, Policy{Type: RS, Review: 1, OrderUpTo: 350, HasOrderUpTo: true}, Demand{Rate: 100, Backorder: 1, Partial: true})
	fixed.Horizon, fixed.Warmup, fixed.Replications = 2050, 50, 30
	res, err = Run(fixed, Options{NoSeries: true})
	require.NoError(t, err)
	requireWithinCI(t, res, "bullwhip_ratio", 1)
}
