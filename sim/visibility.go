package sim

import (
	"math"
	"math/rand/v2"
)

// Visibility is what a stock point's policy does not see as it is.
//
//   - InfoDelay: the policy sees the inventory position as it was InfoDelay
//     days ago, plus the orders it has placed since (a planner knows their
//     own orders, not the demand and receipts of the last days).
//   - Shrink: units vanish from the shelf without being recorded (theft,
//     damage, misplacement), one at a time, at Shrink units per day (Poisson,
//     from the stream stock/<at>/<sku>/shrink), while there is stock on
//     hand. The record keeps them: the policy sees recorded on hand =
//     physical on hand + phantom units, while customers find only the
//     physical stock.
//   - CycleCount: every CycleCount days (from time CycleCount on) a count
//     sets the record to the physical stock; 0 means never.
type Visibility struct {
	InfoDelay  float64 // days
	Shrink     float64 // units per day
	CycleCount float64 // days between counts; 0: never
}

// Used reports whether the stock point sees less than everything at once.
func (v Visibility) Used() bool { return v.InfoDelay > 0 || v.Shrink > 0 }

// visState is a stock point's view during a replication.
type visState struct {
	v       *Visibility
	shrink  *rand.Rand // nil without Shrink
	phantom float64    // recorded on hand - physical on hand, units
	// history of (time, recorded position - orders placed so far), for the
	// information delay; head is the first entry still needed.
	times, values []float64
	head          int
	ordered       float64 // units ordered so far

	lastT, area float64 // time integral of the phantom units after the warm-up
}

func newVisState(v *Visibility, seed uint64, rep int, name string) *visState {
	vs := &visState{v: v}
	if v.Shrink > 0 {
		vs.shrink = streamRNG(seed, rep, "stock/"+name+"/shrink")
	}
	return vs
}

// note records the recorded position after a change of levels d.
func (vs *visState) note(now float64, position float64, d delta) {
	if d.onOrder > 0 {
		vs.ordered += d.onOrder
	}
	if vs.v.InfoDelay <= 0 {
		return
	}
	x := position + vs.phantom - vs.ordered
	if n := len(vs.times); n > vs.head && vs.times[n-1] == now {
		vs.values[n-1] = x
		return
	}
	vs.times = append(vs.times, now)
	vs.values = append(vs.values, x)
}

// seen returns the inventory position the policy sees now, given the true one.
func (vs *visState) seen(now, position float64) float64 {
	if vs.v.InfoDelay <= 0 {
		return position + vs.phantom
	}
	t := now - vs.v.InfoDelay
	for vs.head+1 < len(vs.times) && vs.times[vs.head+1] <= t {
		vs.head++
	}
	if vs.head > 1024 && vs.head > len(vs.times)/2 {
		vs.times = append(vs.times[:0], vs.times[vs.head:]...)
		vs.values = append(vs.values[:0], vs.values[vs.head:]...)
		vs.head = 0
	}
	return vs.values[vs.head] + vs.ordered
}

// setPhantom moves the phantom units, closing their time integral first.
func (vs *visState) setPhantom(now, warmup, x float64) {
	from := math.Max(vs.lastT, warmup)
	if now > from {
		vs.area += vs.phantom * (now - from)
	}
	vs.lastT = now
	vs.phantom = x
}

// nextShrink is the time of the next unit to vanish after t.
func (vs *visState) nextShrink(t float64) float64 {
	return t + vs.shrink.ExpFloat64()/vs.v.Shrink
}

// recordError is the time-averaged phantom stock after the warm-up.
func (vs *visState) recordError(horizon, warmup float64) float64 {
	vs.setPhantom(horizon, warmup, vs.phantom)
	return vs.area / (horizon - warmup)
}

// events estimates the shrink and cycle-count events over a horizon, for
// the run budget.
func (v Visibility) events(horizon float64) float64 {
	n := v.Shrink * horizon
	if v.CycleCount > 0 && v.Shrink > 0 {
		n += horizon / v.CycleCount
	}
	return n
}
