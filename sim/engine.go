package sim

import (
	"math/rand/v2"
	"slices"

	"github.com/supplysim/supplysim/sim/dist"
	"github.com/supplysim/supplysim/sim/kernel"
)

// Event kinds. Same-time events run in the order of their priority
// (receipts, then customer demand and cancellations, then policy reviews,
// then daily sampling), and first scheduled, first run within a priority.
const (
	evReceipt  uint8 = iota // stock arrives at a stock point
	evDemand                // a customer order arrives
	evPatience              // a waiting customer's patience runs out
	evReview                // a periodic policy review
	evSample                // the daily sample of every stock point
	evRestore               // a site's equipment is repaired
	evMark                  // a disruption window opens or closes (traces only)
	evProduced              // a plant finishes a production run
	evShrink                // a unit vanishes from a shelf, unrecorded (visibility.go)
	evCount                 // a cycle count corrects a stock record
)

var priority = [...]kernel.Priority{evReceipt: 0, evRestore: 0, evMark: 0, evProduced: 0, evDemand: 1, evPatience: 1, evReview: 2, evSample: 3, evShrink: 1, evCount: 1}

// Arg of an evDemand event: a base arrival, or 1 + j for an extra order
// of the stream's boost j (a demand surge).
const baseArrival = 0

// replication is the state of one run of the model: the clock, the event
// queue and every entity's state. It is used by one goroutine only.
type replication struct {
	p               *plan
	rep             int
	now             float64
	warmup, horizon float64 // the model's, kept here for the event loop
	queue           kernel.Queue
	stocks          []stock
	streams         []demandStream
	streamStock     []int32   // per stream: its stock point, apart from the stream (see customerOrder)
	busy            []float64 // per supplier: when its capacity is next free
	handled         []float64 // per warehouse: when its outbound handling is next free

	shipments slab[float64] // quantities in transit, by receipt event
	series    []float32     // [day][stock][on hand, backorders, position]
	events    int64

	group *group  // the group being run (group.go)
	slot  []int32 // per demand stream: its calendar slot in its group
	// touchStock says whether a customer order loads its stock point's
	// lines early: the group is too large for them to stay in cache.
	touchStock bool

	shipSource []int32 // by shipment slot: the source it comes from, for sourced stock points
	plants     []plantState

	hz    hazards
	trace func(TraceRecord) // nil unless tracing
	// Network-wide daily customer figures, for the disruption windows'
	// fill rates; nil unless recorded.
	demandDay, filledDay []float64
	// Backorders and losses in event time, per stock point and for the
	// customer-facing stock points together; nil unless recorded.
	trails []trail
	net    trail

	allocOrder []int32 // scratch of allocation.go
}

// recording says what a replication keeps beyond its counters.
type recording struct {
	series  bool // the daily series of every stock point
	windows bool // daily customer demand and fill, for the disruption windows
	trails  bool // backorders and losses in event time, to compare with a twin
}

func newReplication(p *plan, rep int, rec recording) *replication {
	r := &replication{p: p, rep: rep, warmup: p.m.Warmup, horizon: p.m.Horizon}
	r.busy = make([]float64, len(p.m.Suppliers))
	r.handled = make([]float64, len(p.m.Warehouses))
	r.stocks = make([]stock, len(p.stocks))
	for i := range r.stocks {
		r.stocks[i] = newStock(p, rep, i)
	}
	r.streams = make([]demandStream, len(p.demands))
	for i := range r.streams {
		r.streams[i].init(p.m.Seed, rep, &p.demands[i], p.stocks[p.demands[i].stock].orderRule)
	}
	r.streamStock = make([]int32, len(p.demands))
	for i := range p.demands {
		r.streamStock[i] = int32(p.demands[i].stock)
	}
	if rec.series {
		r.series = make([]float32, len(p.stocks)*p.days*3)
	}
	r.hz = newHazards(p.m, rep, p.meter)
	for j := range p.plants {
		r.plants = append(r.plants, newPlantState(p, rep, j))
	}
	if rec.windows {
		r.demandDay = make([]float64, p.days)
		r.filledDay = make([]float64, p.days)
	}
	if rec.trails {
		r.trails = make([]trail, len(p.stocks))
		for i := range r.stocks {
			r.stocks[i].trail = &r.trails[i]
			if p.stocks[i].customerFacing {
				r.trails[i].net = &r.net
			}
		}
	}
	return r
}

