package sim

import "math/rand/v2"

// demandStream is a customer demand stream during a replication. Arrival
// times, order sizes, the wait-or-leave choice and patience each draw from
// their own random stream, so changing one leaves the others' draws alone.
// It fills two cache lines, which a slice places side by side in one
// aligned 128-byte block that the hardware fetches together; an arrival
// reads nothing else of the stream, its source included
// (TestHotFieldsShareCacheLines keeps it so). What few streams use waits
// behind more.
type demandStream struct {
	t         float64 // time of the last arrival
	gap       float64 // 1/peak, the candidate arrival rate for thinning (rate x the largest rate factor); 0 for fixed intervals
	constSize float64 // the order size unless sized
	plan      *demandPlan
	n         float64 // fixed intervals: arrivals so far

	arrivals rand.Rand
	pcg      rand.PCG     // the arrivals' source, held inline
	policy   orderRule    // the stock point's, a copy, so that an order leaves the plan unread
	more     *streamExtra // nil unless the stream has one of its parts
	stock    int32
	flat     bool // no profile and no trend: every candidate is an arrival
	partial  bool // what is on hand ships at once
	chooses  bool // customers draw a choice, patience or longest wait
	surged   bool // demand surges hit the stream
	history  bool // more.hist is set
	sized    bool // more.sizes is set
	waitsAll bool // every short customer waits (backorder = 1)
}

// streamExtra holds the parts of a demand stream that few streams have.
type streamExtra struct {
	hist                   *historyStream // demand from a sales history (history.go)
	sizes                  *rand.Rand
	backorder              float64 // share of short customers who wait
	choice, wait, maxWaits *rand.Rand
	// Demand surges. thin draws one uniform per base arrival when a surge
	// can drop demand (whether or not one is active, so that the draws stay
	// paired with the arrivals); each surge that adds demand draws its
	// extra orders from its own stream.
	thin   *rand.Rand
	boosts []boost
}

// extra returns the stream's rarely used parts, or an empty set when it
// has none.
func (s *demandStream) extra() *streamExtra {
	if s.more == nil {
		return &noExtra
	}
	return s.more
}

var noExtra streamExtra

// customer is what a customer order brings besides its units. It is drawn
// when the order arrives, from streams of the order's own source, so that a
// customer decides the same way whatever happened before (common random
// numbers across variants, and between a run and its twin).
type customer struct {
	waits    bool    // waits for stock when short; else lost at once
	patience float64 // days before cancelling what is unfilled, for demand with patience
	maxWait  float64 // longest quoted wait accepted, for demand with max_wait
}

// boost draws the extra orders that one demand surge (factor above 1) adds
// to a Poisson stream. Every candidate inside the surge's windows draws its
// acceptance, thinning, size and customer from the boost's own stream,
// accepted or not, so another surge's presence never shifts these draws.
type boost struct {
	plan *boostPlan
	t    float64 // time of the last candidate
	rng  *rand.Rand
	qty  float64 // the next extra order, drawn ahead
	cust customer
}

// init sets up s in place: arrivals draws from the pcg inside s, so s must
// not be copied afterwards.
func (s *demandStream) init(seed uint64, rep int, p *demandPlan, policy orderRule) {
	name := "demand/" + p.d.ID
	*s = demandStream{plan: p, stock: int32(p.stock), flat: p.flat, constSize: p.d.Size.A,
		partial: p.d.Partial, waitsAll: p.d.Backorder >= 1, policy: policy}
	if peak := p.d.Rate * p.maxFactor; peak > 0 {
		s.gap = 1 / peak
	}
	s.pcg = *streamSource(seed, rep, name+"/arrivals")
	s.arrivals = *rand.New(&s.pcg)
	x := streamExtra{backorder: p.d.Backorder}
	if !p.d.Size.IsConstant() || (p.d.Every > 0 && !p.flat) {
		x.sizes = streamRNG(seed, rep, name+"/size")
		s.sized = true
	}
	if p.d.Backorder > 0 && p.d.Backorder < 1 {
		x.choice = streamRNG(seed, rep, name+"/choice")
	}
	if p.d.HasPatience {
		x.wait = streamRNG(seed, rep, name+"/patience")
	}
	if p.d.HasMaxWait {
		x.maxWaits = streamRNG(seed, rep, name+"/max_wait")
	}
	s.chooses = x.choice != nil || x.wait != nil || x.maxWaits != nil
	s.surged = len(p.surges) > 0
	if p.d.History != nil {
		x.hist = newHistoryStream(p.d.History, seed, rep, name)
		s.history = true
	}
	if len(p.drops) > 0 && !p.d.sizeScaled() {
		x.thin = streamRNG(seed, rep, name+"/surge")
	}
	for i := range p.boosts {
		b := &p.boosts[i]
		x.boosts = append(x.boosts, boost{plan: b, rng: streamRNG(seed, rep, name+"/surge/"+b.name)})
	}
	if s.history || s.sized || s.chooses || x.thin != nil || x.boosts != nil {
		s.more = &x
	}
}

