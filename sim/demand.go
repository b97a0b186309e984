package sim

import (
	"math"
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
	gap       float64 // 1/peak: the mean time between candidates
	constSize float64 // the order size when sizes is nil
	backorder float64 // share of short customers who wait
	stock     int32
	flat      bool // no profile and no trend: every candidate is an arrival
	partial   bool // what is on hand ships at once
	arrivals  rand.Rand
	pcg       rand.PCG // the arrivals' source, held inline

	plan                          *demandPlan
	sizes, choice, wait, maxWaits *rand.Rand

	// Demand surges: extra arrivals (a second Poisson stream at the rate
	// the surge adds) and thinning when a factor is below 1, all drawn from
	// their own streams so that the base arrivals stay the same.
	surgeT            float64
	surge, surgeSizes *rand.Rand
}

// init sets up s in place: arrivals draws from the pcg inside s, so s must
// not be copied afterwards.
func (s *demandStream) init(seed uint64, rep int, p *demandPlan) {
	name := "demand/" + p.d.ID
	*s = demandStream{plan: p, stock: int32(p.stock), flat: p.flat, constSize: p.d.Size.A,
		peak: p.d.Rate * p.maxFactor, backorder: p.d.Backorder, partial: p.d.Partial}
	if s.peak > 0 {
		s.gap = 1 / s.peak
	}
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
	if p.d.HasMaxWait {
		s.maxWaits = streamRNG(seed, rep, name+"/max_wait")
	}
	if len(p.surges) > 0 {
		s.surge = streamRNG(seed, rep, name+"/surge")
		s.surgeSizes = streamRNG(seed, rep, name+"/surge_size")
	}
}

// surgeFactor returns the product of the factors of the surges active at t.
func (s *demandStream) surgeFactor(m *Model, hz *hazards, t float64) float64 {
	f := 1.0
	for _, d := range s.plan.surges {
		if _, ok := hz.at(d, t); ok {
			f *= m.Disruptions[d].Factor
		}
	}
	return f
}

// keep decides whether a base arrival at t survives surges with a factor
// below 1 (demand drops).
func (s *demandStream) keep(m *Model, hz *hazards, t float64) bool {
	f := s.surgeFactor(m, hz, t)
	return f >= 1 || s.surge.Float64() < f
}

// nextSurge advances to the next extra arrival that surges add, at rate
// base rate(t) x (F(t) - 1) inside surge windows, by thinning. Outside the
// windows it jumps to the next window start: Poisson arrivals have no memory.
func (s *demandStream) nextSurge(m *Model, hz *hazards, horizon float64) (float64, bool) {
	d := s.plan.d
	peak := d.Rate * s.plan.maxFactor * (s.plan.surgeMax - 1)
	if peak <= 0 || d.Every > 0 {
		return 0, false
	}
	for s.surgeT < horizon {
		s.surgeT += s.surge.ExpFloat64() / peak
		f := s.surgeFactor(m, hz, s.surgeT)
		if f <= 1 {
			s.surgeT = s.nextSurgeStart(m, hz, s.surgeT)
			continue
		}
		extra := d.rateFactor(s.surgeT) * (f - 1)
		if s.surgeT < horizon && s.surge.Float64()*s.plan.maxFactor*(s.plan.surgeMax-1) < extra {
			return s.surgeT, true
		}
	}
	return s.surgeT, false
}

// nextSurgeStart returns the next boundary after t of a surge with a factor above 1.
func (s *demandStream) nextSurgeStart(m *Model, hz *hazards, t float64) float64 {
	next := math.Inf(1)
	for _, d := range s.plan.surges {
		if m.Disruptions[d].Factor > 1 {
			next = math.Min(next, hz.nextChange(d, t))
		}
	}
	return next
}

// surgeSize draws the size of an extra order a surge brings.
func (s *demandStream) surgeSize() float64 {
	if s.sizes == nil {
		return s.constSize
	}
	return s.plan.d.Size.Sample(s.surgeSizes)
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
		s.t += s.arrivals.ExpFloat64() * s.gap
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
	b := s.backorder
	if s.choice == nil {
		return b >= 1
	}
	return s.choice.Float64() < b
}

func (s *demandStream) patience() float64 { return s.plan.d.Patience.Sample(s.wait) }

// maxWait draws the longest wait this customer accepts.
func (s *demandStream) maxWait() float64 { return s.plan.d.MaxWait.Sample(s.maxWaits) }
