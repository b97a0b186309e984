package stats

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Welch's test on numbers worked by hand: means 3 and 5, variances 2.5,
// n = 5 each: se = 1, df = 8, t = 2; t(0.975, 8) = 2.306004 and the
// two-sided p-value of t = 2 with 8 df is 0.080516 (statistical tables).
func TestWelchByHand(t *testing.T) {
	t.Parallel()
	tt, ok := WelchT(Summarize([]float64{1, 2, 3, 4, 5}), Summarize([]float64{3, 4, 5, 6, 7}))
	require.True(t, ok)
	assert.InDelta(t, 2.0, tt.Diff, 1e-12)
	assert.InDelta(t, 1.0, tt.SE, 1e-12)
	assert.InDelta(t, 8.0, tt.DF, 1e-12)
	assert.InDelta(t, 2.306004, tt.CI95(), 1e-6)
	assert.InDelta(t, 0.080516, tt.P(), 1e-6)
}

// The paired test on numbers worked by hand: differences 1.1, 0.9, 1.2,
// 1.0, 0.8 have mean 1, sd sqrt(0.025), se sqrt(0.005); t(0.975, 4) =
// 2.776445, so the half-width is 0.196324.
func TestPairedByHand(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tt, ok := PairedT([]float64{1, 2, 3, 4, 5, nan}, []float64{2.1, 2.9, 4.2, 5.0, 5.8, 9})
	require.True(t, ok, "the replication undefined in the baseline is left out")
	assert.InDelta(t, 1.0, tt.Diff, 1e-12)
	assert.InDelta(t, math.Sqrt(0.005), tt.SE, 1e-12)
	assert.InDelta(t, 4.0, tt.DF, 0)
	assert.InDelta(t, 0.196324, tt.CI95(), 1e-6)
	assert.Less(t, tt.P(), 0.001) // t = 14.1 with 4 df
	_, ok = PairedT([]float64{1, nan}, []float64{2, 3})
	assert.False(t, ok)
}

// Holm's step-down thresholds on a case worked by hand: p = 0.04, 0.001,
// 0.02 are tested at 0.05, 0.05/3, 0.05/2 and all rejected; with 0.03
// instead of 0.02, 0.03 > 0.025 stops the procedure before 0.04.
func TestHolm(t *testing.T) {
	t.Parallel()
	th, rej := Holm([]float64{0.04, 0.001, 0.02, math.NaN()}, 0.05)
	assert.InDeltaSlice(t, []float64{0.05, 0.05 / 3, 0.05 / 2}, th[:3], 1e-15)
	assert.True(t, math.IsNaN(th[3]), "NaN: not tested")
	assert.Equal(t, []bool{true, true, true, false}, rej)
	_, rej = Holm([]float64{0.04, 0.001, 0.03}, 0.05)
	assert.Equal(t, []bool{false, true, false}, rej)
}

func TestReplications(t *testing.T) {
	t.Parallel()
	hw := func(sd float64, n int) float64 { return TQuantile975(n-1) * sd / math.Sqrt(float64(n)) }
	for _, tt := range []struct{ sd, target float64 }{{1, 0.1}, {0.05, 0.005}, {3, 2.5}, {0.2, 0.001}} {
		n := Replications(tt.sd, tt.target)
		require.Greater(t, n, 1, "%v", tt)
		assert.LessOrEqual(t, hw(tt.sd, n), tt.target, "%v", tt)
		if n > 2 {
			assert.Greater(t, hw(tt.sd, n-1), tt.target, "%v: %d is not the smallest", tt, n)
		}
	}
	// (1.96 / 0.1)² = 384.2, and the t factor adds a little.
	assert.InDelta(t, 387, Replications(1, 0.1), 3)
	assert.Equal(t, 2, Replications(0, 0.1))
	assert.Equal(t, 0, Replications(math.NaN(), 0.1))
	assert.Equal(t, -1, Replications(1, 1e-9))
}
