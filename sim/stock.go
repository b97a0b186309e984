package sim

import (
	"math"
	"sort"

	"github.com/supplysim/supplysim/sim/dist"
	"github.com/supplysim/supplysim/sim/stats"
)

// delayBin is the resolution of backorder delays: one hour.
const delayBin = 1.0 / 24

// stock is the state of one stock point during a replication. A customer
// order reads three of its cache lines, the first, second and fourth
// (TestHotFieldsShareCacheLines keeps them there): the levels and what
// every order checks; the waiting requests and the bullwhip period being
// counted; the counters every order updates. The rest is read seldom.
type stock struct {
	onHand     float64
	onOrder    float64      // ordered from the source, not yet received
	backorders float64      // units promised to waiting customers and downstream stock points
	lastT      float64      // time the accumulators in k were brought up to
	cycleShort float64      // units short at the moment of demand in the current replenishment cycle
	info       *information // forecast, anchoring and visibility; nil when the policy uses none
	trail      *trail       // backorders and losses in event time; nil unless measuring impact
	continuous bool         // continuous review: the policy looks after every demand
	// What an order would otherwise read the plan for: the site has
	// equipment failures, a handling capacity; the allocation rule is by
	// priority.
	mayFail, handles, byPriority bool

	queue waitQueue // waiting requests, first come first served
	bw    bullwhip  // orders and demand per period, for the bullwhip ratio

	cycleStart float64 // time of the receipt that began the cycle; -Inf before the first
	k          counters

	// Lead time and transit of each order, drawn by the instant it is
	// placed, so a run and its twin ordering then draw alike.
	leadTimes, transits *dist.Keyed
	// inbound lists the shipments on their way, kept only where customers
	// are quoted a wait.
	inbound []inbound

	src   []sourceState // per source, when the stock point is sourced; nil otherwise
	split *dist.Keyed   // draws of the Split rule; nil unless it splits
	_     [8]byte       // a whole number of cache lines, so each stock point's lines are its own
}

// counters accumulate a stock point's KPIs from the end of the warm-up;
// those every order updates first.
type counters struct {
	demanded, fromStock, requests, requestsComplete float64
	areaOnHand, areaBackorders, areaPosition, ready float64

	backordered, lostAtOnce, cancelled float64
	filledLate, waitingAtEnd           float64 // backordered units shipped later; still waiting at the horizon
	orders, received                   float64
	cycles, cyclesServed               float64
	delays                             stats.Histogram
	purchase, transport                float64  // money, counted at receipt, when sourced
	info                               infoKPIs // set when the stock point finishes
}

// inbound is a shipment on its way to a stock point.
type inbound struct {
	arrival float64
	slot    int32 // in replication.shipments
}

// request is a demand on a stock point: a customer order (stream >= 0) or a
// downstream stock point's replenishment order (downstream >= 0).
type request struct {
	qty        float64
	transit    float64 // a replenishment order's transit time, days, drawn when it was placed
	downstream int32
	stream     int32
	source     int32 // the downstream stock point's source this ships for, when it is sourced
	plant      int32 // 1 + the plant drawing components for a run; 0 otherwise
	partial    bool
	counted    bool // placed after the warm-up: set when it waits (held here, a wait fills 48 bytes)
}

// wait is a request, or what is left of it, waiting for stock.
type wait struct {
	request
	since float64 // when it was placed
}

func newStock(p *plan, rep, i int) stock {
	sp := &p.stocks[i]
	name := "stock/" + sp.name
	s := stock{
		leadTimes:  dist.NewKeyed(p.m.Seed, rep, name+"/lead_time"),
		transits:   dist.NewKeyed(p.m.Seed, rep, name+"/transit"),
		k:          counters{delays: stats.NewHistogram(delayBin)},
		continuous: sp.review == 0,
		mayFail:    len(sp.siteFailures) > 0,
		handles:    sp.siteCapacity > 0,
		byPriority: sp.alloc != nil && sp.alloc.rule == AllocPriority,
		cycleStart: math.Inf(-1),
	}
	s.onHand = sp.startLevel()
	if sp.hasInitial {
		s.onHand = sp.initial.Sample(streamRNG(p.m.Seed, rep, name+"/initial"))
	}
	if sp.sourced() {
		s.src = newSourceStates(p, rep, i, &s)
		if sp.rule == Split {
			s.split = dist.NewKeyed(p.m.Seed, rep, name+"/split")
		}
	}
	s.bw = newBullwhip(sp.review, p.m.Warmup)
	s.info = newInformation(p, rep, i, s.onHand)
	return s
}