func (r *replication) schedule(t float64, kind uint8, target, arg int32) {
	if t < r.horizon {
		r.queue.Schedule(t, priority[kind], kind, target, arg)
	}
}

// run executes the replication to the horizon, one independent group of
// stock points after another (group.go).
func (r *replication) run() {
	groups, slots := r.p.groups, r.p.streamSlot
	if r.trace != nil {
		groups, slots = r.p.whole()
	}
	r.slot = slots
	r.startPlants()
	for g := range groups {
		done := r.runGroup(&groups[g])
		r.finishGroup(&groups[g])
		if !done {
			break // over budget, or cancelled: Run reports why
		}
	}
	if r.series != nil && len(groups) > 1 {
		// Every group took the daily sample; it counts as one event a day.
		r.events -= int64(len(groups)-1) * int64(r.p.days)
	}
	r.now = r.horizon
	r.finishPlants()
}

// finishGroup closes group g's stock points' figures at the horizon and
// lets their waiting queues go: nothing reads them after, and a network's
// worth of them would otherwise outgrow everything else the run keeps.
func (r *replication) finishGroup(g *group) {
	for _, k := range g.stocks {
		s := &r.stocks[k]
		s.finish(r.horizon, r.warmup)
		s.queue = waitQueue{}
	}
}

// runGroup executes group g's events from time 0 to the horizon: the event
// loop. It returns false when the run must stop.
func (r *replication) runGroup(g *group) bool {
	r.group, r.now = g, 0
	r.touchStock = len(g.stocks) > touchAbove
	r.queue.Reset()
	r.queue.Grow(2*len(g.stocks) + 16)
	if g.calendar {
		r.queue.Slots(len(g.streams), g.spacing)
	}
	r.start(g)
	for r.queue.Len() > 0 {
		e := r.queue.Pop()
		r.now = e.Time()
		r.events++
		if r.events%meterEvery == 0 && r.p.meter.tick(meterEvery) {
			return false
		}
		switch e.Kind() {
		case evReceipt:
			r.receive(int(e.Target), e.Arg)
		case evDemand:
			r.customerOrder(int(e.Target), e.Arg)
		case evPatience:
			r.patienceOut(int(e.Target), e.Arg)
		case evReview:
			r.review(int(e.Target))
		case evSample:
			r.sample(int(e.Target))
		case evRestore:
			r.fillBackorders(int(e.Target))
		case evMark:
			r.mark(int(e.Target), e.Arg == 1)
		case evProduced:
			r.produced(int(e.Target), e.Arg)
		case evShrink:
			r.shrinkUnit(int(e.Target))
		case evCount:
			r.cycleCount(int(e.Target))
		}
	}
	return true
}

// start sets up time 0 of group g: first arrivals, first reviews, first
// sample, and a first look by every continuous-review policy at its
// starting position. A model with disruptions runs as one group, so their
// restores are scheduled here whole.
func (r *replication) start(g *group) {
	for _, i := range g.streams {
		r.scheduleNextDemand(int(i))
		for j := range r.streams[i].extra().boosts {
			r.scheduleNextBoost(int(i), j)
		}
	}
	for d, stocks := range r.p.failureStocks {
		for _, w := range r.hz.windows[d] {
			for _, k := range stocks {
				r.schedule(w.End, evRestore, int32(k), 0)
			}
		}
	}
	for _, k := range g.stocks {
		if r.p.stocks[k].review > 0 {
			r.schedule(0, evReview, k, 0)
		}
	}
	if r.series != nil {
		r.schedule(0, evSample, 0, 0)
	}
	if r.trace != nil {
		r.scheduleMarks()
	}
	r.startInformation(g)
	for _, k := range g.stocks {
		if r.p.stocks[k].review == 0 {
			r.applyPolicy(int(k))
		}
	}
}

