package sim

import (
	"math/rand/v2"
)

// demandStream is a customer demand stream during a replication. Arrival
// times, order sizes, the wait-or-leave choice and patience each draw from
// their own random stream, so changing one leaves the others' draws alone.
type demandStream struct {
	plan                          *demandPlan
	t                             float64 // time of the last arrival
	arrivals, sizes, choice, wait *rand.Rand
}

func newDemandStream(seed uint64, rep int, p *demandPlan) demandStream {
	name := "demand/" + p.d.ID
	s := demandStream{plan: p, arrivals: streamRNG(seed, rep, name+"/arrivals")}
	if !p.d.Size.IsConstant() || (p.d.Every > 0 && !p.flat) {
		s.sizes = streamRNG(seed, rep, name+"/size")
	}
	if p.d.Backorder > 0 && p.d.Backorder < 1 {
		s.choice = streamRNG(seed, rep, name+"/choice")
	}
	if p.d.HasPatience {
		s.wait = streamRNG(seed, rep, name+"/patience")
	}
	return s
}

// next advances to the next arrival before the horizon. Poisson arrivals
// with a time-varying rate are drawn by thinning (Lewis and Shedler 1979):
// candidates at the peak rate, each kept with probability rate(t)/peak.
func (s *demandStream) next(horizon float64) (float64, bool) {
	d := s.plan.d
	if d.Every > 0 {
		s.t += d.Every
		return s.t, s.t < horizon
	}
	peak := d.Rate * s.plan.maxFactor
	for {
		s.t += s.arrivals.ExpFloat64() / peak
		if s.t >= horizon {
			return s.t, false
		}
		if s.plan.flat || s.arrivals.Float64()*s.plan.maxFactor < d.rateFactor(s.t) {
			return s.t, true
		}
	}
}

// size draws the units of the order arriving now. For fixed-interval demand
// the seasonal profile and trend scale the size instead of the rate.
func (s *demandStream) size() float64 {
	d := s.plan.d
	var q float64
	if s.sizes == nil {
		q = d.Size.A
	} else {
		q = d.Size.Sample(s.sizes)
	}
	if d.Every > 0 && !s.plan.flat {
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