func (s *stock) position() float64 { return s.onHand + s.onOrder - s.backorders }

// delta is a change of a stock point's levels, in units (signed), and of
// the units it has lost (refused at once or cancelled).
type delta struct {
	onHand, backorders, onOrder float64
	lost                        float64
}

// change is the one way a stock point's levels move. It first closes the
// time integrals up to now at the old levels, so no event, old or new, can
// change a level and skip the averages (TestLevelsMoveOnlyThroughChange
// keeps it that way); and it records backorders and losses on the trail
// when the replication measures impact.
func (s *stock) change(now, warmup float64, d delta) {
	s.advance(now, warmup)
	s.onHand += d.onHand
	s.backorders += d.backorders
	s.onOrder += d.onOrder
	if s.trail != nil && (d.backorders != 0 || d.lost != 0) {
		s.trail.record(now, d)
	}
	if s.info != nil {
		s.info.changed(now, s, d)
	}
}

// advance brings the time integrals up to now; only time after the warm-up counts.
func (s *stock) advance(now, warmup float64) {
	from := s.lastT
	if from < warmup {
		from = warmup
	}
	s.lastT = now
	if now <= from {
		return
	}
	dt := now - from
	s.k.areaOnHand += s.onHand * dt
	s.k.areaBackorders += s.backorders * dt
	s.k.areaPosition += s.position() * dt
	s.k.ready += dt * indicator(s.onHand > 0)
}

// finish closes the time integrals at the horizon and counts the units
// still waiting then, so that every unit demanded after the warm-up ends up
// in exactly one of: filled at once, filled late, lost at once, cancelled,
// waiting at the end.
func (s *stock) finish(horizon, warmup float64) {
	s.advance(horizon, warmup)
	for i := s.queue.head; i < len(s.queue.items); i++ {
		if w := &s.queue.items[i]; w.counted {
			s.k.waitingAtEnd += w.qty
		}
	}
	s.finishInformation(horizon, warmup)
}

// indicator is 1 for true and 0 for false. Counting with it instead of an
// if keeps a coin-flip condition (is there stock?) off the branch predictor.
func indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// closeCycle ends the replenishment cycle that a receipt at now closes and
// begins the next: a cycle runs from one receipt to the next, receipts at
// one instant making one. A cycle counts when it began at or after the
// warm-up (every demand in it is counted; the one straddling the warm-up
// is not) and is served when no unit demanded in it was short at the
// moment of demand. The last cycle, still open at the horizon, never counts.
func (s *stock) closeCycle(now, warmup float64) {
	if now == s.cycleStart {
		return
	}
	if s.cycleStart >= warmup {
		s.k.cycles++
		s.k.cyclesServed += indicator(s.cycleShort == 0)
	}
	s.cycleStart, s.cycleShort = now, 0
}

// request serves a demand at stock point k: what is on hand ships at once
// (all of it, or only a complete order when the request is not partial);
// the rest waits or is lost, as customer c chose. A request never overtakes
// those already waiting.
func (r *replication) request(k int, q request, c customer) {
	s := &r.stocks[k]
	s.bw.ask(r.now, q.qty)
	if s.info != nil {
		s.info.asked(r.now, q.qty, r.warmup)
	}
	if r.p.listeners != nil && q.stream >= 0 {
		r.endDemand(k, q.qty)
	}
	counted := r.now >= r.warmup
	avail := 0.0
	if r.mayShip(k, q) && (q.partial || s.onHand >= q.qty) && !r.down(k) {
		avail = min(s.onHand, q.qty)
	}
	if r.trace != nil {
		r.log(k, "demand", q.qty, r.requester(q))
	}
	if avail > 0 {
		s.change(r.now, r.warmup, delta{onHand: -avail})
		r.deliver(k, q, avail)
		if r.trace != nil {
			r.log(k, "ship", avail, r.requester(q))
		}
	}
	short := q.qty - avail
	s.cycleShort += short
	if r.demandDay != nil && q.stream >= 0 {
		day := int(r.now)
		r.demandDay[day] += q.qty
		r.filledDay[day] += avail
	}
	if counted {
		s.k.demanded += q.qty
		s.k.fromStock += avail
		s.k.requests++
		s.k.requestsComplete += indicator(short == 0)
	}
	if short > 0 {
		r.shortage(k, q, c, short, counted)
	}
}

