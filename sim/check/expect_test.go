package check

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// summary is a metric across n replications with the given mean and 95%
// half-width (the SD is derived from it, as stats.Summarize would).
func summary(mean, ci float64, n int) stats.Summary {
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = mean
	}
	sd := math.NaN()
	if n > 1 {
		sd = ci * math.Sqrt(float64(n)) / stats.TQuantile975(n-1)
	}
	return stats.Summary{Mean: mean, CI95: ci, SD: sd, N: n, Values: vals}
}

func minExp(metric string, min float64) sim.Expectation {
	return sim.Expectation{At: "*", SKU: "*", Metric: metric, Min: min, HasMin: true}
}

func maxExp(metric string, max float64) sim.Expectation {
	return sim.Expectation{At: "*", SKU: "*", Metric: metric, Max: max, HasMax: true}
}

func TestJudge(t *testing.T) {
	t.Parallel()
	both := sim.Expectation{Metric: "fill_rate", Min: 0.9, HasMin: true, Max: 0.99, HasMax: true}
	onMean := minExp("fill_rate", 0.9)
	onMean.OnMean = true
	undefined := summary(math.NaN(), math.NaN(), 0)
	undefined.Values = []float64{math.NaN(), math.NaN(), math.NaN()}
	cases := []struct {
		name   string
		e      sim.Expectation
		s      stats.Summary
		want   Verdict
		reason string
		needed bool // an estimate of the replications is wanted
	}{
		{"min: whole CI above", minExp("fill_rate", 0.9), summary(0.95, 0.01, 10), Pass, "the whole 95% CI [0.94, 0.96] is at or above 0.9", false},
		{"min: CI touches the bound", minExp("fill_rate", 0.9), summary(0.92, 0.02, 10), Pass, "at or above 0.9", false},
		{"min: whole CI below", minExp("fill_rate", 0.9), summary(0.85, 0.01, 10), Fail, "the whole 95% CI [0.84, 0.86] is below the minimum 0.9", false},
		{"min: CI straddles", minExp("fill_rate", 0.9), summary(0.91, 0.02, 10), Inconclusive, "straddles the minimum 0.9: about", true},
		{"max: whole CI below", maxExp("lost_rate", 0.05), summary(0.02, 0.01, 10), Pass, "at or below 0.05", false},
		{"max: whole CI above", maxExp("lost_rate", 0.05), summary(0.08, 0.01, 10), Fail, "is above the maximum 0.05", false},
		{"max: CI straddles", maxExp("lost_rate", 0.05), summary(0.045, 0.01, 10), Inconclusive, "straddles the maximum 0.05", true},
		{"both: within", both, summary(0.95, 0.01, 10), Pass, "within [0.9, 0.99]", false},
		{"both: above", both, summary(0.995, 0.001, 10), Fail, "above the maximum 0.99", false},
		{"constant zero meets max 0", maxExp("lost_rate", 0), summary(0, 0, 10), Pass, "[0, 0] is at or below 0", false},
		{"on mean: CI straddles, mean above", onMean, summary(0.91, 0.02, 10), Pass, "the mean 0.91 is at or above 0.9", false},
		{"on mean: below", onMean, summary(0.89, 0.001, 10), Fail, "the mean 0.89 is below the minimum 0.9", false},
		{"undefined metric", minExp("backorder_delay_days", 1), undefined, Inconclusive, "undefined in all 3 replications: no units were backordered", false},
		{"one replication", minExp("fill_rate", 0.9), summary(0.95, math.NaN(), 1), Inconclusive, "no confidence interval", false},
		{"one replication on mean", onMean, summary(0.95, math.NaN(), 1), Pass, "the mean 0.95", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, reason, needed := Judge(tc.e, tc.s)
			assert.Equal(t, tc.want, v, reason)
			assert.Contains(t, reason, tc.reason)
			if tc.needed {
				assert.Greater(t, needed, tc.s.N, "more replications than now")
				assert.Contains(t, reason, "replications would settle it (now 10)")
			} else {
				assert.Zero(t, needed)
			}
		})
	}
}

// A mean exactly on the bound can never be settled.
func TestJudgeMeanOnBound(t *testing.T) {
	t.Parallel()
	v, reason, needed := Judge(minExp("fill_rate", 0.9), summary(0.9, 0.02, 10))
	assert.Equal(t, Inconclusive, v)
	assert.Equal(t, -1, needed)
	assert.Contains(t, reason, "the mean sits on the bound")
}

