package sim

import (
	"math"
	"math/rand/v2"
	"slices"
)

// HistoryMode says how a demand stream uses its sales history.
type HistoryMode uint8

// The ways to use a history.
const (
	// Replay asks the history's quantities day by day, the same in every
	// replication (up to Noise), starting over at its first day when the
	// horizon is longer.
	Replay HistoryMode = iota
	// Bootstrap resamples the history in blocks of Block days, a new
	// series in every replication (docs/engine.md, Demand from history).
	Bootstrap
)

var historyModeNames = [...]string{Replay: "replay", Bootstrap: "bootstrap"}

func (m HistoryMode) String() string { return historyModeNames[m] }

// History is a demand stream driven by daily sales instead of a rate.
// Each day's quantity arrives as orders of one unit (and one of the
// fraction left, if any) at times drawn uniformly over the day.
type History struct {
	File  string    // the file the history came from, as the scenario names it
	Days  []float64 // units asked per day; Days[0] is simulation day 0
	Mode  HistoryMode
	Noise float64 // coefficient of variation of a lognormal day factor of mean 1; 0: none
	Block int     // Bootstrap: days per block, at most len(Days) - 6
}

// moments returns the mean and variance of the units asked per day.
func (h *History) moments() (mean, variance float64) {
	n := float64(len(h.Days))
	if n == 0 {
		return 0, 0
	}
	var s, s2 float64
	for _, x := range h.Days {
		s += x
		s2 += x * x
	}
	mean = s / n
	variance = math.Max(0, s2/n-mean*mean)
	if h.Noise > 0 { // E[(xF)^2] = E[x^2] (1 + cv^2)
		variance = math.Max(0, s2/n*(1+h.Noise*h.Noise)-mean*mean)
	}
	return mean, variance
}

// orders estimates the customer orders of a horizon, for the run budget:
// one per unit, one more per day for a fraction.
func (h *History) orders(horizon float64) float64 {
	mean, _ := h.moments()
	return (mean + 1) * math.Ceil(horizon)
}

// historyStream is a history during a replication: the orders of the
// current day, and the block being resampled.
type historyStream struct {
	h           *History
	whole       bool // every quantity is a whole number: noisy days are rounded
	noise, boot *rand.Rand
	day         int       // the day whose orders are in times; -1 before the first
	times       []float64 // arrival times of the day's orders, ascending
	last        float64   // size of the day's last order (the fraction, if any)
	next, cur   int       // the next order to hand out; the one arriving now
	blockStart  int       // Bootstrap: where the current block starts in h.Days
}

func newHistoryStream(h *History, seed uint64, rep int, name string) *historyStream {
	hs := &historyStream{h: h, day: -1, whole: true}
	for _, x := range h.Days {
		hs.whole = hs.whole && x == math.Trunc(x)
	}
	if h.Noise > 0 {
		hs.noise = streamRNG(seed, rep, name+"/noise")
	}
	if h.Mode == Bootstrap {
		hs.boot = streamRNG(seed, rep, name+"/bootstrap")
	}
	return hs
}

// arrival returns the time of the next order before the horizon; rng
// draws the times within each day.
func (hs *historyStream) arrival(rng *rand.Rand, horizon float64) (float64, bool) {
	for hs.next == len(hs.times) {
		hs.day++
		if float64(hs.day) >= horizon {
			return horizon, false
		}
		hs.orderDay(rng, hs.quantity(hs.day))
	}
	hs.cur = hs.next
	hs.next++
	t := hs.times[hs.cur]
	return t, t < horizon
}

// orderDay spreads quantity q over the day as orders of one unit and one
// of the fraction left.
func (hs *historyStream) orderDay(rng *rand.Rand, q float64) {
	n := int(math.Ceil(q))
	hs.times, hs.next = hs.times[:0], 0
	for range n {
		hs.times = append(hs.times, float64(hs.day)+rng.Float64())
	}
	slices.Sort(hs.times)
	hs.last = q - math.Floor(q)
	if hs.last == 0 {
		hs.last = 1
	}
}

// size is the units of the order arriving now.
func (hs *historyStream) size() float64 {
	if hs.cur == len(hs.times)-1 {
		return hs.last
	}
	return 1
}

// quantity is the units asked on day d.
func (hs *historyStream) quantity(d int) float64 {
	h := hs.h
	n := len(h.Days)
	var x float64
	if h.Mode == Replay {
		x = h.Days[d%n]
	} else {
		if d%h.Block == 0 {
			hs.blockStart = blockStart(hs.boot, d, n, h.Block)
		}
		x = h.Days[hs.blockStart+d%h.Block]
	}
	if hs.noise != nil {
		s2 := math.Log1p(h.Noise * h.Noise)
		x *= math.Exp(-s2/2 + math.Sqrt(s2)*hs.noise.NormFloat64())
		if hs.whole {
			x = math.Round(x)
		}
	}
	return x
}

// blockStart draws where the block beginning on day d starts in a history
// of n days: uniformly among the starts whose block lies in the history
// and that fall on d's weekday (day d and history day d share a weekday),
// so that a weekly pattern keeps its phase.
func blockStart(rng *rand.Rand, d, n, block int) int {
	phase := d % 7
	k := (n-block-phase)/7 + 1
	return phase + 7*rng.IntN(k)
}

// sizeScaled reports whether demand surges scale the stream's order sizes
// (fixed intervals and histories) rather than its arrival rate.
func (d *Demand) sizeScaled() bool { return d.Every > 0 || d.History != nil }
