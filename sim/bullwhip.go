package sim

import "math"

// bullwhip counts, per period, the units a stock point is asked for and the
// units it orders, for the bullwhip ratio: the variance of its orders over
// the variance of its demand, both per period. A period is the review
// period for periodic review and one day for continuous review; only
// periods that start at or after the warm-up and end by the horizon count.
type bullwhip struct {
	// Every order reads the first three, which share a cache line with
	// the stock point's queue.
	length          float64 // days per period
	period          int     // the period being counted
	demand, ordered float64 // in that period
	n               float64 // periods closed
	sumD, sumD2     float64
	sumQ, sumQ2     float64
	firstCounted    int // the first period that starts at or after the warm-up
}

func newBullwhip(review, warmup float64) bullwhip {
	length := review
	if length <= 0 {
		length = 1
	}
	return bullwhip{length: length, firstCounted: int(math.Ceil(warmup/length - 1e-9))}
}

// to closes the periods before the one holding t. Periods without demand or
// orders are zeros, added all at once.
func (b *bullwhip) to(t float64) {
	var p int
	if b.length == 1 { // continuous review, daily periods: t/1 is t, without a division
		p = int(t)
	} else {
		p = int(t / b.length)
	}
	if p <= b.period {
		return
	}
	b.close(b.period)
	empty := p - b.period - 1
	if first := max(b.period+1, b.firstCounted); empty > 0 && first < p {
		b.n += float64(p - first)
	}
	b.period, b.demand, b.ordered = p, 0, 0
}

func (b *bullwhip) close(p int) {
	if p < b.firstCounted {
		return
	}
	b.n++
	b.sumD += b.demand
	b.sumD2 += b.demand * b.demand
	b.sumQ += b.ordered
	b.sumQ2 += b.ordered * b.ordered
}

func (b *bullwhip) ask(t, qty float64) {
	b.to(t)
	b.demand += qty
}

func (b *bullwhip) order(t, qty float64) {
	b.to(t)
	b.ordered += qty
}

// ratio closes the periods that end by the horizon and returns Var(orders)
// / Var(demand) per period; NaN with fewer than two periods or demand
// without variance.
func (b *bullwhip) ratio(horizon float64) float64 {
	end := int(math.Floor(horizon/b.length + 1e-9)) // periods [0, end) end by the horizon
	if end > b.period {
		b.to(float64(end) * b.length)
	}
	if b.n < 2 {
		return math.NaN()
	}
	vd := (b.sumD2 - b.sumD*b.sumD/b.n) / (b.n - 1)
	vq := (b.sumQ2 - b.sumQ*b.sumQ/b.n) / (b.n - 1)
	if vd <= 1e-12*math.Max(1, b.sumD2/b.n) {
		return math.NaN()
	}
	return math.Max(vq, 0) / vd
}