func (r *replication) scheduleNextDemand(i int) {
	if t, ok := r.streams[i].next(r.horizon); ok && t < r.horizon {
		r.queue.ScheduleSlot(int(r.slot[i]), t, priority[evDemand], evDemand, int32(i), baseArrival)
	}
}

func (r *replication) scheduleNextBoost(i, j int) {
	s := &r.streams[i]
	if t, ok := s.nextBoost(&s.more.boosts[j], r.p.m, &r.hz, r.horizon); ok {
		r.schedule(t, evDemand, int32(i), int32(1+j))
	}
}

// customerOrder handles an order of stream i: a base arrival, or an extra
// order of one of its surges. A base order's size and customer are drawn
// before anything decides its fate, so the draws stay paired with the
// arrivals whatever the surges do.
func (r *replication) customerOrder(i int, arg int32) {
	s := &r.streams[i]
	// In a large group the stream and its stock point are seldom in
	// cache. Their stock point's index is read apart from the stream, so
	// that both are fetched at once rather than one after the other.
	k := int(r.streamStock[i])
	if r.touchStock {
		touch(&r.stocks[k])
	}
	var qty float64
	var c customer
	if arg == baseArrival {
		qty, c = s.size(), s.customer()
		r.scheduleNextDemand(i)
		if s.surged {
			// Fixed-interval orders are scaled by the surges; Poisson
			// arrivals are thinned by those below 1 (the boosts add the rest).
			if s.plan.d.sizeScaled() {
				qty *= factorAt(r.p.m, &r.hz, s.plan.surges, r.now)
			} else if s.dropped(r.p.m, &r.hz, r.now) {
				return
			}
		}
	} else {
		b := &s.more.boosts[arg-1]
		qty, c = b.qty, b.cust
		r.scheduleNextBoost(i, int(arg-1))
	}
	if qty <= 0 {
		return
	}
	r.request(k, request{qty: qty, downstream: -1, stream: int32(i), partial: s.partial}, c)
	if r.stocks[k].continuous {
		r.applyRule(k, &s.policy)
	}
}

// touchAbove is the number of stock points in a group beyond which
// customerOrder touches an order's stock point early: 2,048 of them fill 1 MiB, more than
// a core's cache keeps beside the streams. In smaller networks the stock
// point is mostly in cache, and touching it costs more than it saves
// (measured at 1,000 stores).
const touchAbove = 2048

// touch reads a field of each cache line of s that a customer order reads
// (TestHotFieldsShareCacheLines), so that their loads start together and
// early, while the order's first steps run. Not inlined, so that the loads
// are kept though their sum is unused.
//
//go:noinline
func touch(s *stock) float64 {
	return s.onHand + s.bw.demand + s.k.demanded
}

func (r *replication) review(k int) {
	sp := &r.p.stocks[k]
	r.applyPolicy(k)
	r.schedule(r.now+sp.review, evReview, int32(k), 0)
}

func (r *replication) applyPolicy(k int) {
	r.applyRule(k, &r.p.stocks[k].orderRule)
}

// applyRule orders what p, stock point k's own, asks for at its
// position now.
func (r *replication) applyRule(k int, p *orderRule) {
	s := &r.stocks[k]
	if s.info != nil {
		r.applyInformed(k)
		return
	}
	if q := orderQuantity(p, s.position()); q > 0 {
		r.placeOrder(k, q)
	}
}

// placeOrder sends a replenishment order from stock point k to its source.
func (r *replication) placeOrder(k int, qty float64) {
	sp := &r.p.stocks[k]
	if sp.sourced() {
		r.placeSourced(k, qty)
		return
	}
	if sp.madeBy > 0 {
		r.orderProduction(k, qty)
		return
	}
	s := &r.stocks[k]
	s.change(r.now, r.warmup, delta{onOrder: qty})
	s.bw.order(r.now, qty)
	if r.now >= r.warmup {
		s.k.orders++
	}
	if r.trace != nil {
		r.log(k, "order", qty, r.p.m.Stocks[k].Source)
	}
	// The order's transit is drawn now, once, however its source splits it
	// into shipments.
	transit := draw(sp.transit, s.transits, r.now)
	if sp.upstream >= 0 {
		r.request(sp.upstream, request{qty: qty, transit: transit, downstream: int32(k), stream: -1, partial: true}, customer{waits: true})
		if r.stocks[sp.upstream].continuous {
			r.applyPolicy(sp.upstream)
		}
		return
	}
	r.ship(k, qty, r.supplierDispatch(k, qty), transit)
}