// customer draws the choices of a base order from the stream's own streams.
func (s *demandStream) customer() customer {
	if !s.chooses {
		return customer{waits: s.waitsAll}
	}
	x := s.more
	return s.customerFrom(x.choice, x.wait, x.maxWaits)
}

// customerFrom draws a customer's choices; a nil stream stands for a choice
// this demand does not have.
func (s *demandStream) customerFrom(choice, wait, maxWait *rand.Rand) customer {
	d := s.plan.d
	c := customer{waits: s.waitsAll}
	if choice != nil {
		c.waits = choice.Float64() < s.more.backorder
	}
	if wait != nil {
		c.patience = d.Patience.Sample(wait)
	}
	if maxWait != nil {
		c.maxWait = d.MaxWait.Sample(maxWait)
	}
	return c
}

// factorAt returns the product of the factors of the surges in ds active at t.
func factorAt(m *Model, hz *hazards, ds []int, t float64) float64 {
	f := 1.0
	for _, d := range ds {
		if _, ok := hz.at(d, t); ok {
			f *= m.Disruptions[d].Factor
		}
	}
	return f
}

// dropped decides whether a base arrival at t is thinned away by the
// surges with a factor below 1. The uniform is drawn for every arrival.
func (s *demandStream) dropped(m *Model, hz *hazards, t float64) bool {
	thin := s.extra().thin
	return thin != nil && thin.Float64() >= factorAt(m, hz, s.plan.drops, t)
}

// nextBoost advances boost b to its next extra order before the horizon.
// Surge i adds arrivals at rate base(t) x (f_i - 1) x the product of the
// factors of the boosts before it active at t, so that overlapping surges
// multiply: the terms telescope to base(t) x (F(t) - 1). Candidates come at
// the bound of that rate inside b's own windows only (Poisson arrivals have
// no memory, so the gaps between windows are skipped), and are thinned to
// the rate and by the surges that drop demand.
func (s *demandStream) nextBoost(b *boost, m *Model, hz *hazards, horizon float64) (float64, bool) {
	d, bp := s.plan.d, b.plan
	peak := d.Rate * s.plan.maxFactor * bp.bound * (bp.factor - 1)
	if peak <= 0 {
		return 0, false
	}
	for b.t < horizon {
		b.t += b.rng.ExpFloat64() / peak
		if _, ok := hz.at(bp.d, b.t); !ok {
			b.t = hz.nextChange(bp.d, b.t)
			continue
		}
		accept, kept := b.rng.Float64(), true
		if x := s.more; x.thin != nil {
			kept = b.rng.Float64() < factorAt(m, hz, s.plan.drops, b.t)
		}
		b.qty = s.constSize
		if s.sized {
			b.qty = d.Size.Sample(b.rng)
		}
		x := s.more
		b.cust = s.customerFrom(either(x.choice, b.rng), either(x.wait, b.rng), either(x.maxWaits, b.rng))
		rate := d.rateFactor(b.t) * factorAt(m, hz, bp.earlier, b.t)
		if b.t < horizon && kept && accept*s.plan.maxFactor*bp.bound < rate {
			return b.t, true
		}
	}
	return b.t, false
}

// either returns r where the stream has a choice (has is not nil), else nil.
func either(has, r *rand.Rand) *rand.Rand {
	if has == nil {
		return nil
	}
	return r
}

// next advances to the next arrival before the horizon. Poisson arrivals
// with a time-varying rate are drawn by thinning (Lewis and Shedler 1979):
// candidates at the peak rate, each kept with probability rate(t)/peak.
func (s *demandStream) next(horizon float64) (float64, bool) {
	if s.history {
		return s.more.hist.arrival(&s.arrivals, horizon)
	}
	if s.gap == 0 {
		// Fixed intervals: the n-th order at n x every exactly, not a running
		// sum whose drift would put it a hair before a receipt due then.
		s.n++
		s.t = s.n * s.plan.d.Every
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
	if s.history {
		return s.more.hist.size()
	}
	if !s.sized {
		return s.constSize
	}
	d := s.plan.d
	q := d.Size.Sample(s.more.sizes)
	if d.Every > 0 && !s.flat {
		q *= d.rateFactor(s.t)
	}
	return q
}
