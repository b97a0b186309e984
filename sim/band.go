package sim

import "math"

// Band is a daily series across replications: the mean and the 10th and
// 90th percentiles of each day's values.
//
// The bands of a large network are most of its results' memory (three
// series per stock point, one value a day), so a band stores its values
// compactly without changing one: a series whose every value is a float32
// (one replication's, which the engine samples as float32) is held as
// float32; a percentile equal to the mean every day shares the mean's
// storage; and the all-zero series of one run share one slice.
type Band struct {
	mean, p10, p90 daily
}

// daily is one daily series: f32 when every value is a float32 exactly,
// else f64. Both are nil for a series of no days.
type daily struct {
	f32 []float32
	f64 []float64
}

func (s *daily) at(day int) float64 {
	if s.f32 != nil {
		return float64(s.f32[day])
	}
	return s.f64[day]
}

func (s *daily) len() int { return max(len(s.f32), len(s.f64)) }

func (s *daily) values() []float64 {
	if s.f32 == nil {
		return append([]float64(nil), s.f64...)
	}
	out := make([]float64, len(s.f32))
	for d, x := range s.f32 {
		out[d] = float64(x)
	}
	return out
}

// NewBand returns the band of the daily mean and percentiles given.
func NewBand(mean, p10, p90 []float64) Band { return compactBand(mean, p10, p90, nil) }

// compactBand stores a band compactly, copying the values it keeps (the
// caller may reuse its slices). zeros, when not nil, is an all-zero slice
// of the band's length that every all-zero series shares.
func compactBand(mean, p10, p90 []float64, zeros []float32) Band {
	b := Band{mean: compactSeries(mean, zeros)}
	b.p10, b.p90 = b.mean, b.mean
	if !sameSeries(p10, mean) {
		b.p10 = compactSeries(p10, zeros)
	}
	if !sameSeries(p90, mean) {
		b.p90 = compactSeries(p90, zeros)
	}
	return b
}

func compactSeries(xs []float64, zeros []float32) daily {
	if len(xs) == 0 {
		return daily{}
	}
	narrow, zero := true, true
	for _, x := range xs {
		narrow = narrow && sameBits(float64(float32(x)), x)
		zero = zero && sameBits(x, 0)
	}
	switch {
	case zero && len(zeros) == len(xs):
		return daily{f32: zeros}
	case narrow:
		f := make([]float32, len(xs))
		for d, x := range xs {
			f[d] = float32(x)
		}
		return daily{f32: f}
	}
	return daily{f64: append([]float64(nil), xs...)}
}

// sameSeries reports whether two series hold the same values, bit for bit.
func sameSeries(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for d := range a {
		if !sameBits(a[d], b[d]) {
			return false
		}
	}
	return true
}

// sameBits reports whether x and y are the same float64, bit for bit (so
// that -0 and 0 stay apart, as they print apart).
func sameBits(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }

// Days returns the band's length in days; 0 when the run kept no series.
func (b *Band) Days() int { return b.mean.len() }

// Mean returns the mean across replications on day d.
func (b *Band) Mean(d int) float64 { return b.mean.at(d) }

// P10 returns the 10th percentile across replications on day d.
func (b *Band) P10(d int) float64 { return b.p10.at(d) }

// P90 returns the 90th percentile across replications on day d.
func (b *Band) P90(d int) float64 { return b.p90.at(d) }

// Values returns the band's three series as new slices.
func (b *Band) Values() (mean, p10, p90 []float64) {
	return b.mean.values(), b.p10.values(), b.p90.values()
}