// supplierDispatch returns when the supplier puts an order of qty on the
// lane: once its lead time has passed and, with finite capacity, once it has
// been made after the orders before it.
func (r *replication) supplierDispatch(k int, qty float64) float64 {
	sp := &r.p.stocks[k]
	hz := sp.supplierHazards
	lead := r.hz.stretch(r.p.m, hz, SupplierDelay, r.now, draw(sp.leadTime, r.stocks[k].leadTimes, r.now))
	ready := r.now + lead
	if sp.capacity > 0 {
		done := r.hz.produce(r.p.m, hz, sp.capacity, max(r.now, r.busy[sp.supplier]), qty)
		r.busy[sp.supplier] = done
		ready = max(ready, done)
	}
	return r.hz.clear(r.p.m, hz, SupplierOutage, ready)
}

// ship sends qty to stock point k over its inbound lane, departing at t
// or, when the lane is closed then, when it reopens; transit is the order's
// draw, before any lane delay.
func (r *replication) ship(k int, qty, t, transit float64) {
	sp, m := &r.p.stocks[k], r.p.m
	t = r.hz.clear(m, sp.laneHazards, LaneClosure, t)
	transit = r.hz.stretch(m, sp.laneHazards, LaneDelay, t, transit)
	arrival := r.hz.held(m, sp.laneHazards, t, t+transit)
	arrival = r.hz.clear(m, sp.receiveStops, EquipmentFailure, arrival)
	if arrival < m.Horizon {
		slot := r.shipments.put(qty)
		r.schedule(arrival, evReceipt, int32(k), slot)
		if sp.quotes {
			r.stocks[k].inbound = append(r.stocks[k].inbound, inbound{arrival, slot})
		}
	}
}

func (r *replication) receive(k int, slot int32) {
	qty := r.shipments.free(slot)
	s := &r.stocks[k]
	if r.p.stocks[k].sourced() {
		r.receivedFrom(k, slot, qty)
	}
	if r.p.stocks[k].quotes {
		s.inbound = slices.DeleteFunc(s.inbound, func(in inbound) bool { return in.slot == slot })
	}
	s.closeCycle(r.now, r.warmup)
	s.change(r.now, r.warmup, delta{onHand: qty, onOrder: -qty})
	if r.now >= r.warmup {
		s.k.received += qty
	}
	r.log(k, "receipt", qty, "")
	r.fillBackorders(k)
}

// down reports whether stock point k's site is stopped by an equipment failure.
func (r *replication) down(k int) bool {
	if !r.stocks[k].mayFail {
		return false
	}
	return r.failing(r.p.stocks[k].siteFailures)
}

func (r *replication) failing(fs []int) bool {
	for _, d := range fs {
		if _, ok := r.hz.at(d, r.now); ok {
			return true
		}
	}
	return false
}

// sample records the day's on hand, backorders and inventory position of
// the group's stock points.
func (r *replication) sample(day int) {
	row := r.series[day*len(r.stocks)*3 : (day+1)*len(r.stocks)*3]
	for _, k := range r.group.stocks {
		s := &r.stocks[k]
		row[3*k], row[3*k+1], row[3*k+2] = float32(s.onHand), float32(s.backorders), float32(s.position())
	}
	if day+1 < r.p.days {
		r.schedule(float64(day+1), evSample, int32(day+1), 0)
	}
}

// draw samples d from a keyed stream for a draw at time t; a constant
// draws nothing.
func draw(d dist.Dist, k *dist.Keyed, t float64) float64 {
	if d.IsConstant() {
		return d.A
	}
	return d.Sample(k.At(t))
}

// streamRNG returns the random stream of one source in a replication.
func streamRNG(seed uint64, rep int, name string) *rand.Rand {
	return rand.New(dist.StreamSource(seed, rep, name))
}

func streamSource(seed uint64, rep int, name string) *rand.PCG {
	return dist.StreamSource(seed, rep, name)
}
