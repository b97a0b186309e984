package sim

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/supplysim/supplysim/sim/dist"
)

// hazards holds the disruption windows of one replication, drawn at its
// start, and the random streams of the disruptions' effects.
type hazards struct {
	windows [][]Window    // per disruption: sorted, not overlapping
	extra   []*dist.Keyed // per disruption: draws of Extra, by the instant of the order or departure
}

func newHazards(m *Model, rep int, mt *meter) hazards {
	h := hazards{windows: make([][]Window, len(m.Disruptions)), extra: make([]*dist.Keyed, len(m.Disruptions))}
	for i := range m.Disruptions {
		d := &m.Disruptions[i]
		name := "disruption/" + d.Name
		h.windows[i] = drawWindows(d, i, m.Horizon, streamRNG(m.Seed, rep, name), mt)
		h.extra[i] = dist.NewKeyed(m.Seed, rep, name+"/extra")
	}
	return h
}

// remove empties the windows of the disruptions in ds, for a twin run
// without them. Their random streams were created all the same, and each
// is used only inside its own windows, so every other draw stays paired.
func (h *hazards) remove(ds []int) {
	for _, d := range ds {
		h.windows[d] = nil
	}
}

// span returns the first start and the last end of the windows of the
// disruptions in ds; NaN when they have none.
func (h *hazards) span(ds []int) (start, end float64) {
	start, end = math.Inf(1), math.Inf(-1)
	for _, d := range ds {
		if ws := h.windows[d]; len(ws) > 0 {
			start, end = math.Min(start, ws[0].Start), math.Max(end, ws[len(ws)-1].End)
		}
	}
	if math.IsInf(start, 1) {
		return math.NaN(), math.NaN()
	}
	return start, end
}

// drawWindows lays out a disruption's occurrences within the horizon. The
// windows count towards the run's budget, and drawing stops when the meter
// says the run must.
func drawWindows(d *Disruption, index int, horizon float64, rng *rand.Rand, mt *meter) []Window {
	var ws []Window
	if d.Random {
		for t := d.Every.Sample(rng); t < horizon; t += d.Every.Sample(rng) {
			end := t + d.Length.Sample(rng)
			ws = append(ws, Window{Disruption: index, Start: t, End: end})
			t = end
			if len(ws)%meterEvery == 0 && mt.tick(meterEvery) {
				break
			}
		}
		return ws
	}
	for n, t := 1, d.Start; t < horizon; n, t = n+1, t+d.Repeat {
		if n%meterEvery == 0 && mt.tick(meterEvery) {
			break
		}
		// One draw per occurrence, even when Probability is 1, so that
		// changing the probability keeps the other occurrences' draws.
		if rng.Float64() < d.Probability {
			ws = append(ws, Window{Disruption: index, Start: t, End: t + d.Duration})
		}
		if d.Repeat <= 0 {
			break
		}
	}
	return ws
}

// at returns the window of disruption d that contains t.
func (h *hazards) at(d int, t float64) (Window, bool) {
	ws := h.windows[d]
	i := sort.Search(len(ws), func(i int) bool { return ws[i].End > t })
	if i < len(ws) && ws[i].Start <= t {
		return ws[i], true
	}
	return Window{}, false
}

// nextChange returns the first window boundary of disruption d after t.
func (h *hazards) nextChange(d int, t float64) float64 {
	ws := h.windows[d]
	i := sort.Search(len(ws), func(i int) bool { return ws[i].End > t })
	if i == len(ws) {
		return math.Inf(1)
	}
	if ws[i].Start > t {
		return ws[i].Start
	}
	return ws[i].End
}

// clear returns the first time at or after t outside every window of the
// disruptions in ds whose type is typ.
func (h *hazards) clear(m *Model, ds []int, typ DisruptionType, t float64) float64 {
	for moved := true; moved; {
		moved = false
		for _, d := range ds {
			if m.Disruptions[d].Type != typ {
				continue
			}
			if w, ok := h.at(d, t); ok {
				t, moved = w.End, true
			}
		}
	}
	return t
}

// stretch applies the delay disruptions of type typ active at time t to a
// duration: Factor times longer, plus Extra.
func (h *hazards) stretch(m *Model, ds []int, typ DisruptionType, t, duration float64) float64 {
	for _, d := range ds {
		dis := &m.Disruptions[d]
		if dis.Type != typ {
			continue
		}
		if _, ok := h.at(d, t); ok {
			duration = duration*dis.Factor + draw(dis.Extra, h.extra[d], t)
		}
	}
	return duration
}

// capacityShare returns the share of a supplier's capacity available at t.
func (h *hazards) capacityShare(m *Model, ds []int, t float64) float64 {
	share := 1.0
	for _, d := range ds {
		dis := &m.Disruptions[d]
		if dis.Type != CapacityLoss && dis.Type != SupplierOutage {
			continue
		}
		if _, ok := h.at(d, t); ok {
			share *= dis.Share
		}
	}
	return share
}

// produce returns when a supplier with the given capacity (units per day),
// starting at start, has made qty units, with capacity cut inside its
// capacity-loss and outage windows. +Inf when it never finishes.
func (h *hazards) produce(m *Model, ds []int, capacity, start, qty float64) float64 {
	t, left := start, qty
	for range 1 << 20 {
		rate := capacity * h.capacityShare(m, ds, t)
		next := math.Inf(1)
		for _, d := range ds {
			next = math.Min(next, h.nextChange(d, t))
		}
		if rate > 0 && t+left/rate <= next {
			return t + left/rate
		}
		if math.IsInf(next, 1) {
			return next
		}
		left -= rate * (next - t)
		t = next
	}
	return math.Inf(1)
}

// held delays an arrival at t for every hold-type lane closure that starts
// while the shipment, departed at depart, is on the lane.
func (h *hazards) held(m *Model, ds []int, depart, arrival float64) float64 {
	for _, d := range ds {
		dis := &m.Disruptions[d]
		if dis.Type != LaneClosure || !dis.Hold {
			continue
		}
		// Windows are sorted by start and arrival only grows, so the first
		// window starting at or after it ends the search.
		ws := h.windows[d]
		for i := sort.Search(len(ws), func(i int) bool { return ws[i].Start > depart }); i < len(ws) && ws[i].Start < arrival; i++ {
			arrival += ws[i].End - ws[i].Start
		}
	}
	return arrival
}
