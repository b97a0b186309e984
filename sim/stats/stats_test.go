package stats

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSummarize(t *testing.T) {
	t.Parallel()
	s := Summarize([]float64{1, 2, 3, 4, 5})
	assert.Equal(t, 3.0, s.Mean)
	assert.InDelta(t, math.Sqrt(2.5), s.SD, 1e-12)
	// t(0.975, 4) = 2.776445 (scipy.stats.t.ppf(0.975, 4))
	assert.InDelta(t, 2.776445*math.Sqrt(2.5)/math.Sqrt(5), s.CI95, 1e-6)
	assert.Equal(t, 5, s.N)
}

func TestSummarizeSkipsUndefinedValues(t *testing.T) {
	t.Parallel()
	s := Summarize([]float64{1, math.NaN(), 3})
	assert.Equal(t, 2.0, s.Mean)
	assert.Equal(t, 2, s.N)
	assert.Len(t, s.Values, 3, "values keep every replication, for pairing")

	one := Summarize([]float64{7})
	assert.Equal(t, 7.0, one.Mean)
	assert.True(t, math.IsNaN(one.CI95), "no interval from one replication")

	none := Summarize([]float64{math.NaN()})
	assert.Equal(t, 0, none.N)
	assert.True(t, math.IsNaN(none.Mean))
}

func TestTQuantile(t *testing.T) {
	t.Parallel()
	// scipy.stats.t.ppf(0.975, df)
	assert.InDelta(t, 12.706205, TQuantile975(1), 1e-5)
	assert.InDelta(t, 2.045230, TQuantile975(29), 1e-5)
	assert.InDelta(t, 1.983972, TQuantile975(100), 1e-5)
	// Kept quantiles are the ones computed, to the bit, and so are those
	// beyond the table.
	for _, df := range []int{1, 2, 7, 29, 100, 4095, 4096, 100000} {
		assert.Equal(t, tQuantile975(df), TQuantile975(df), "df %d", df)
		assert.Equal(t, tQuantile975(df), TQuantile975(df), "df %d, again", df)
	}
}

func TestQuantileType7(t *testing.T) {
	t.Parallel()
	// numpy.quantile([1, 2, 3, 4, 10], [0.1, 0.5, 0.9]) = 1.4, 3, 7.6
	xs := []float64{10, 3, 1, 4, 2}
	assert.InDelta(t, 1.4, Quantile(xs, 0.1), 1e-12)
	assert.InDelta(t, 3.0, Quantile(xs, 0.5), 1e-12)
	assert.InDelta(t, 7.6, Quantile(xs, 0.9), 1e-12)
	assert.True(t, math.IsNaN(Quantile(nil, 0.5)))
}

func TestHistogram(t *testing.T) {
	t.Parallel()
	h := NewHistogram(1)
	h.Add(0.5, 2)
	h.Add(2.5, 2)
	assert.Equal(t, 1.5, h.Mean())
	assert.Equal(t, 4.0, h.Total)
	assert.InDelta(t, 0.5, h.Quantile(0.25), 1e-12, "halfway through the first bin")
	assert.InDelta(t, 3.0, h.Quantile(1), 1e-12)

	var g Histogram
	g.Width = 1
	g.Add(5.5, 1)
	h.Merge(&g)
	assert.Equal(t, 5.0, h.Total)
	assert.Len(t, h.Counts, 6)
	empty := NewHistogram(1)
	assert.True(t, math.IsNaN(empty.Mean()))
}