// shortage backorders or loses the unfilled part of a request.
func (r *replication) shortage(k int, q request, c customer, short float64, counted bool) {
	s := &r.stocks[k]
	var stream *demandStream
	if q.stream >= 0 {
		stream = &r.streams[q.stream]
		if !c.waits || (stream.extra().maxWaits != nil && r.quote(k, short) > c.maxWait) {
			if counted {
				s.k.lostAtOnce += short
			}
			s.change(r.now, r.warmup, delta{lost: short})
			r.log(k, "lost", short, "")
			return
		}
	}
	q.qty = short
	s.change(r.now, r.warmup, delta{backorders: short})
	if counted {
		s.k.backordered += short
	}
	q.counted = counted
	id := s.queue.push(wait{request: q, since: r.now})
	if r.trace != nil {
		r.log(k, "backorder", short, r.requester(q))
	}
	if stream != nil && stream.extra().wait != nil {
		r.schedule(r.now+c.patience, evPatience, int32(k), id)
	}
}

// fillBackorders ships what is on hand to waiting requests, first come
// first served, or by the stock point's allocation rule (allocation.go).
func (r *replication) fillBackorders(k int) {
	s := &r.stocks[k]
	if s.queue.empty() || r.down(k) || r.allocate(k) {
		return
	}
	for !s.queue.empty() && s.onHand > 0 {
		w := s.queue.front()
		if w.qty == 0 { // cancelled while waiting
			s.queue.pop()
			continue
		}
		if !w.partial && s.onHand < w.qty {
			return
		}
		r.shipWaiting(k, w, min(s.onHand, w.qty))
		if w.qty == 0 {
			s.queue.pop()
		}
	}
}

// deliver sends units shipped from stock point k on their way: to a
// customer (gone), or onto the lane to the downstream stock point. A site
// with a handling capacity handles its shipments one after another, and a
// shipment departs when handled.
func (r *replication) deliver(k int, q request, amount float64) {
	depart := r.now
	if r.stocks[k].handles {
		sp := &r.p.stocks[k]
		depart = r.hz.produce(r.p.m, sp.siteHazards, sp.siteCapacity, max(r.now, r.handled[sp.site]), amount)
		r.handled[sp.site] = depart
	}
	if q.plant > 0 {
		r.staged(int(q.plant-1), k, amount)
	} else if q.downstream >= 0 && r.p.stocks[q.downstream].sourced() {
		r.shipFrom(int(q.downstream), int(q.source), amount, depart, q.transit)
	} else if q.downstream >= 0 {
		r.ship(int(q.downstream), amount, depart, q.transit)
	}
}

// patienceOut cancels what is still unfilled of a waiting customer order,
// unless it has been filled already.
func (r *replication) patienceOut(k int, id int32) {
	s := &r.stocks[k]
	w := s.queue.byID(id)
	if w == nil {
		return
	}
	if w.qty > 0 {
		s.change(r.now, r.warmup, delta{backorders: -w.qty, lost: w.qty})
		if w.counted {
			s.k.cancelled += w.qty
		}
		r.log(k, "cancel", w.qty, r.requester(w.request))
		w.qty = 0
	}
	// A cancelled order at the head may have blocked complete-only orders behind it.
	r.fillBackorders(k)
}

// quote returns the wait to promise for short units at stock point k: the
// time until the shipments on their way cover the units already waiting
// plus these, first come first served. Units not yet shipped are promised
// after the mean replenishment lead time plus the review period.
func (r *replication) quote(k int, short float64) float64 {
	s := &r.stocks[k]
	sort.Slice(s.inbound, func(i, j int) bool { return s.inbound[i].arrival < s.inbound[j].arrival })
	need := s.backorders + short
	for _, in := range s.inbound {
		need -= *r.shipments.at(in.slot)
		if need <= 0 {
			return in.arrival - r.now
		}
	}
	d := &r.p.deriv[k]
	return d.LeadTimeMean + r.p.stocks[k].review
}
