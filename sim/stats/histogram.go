package stats

import "math"

// Histogram accumulates weighted non-negative values in bins of equal width,
// growing as larger values arrive. Its memory follows the largest value
// seen, not the number of values, so it can record every backorder delay of
// a long run.
type Histogram struct {
	Width  float64   // bin width
	inv    float64   // 1/Width, so that Add multiplies instead of divides
	Counts []float64 // Counts[i] is the weight in [i*Width, (i+1)*Width)
	Total  float64   // sum of weights
	Sum    float64   // sum of weight x value
}

// NewHistogram returns an empty histogram with the given bin width.
func NewHistogram(width float64) Histogram { return Histogram{Width: width, inv: 1 / width} }

// Add records value x with weight w.
func (h *Histogram) Add(x, w float64) {
	if h.inv == 0 {
		h.inv = 1 / h.Width
	}
	i := int(x * h.inv)
	if i >= len(h.Counts) {
		h.Counts = append(h.Counts, make([]float64, i+1-len(h.Counts))...)
	}
	h.Counts[i] += w
	h.Total += w
	h.Sum += w * x
}

// Mean returns the weighted mean of the values added, or NaN when empty.
func (h *Histogram) Mean() float64 {
	if h.Total == 0 {
		return math.NaN()
	}
	return h.Sum / h.Total
}

// Quantile returns the p-quantile, interpolating linearly within a bin, or
// NaN when empty. Its error is at most one bin width.
func (h *Histogram) Quantile(p float64) float64 {
	if h.Total == 0 {
		return math.NaN()
	}
	target := p * h.Total
	var acc float64
	for i, c := range h.Counts {
		if c > 0 && acc+c >= target {
			return (float64(i) + (target-acc)/c) * h.Width
		}
		acc += c
	}
	return float64(len(h.Counts)) * h.Width
}

// Merge adds the contents of o, which must have the same bin width.
func (h *Histogram) Merge(o *Histogram) {
	if len(o.Counts) > len(h.Counts) {
		h.Counts = append(h.Counts, make([]float64, len(o.Counts)-len(h.Counts))...)
	}
	for i, c := range o.Counts {
		h.Counts[i] += c
	}
	h.Total += o.Total
	h.Sum += o.Sum
}
