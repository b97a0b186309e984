package sim

import (
	"math/rand/v2"
)

// demandStream is a customer demand stream during a replication. Arrival
// times, order sizes, the wait-or-leave choice and patience each draw from
// their own random stream, so changing one leaves the others' draws alone.
// The fields the event loop reads on every arrival sit first, inline, so an
// arrival touches one or two cache lines.
type demandStream struct {
	t         float64 // time of the last arrival
	peak      float64 // candidate arrival rate for thinning: rate x the largest rate factor
	constSize float64 // the order size when sizes is nil
	stock     int32
	flat      bool // no profile and no trend: every candidate is an arrival
	arrivals  rand.Rand
	pcg       rand.PCG // the arrivals' source, held inline

	plan                *demandPlan
	sizes, choice, wait *rand.Rand
}

// init sets up s in place: arrivals draws from the pcg inside s, so s must
// not be copied afterwards.
func (s *demandStream) init(seed uint64, rep int, p *demandPlan) {
	name := "demand/" + p.d.ID
	*s = demandStream{plan: p, stock: int32(p.stock), flat: p.flat, constSize: p.d.Size.A,
		peak: p.d.Rate * p.maxFactor}
	s.pcg = *streamSource(seed, rep, name+"/arrivals")
	s.arrivals = *rand.New(&s.pcg)
	if !p.d.Size.IsConstant() || (p.d.Every > 0 && !p.flat) {
		s.sizes = streamRNG(seed, rep, name+"/size")
	}
	if p.d.Backorder > 0 && p.d.Backorder < 1 {
		s.choice = streamRNG(seed, rep, name+"/choice")
	}
	if p.d.HasPatience {
		s.wait = streamRNG(seed, rep, name+"/patience")
	}
}

// next advances to the next arrival before the horizon. Poisson arrivals
// with a time-varying rate are drawn by thinning (Lewis and Shedler 1979):
// candidates at the peak rate, each kept with probability rate(t)/peak.
func (s *demandStream) next(horizon float64) (float64, bool) {
	if s.peak == 0 { // fixed intervals
		s.t += s.plan.d.Every
		return s.t, s.t < horizon
	}
	for {
		s.t += s.arrivals.ExpFloat64() / s.peak
		if s.t >= horizon {
			return s.t, false
		}
		if s.flat || s.arrivals.Float64()*s.plan.maxFactor < s.plan.d.rateFactor(s.t) {
			return s.t, true
		}
	}
}

// size draws the units of the order arriving now. For fixed-interval demand
// the seasonal profile and trend scale the size instead of the rate.
func (s *demandStream) size() float64 {
	if s.sizes == nil {
		return s.constSize
	}
	d := s.plan.d
	q := d.Size.Sample(s.sizes)
	if d.Every > 0 && !s.flat {
		q *= d.rateFactor(s.t)
	}
	return q
}

// waits reports whether a short customer waits for stock (else is lost).
func (s *demandStream) waits() bool {
	b := s.plan.d.Backorder
	if s.choice == nil {
		return b >= 1
	}
	return s.choice.Float64() < b
}

func (s *demandStream) patience() float64 { return s.plan.d.Patience.Sample(s.wait) }