// The estimate is the smallest n whose t-based half-width, at the SD
// estimated now, is below the distance to the bound.
func TestReplicationsNeeded(t *testing.T) {
	t.Parallel()
	halfWidth := func(sd float64, n int) float64 { return stats.TQuantile975(n-1) * sd / math.Sqrt(float64(n)) }
	for _, tc := range []struct {
		sd, d float64
		n     int
	}{
		{0.05, 0.01, 10}, {0.05, 0.001, 10}, {2.0, 0.5, 5}, {0.1, 0.02, 30}, {1, 0.3, 2},
	} {
		s := stats.Summary{Mean: 1, SD: tc.sd, N: tc.n, CI95: halfWidth(tc.sd, tc.n), Values: make([]float64, tc.n)}
		got := replicationsNeeded(s, tc.d)
		require.Greater(t, got, tc.n)
		assert.Less(t, halfWidth(tc.sd, got), tc.d, "n = %d settles it", got)
		assert.GreaterOrEqual(t, halfWidth(tc.sd, got-1), tc.d, "n - 1 = %d does not", got-1)
		// Close to the normal approximation (1.96 sd / d)²; never below it.
		z := math.Pow(1.959964*tc.sd/tc.d, 2)
		assert.GreaterOrEqual(t, float64(got), z)
		assert.LessOrEqual(t, float64(got), 1.5*z+10)
		// Never more than the rough rule N (CI95/d)², which keeps the t factor of N.
		assert.LessOrEqual(t, float64(got), math.Ceil(float64(tc.n)*math.Pow(s.CI95/tc.d, 2)))
	}
	// When a quarter of the replications leave the metric undefined, a
	// third more are needed.
	s := stats.Summary{Mean: 1, SD: 0.05, N: 9, CI95: halfWidth(0.05, 9), Values: make([]float64, 12)}
	full := s
	full.Values = make([]float64, 9)
	assert.InDelta(t, float64(replicationsNeeded(full, 0.01))*12/9, float64(replicationsNeeded(s, 0.01)), 1)
	assert.Equal(t, -1, replicationsNeeded(s, 1e-9), "beyond MaxNeeded")
}

func results(expects []sim.Expectation, points ...[2]string) *sim.Results {
	res := &sim.Results{Model: &sim.Model{Expects: expects}}
	for i, p := range points {
		sr := sim.StockResult{At: p[0], SKU: p[1]}
		for range sim.Metrics {
			sr.Metrics = append(sr.Metrics, summary(0.9+0.01*float64(i), 0.005, 10))
		}
		res.Stocks = append(res.Stocks, sr)
	}
	return res
}

func TestExpectationsMatchPatterns(t *testing.T) {
	t.Parallel()
	points := [][2]string{{"dc", "hoodie"}, {"store-a", "hoodie"}, {"store-b", "hoodie"}, {"store-b", "scarf"}}
	stores := minExp("fill_rate", 0.5)
	stores.At = "store-*"
	hoodies := maxExp("lost_rate", 0.95)
	hoodies.SKU = "hoodie"
	one := minExp("fill_rate", 0.95) // fails at dc (0.90), straddles nothing elsewhere
	one.At, one.SKU = "dc", "hoodie"
	out, err := Expectations(results([]sim.Expectation{stores, hoodies, one}, points...))
	require.NoError(t, err)
	var got []string
	for _, o := range out {
		got = append(got, o.At+"/"+o.SKU+" "+o.Expect.Metric+" "+o.Verdict.String())
	}
	assert.Equal(t, []string{
		"store-a/hoodie fill_rate pass", "store-b/hoodie fill_rate pass", "store-b/scarf fill_rate pass",
		"dc/hoodie lost_rate pass", "store-a/hoodie lost_rate pass", "store-b/hoodie lost_rate pass",
		"dc/hoodie fill_rate fail",
	}, got)
	assert.Equal(t, 2, out[len(out)-1].Index)
}

func TestExpectationMatchingNothingIsAnError(t *testing.T) {
	t.Parallel()
	e := minExp("fill_rate", 0.5)
	e.At = "warehouse-*"
	_, err := Expectations(results([]sim.Expectation{e}, [2]string{"dc", "hoodie"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `at = "warehouse-*", sku = "*" matches no stock point`)

	e.At = "[" // a malformed pattern
	_, err = Expectations(results([]sim.Expectation{e}, [2]string{"dc", "hoodie"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `at = "["`)
}

func TestLabel(t *testing.T) {
	t.Parallel()
	e := sim.Expectation{Metric: "fill_rate", Min: 0.9, HasMin: true, Max: 1, HasMax: true, OnMean: true}
	assert.Equal(t, "fill_rate in [0.9, 1] (mean)", Label(e))
	assert.Equal(t, "avg_backorders <= 2.5", Label(maxExp("avg_backorders", 2.5)))
	e.Name = "stores serve 90%"
	assert.Equal(t, "stores serve 90%", Label(e))
}
