package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// means returns a band's daily means, for assertions.
func means(b Band) []float64 {
	m, _, _ := b.Values()
	return m
}

// p90s returns a band's daily 90th percentiles.
func p90s(b Band) []float64 {
	_, _, p := b.Values()
	return p
}

func TestBandKeepsEveryValue(t *testing.T) {
	t.Parallel()
	zeros := make([]float32, 3)
	for _, tc := range []struct {
		name           string
		mean, p10, p90 []float64
	}{
		{"one replication", []float64{1, 2.5, 3}, []float64{1, 2.5, 3}, []float64{1, 2.5, 3}},
		{"all zero", []float64{0, 0, 0}, []float64{0, 0, 0}, []float64{0, 0, 0}},
		{"negative zero", []float64{0, math.Copysign(0, -1), 0}, []float64{0, 0, 0}, []float64{0, 0, 0}},
		{"means not float32", []float64{1.0 / 3, 2, 3}, []float64{0, 1, 2}, []float64{1, 2, 4.1}},
		{"no days", nil, nil, nil},
	} {
		b := compactBand(tc.mean, tc.p10, tc.p90, zeros)
		mean, p10, p90 := b.Values()
		for d := range tc.mean {
			for _, v := range [][2]float64{{tc.mean[d], mean[d]}, {tc.p10[d], p10[d]}, {tc.p90[d], p90[d]}, {tc.mean[d], b.Mean(d)}, {tc.p90[d], b.P90(d)}} {
				assert.Equal(t, math.Float64bits(v[0]), math.Float64bits(v[1]), tc.name)
			}
		}
		assert.Equal(t, len(tc.mean), b.Days(), tc.name)
	}
}

func TestBandIsCompact(t *testing.T) {
	t.Parallel()
	b := NewBand([]float64{1, 2, 3}, []float64{1, 2, 3}, []float64{1, 2, 3})
	assert.NotNil(t, b.mean.f32, "float32 values stored as float32")
	assert.Same(t, &b.mean.f32[0], &b.p90.f32[0], "percentiles equal to the mean share it")
	zeros := make([]float32, 2)
	z := compactBand([]float64{0, 0}, []float64{0, 0}, []float64{0, 0}, zeros)
	assert.Same(t, &zeros[0], &z.mean.f32[0], "all-zero series share one slice")
	w := NewBand([]float64{0.1, 2}, []float64{0, 1}, []float64{1, 2})
	assert.NotNil(t, w.mean.f64, "0.1 is no float32")
	assert.NotNil(t, w.p10.f32)
}
