package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// weekSales is 10 weeks of daily sales with a weekly pattern, a little
// growth and a fraction: 70 days.
func weekSales() []float64 {
	weekly := []float64{8, 9, 9, 10, 12, 15, 13}
	days := make([]float64, 70)
	for i := range days {
		days[i] = weekly[i%7] + float64(i/7)
	}
	days[3] += 0.5
	return days
}

func historyStore(h *History, horizon float64, reps int) *Model {
	m := singleStore(2, Policy{Type: RS, Review: 7, SafetyStock: SafetyStock{Method: SafetyUnits, Value: 10}},
		Demand{History: h, Backorder: 1, Partial: true})
	m.Horizon, m.Warmup, m.Replications = horizon, 0, reps
	return m
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// Replay asks exactly the history's total in every replication; a horizon
// twice as long asks it twice.
func TestHistoryReplayTotal(t *testing.T) {
	t.Parallel()
	days := weekSales()
	total := sum(days)
	for _, laps := range []float64{1, 2} {
		h := &History{Days: days, Mode: Replay}
		res, err := Run(historyStore(h, laps*70, 5), Options{})
		require.NoError(t, err)
		for _, v := range res.Stocks[0].Metric("demand_per_day").Values {
			assert.InDelta(t, laps*total, v*laps*70, 1e-9)
		}
	}
}

// With noise, each replication asks a different total of whole units
// (the history's fraction aside), around the history's.
func TestHistoryReplayNoise(t *testing.T) {
	t.Parallel()
	h := &History{Days: weekSales(), Mode: Replay, Noise: 0.2}
	res, err := Run(historyStore(h, 70, 5), Options{})
	require.NoError(t, err)
	vals := res.Stocks[0].Metric("demand_per_day").Values
	assert.NotEqual(t, vals[0], vals[1])
	for _, v := range vals {
		assert.InDelta(t, sum(weekSales())/70, v, 0.2*sum(weekSales())/70)
	}
}

// The block bootstrap's mean per day over a long horizon matches its
// expectation, worked out by enumerating the starts each block may take
// (same weekday, whole block inside the history): within 4 standard
// errors, which a correct engine misses about once in 15000 runs. The
// expectation is within 1% of the history's mean (ends of the history
// appear in fewer blocks).
func TestHistoryBootstrapMean(t *testing.T) {
	t.Parallel()
	days := weekSales()
	const horizon, block = 3640, 7
	want := 0.0
	for d := 0; d < horizon; d++ {
		start := d - d%block
		phase := start % 7
		var s, n float64
		for st := phase; st+block <= len(days); st += 7 {
			s += days[st+d%block]
			n++
		}
		want += s / n
	}
	want /= horizon
	assert.InDelta(t, sum(days)/70, want, 0.01*sum(days)/70)

	h := &History{Days: days, Mode: Bootstrap, Block: block}
	res, err := Run(historyStore(h, horizon, 30), Options{})
	require.NoError(t, err)
	got := res.Stocks[0].Metric("demand_per_day")
	assert.Greater(t, got.SD, 0.0, "every replication draws its own blocks")
	assert.InDelta(t, want, got.Mean, 4*got.SD/math.Sqrt(float64(got.N)))
}

// Blocks keep their weekday: a history that sells only on weekday 5 is
// resampled into a series that sells only on weekday 5.
func TestHistoryBootstrapKeepsWeekday(t *testing.T) {
	t.Parallel()
	days := make([]float64, 28)
	for i := 5; i < 28; i += 7 {
		days[i] = float64(i)
	}
	hs := newHistoryStream(&History{Days: days, Mode: Bootstrap, Block: 3}, 1, 0, "demand/x")
	for d := range 200 {
		q := hs.quantity(d)
		if d%7 != 5 {
			assert.Zero(t, q, "day %d", d)
		} else {
			assert.Positive(t, q, "day %d", d)
		}
	}
}
