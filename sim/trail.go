package sim

import "math"

// step is a state of a trail: backorders outstanding and units lost so far,
// from time t until the next step.
type step struct{ t, backorders, lost float64 }

// trail records a stock point's backorders and units lost (refused or
// cancelled, over the whole horizon) as step functions in event time, so
// that a run can be compared with its twin at every instant rather than at
// daily samples. Only the last state of each instant is kept: states that
// hold for no time are not states of the system. A trail costs 24 bytes per
// instant at which backorders or losses change, and is kept only when a
// replication measures impact.
type trail struct {
	steps         []step
	waiting, lost float64 // backorders outstanding (named apart from stock's levels) and units lost
	net           *trail  // the network's trail, fed too; nil for stock points without customers
}

func (tr *trail) record(t float64, d delta) {
	tr.waiting += d.backorders
	tr.lost += d.lost
	if n := len(tr.steps); n > 0 && tr.steps[n-1].t == t {
		tr.steps[n-1] = step{t, tr.waiting, tr.lost}
	} else {
		tr.steps = append(tr.steps, step{t, tr.waiting, tr.lost})
	}
	if tr.net != nil {
		tr.net.record(t, d)
	}
}

// same is the tolerance below which a run and its twin count as equal:
// units added in a different order may differ in the last bits.
const same = 1e-9

// gap compares a run's trail with its twin's (run minus twin).
type gap struct {
	first   float64   // first instant they differ in backorders or losses; NaN if never
	peak    float64   // largest run − twin backorders at any instant, >= 0
	daily   []float64 // per day: largest |difference in backorders| during it + |difference in units lost on it|
	samples []float32 // per day: difference in backorders at t = d after its events; nil when not wanted
	endLost []float64 // scratch: difference in units lost at each day's end
}

func newGap(days int, samples bool) *gap {
	g := &gap{daily: make([]float64, days), endLost: make([]float64, days)}
	if samples {
		g.samples = make([]float32, days)
	}
	return g
}

// compare merges the two step functions over [0, horizon).
func (g *gap) compare(run, twin []step, horizon float64) {
	g.first, g.peak = math.NaN(), 0
	clear(g.daily)
	var a, b step
	from, i, j := 0.0, 0, 0
	for i < len(run) || j < len(twin) {
		t := math.Inf(1)
		if i < len(run) {
			t = run[i].t
		}
		if j < len(twin) {
			t = math.Min(t, twin[j].t)
		}
		g.span(from, t, a.backorders-b.backorders, a.lost-b.lost)
		if i < len(run) && run[i].t == t {
			a, i = run[i], i+1
		}
		if j < len(twin) && twin[j].t == t {
			b, j = twin[j], j+1
		}
		from = t
		if math.IsNaN(g.first) && (math.Abs(a.backorders-b.backorders) > same || math.Abs(a.lost-b.lost) > same) {
			g.first = t
		}
		g.peak = math.Max(g.peak, a.backorders-b.backorders)
	}
	g.span(from, horizon, a.backorders-b.backorders, a.lost-b.lost)
	prev := 0.0
	for d, l := range g.endLost {
		g.daily[d] += math.Abs(l - prev)
		prev = l
	}
}

// span applies a difference that holds on [from, to) to the days it touches.
// Spans come in time order, so the last to touch a day holds at its end.
func (g *gap) span(from, to, backorders, lost float64) {
	if to <= from {
		return
	}
	for d := int(from); d < len(g.daily) && float64(d) < to; d++ {
		g.daily[d] = math.Max(g.daily[d], math.Abs(backorders))
		if g.samples != nil && float64(d) >= from {
			g.samples[d] = float32(backorders)
		}
		g.endLost[d] = lost
	}
}

// recovery returns the days from end to the end of the last day on which
// the daily difference exceeds tol (0 when that day ends before end), and
// whether the difference died down before the last day of the horizon.
func (g *gap) recovery(end, tol float64) (float64, bool) {
	last := -1
	for d, e := range g.daily {
		if e > tol {
			last = d
		}
	}
	if last == len(g.daily)-1 {
		return math.NaN(), false
	}
	return math.Max(0, float64(last+1)-end), true
}
