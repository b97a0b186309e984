package sim

import (
	"math"

	"github.com/supplysim/supplysim/sim/dist"
)

// SourcingRule says which of a stock point's sources gets each order.
type SourcingRule uint8

// The sourcing rules.
const (
	// Failover sends each order to the first source, in the order given,
	// that can ship now: a supplier not in a supplier_outage window, a
	// warehouse with the order on hand and not stopped by an equipment
	// failure, an inbound lane not closed, and, with MaxLeadTime, a quoted
	// lead time at most that. When none can, the first source gets it.
	Failover SourcingRule = iota
	// Split sends each order whole to one source, drawn with probability
	// equal to its share, so each source sees its share of the orders.
	Split
	// Fastest sends each order to the source with the shortest quoted lead
	// time (expected lead time, plus the wait for capacity, plus transit).
	Fastest
	// Cheapest sends each order to the source with the lowest landed cost
	// per unit: its price plus the lane's cost_per_unit.
	Cheapest
)

var sourcingNames = [...]string{Failover: "failover", Split: "split", Fastest: "fastest", Cheapest: "cheapest"}

func (r SourcingRule) String() string { return sourcingNames[r] }

// ParseSourcingRule returns the rule for a scenario name such as "split".
func ParseSourcingRule(name string) (SourcingRule, bool) {
	for i, n := range sourcingNames {
		if n == name {
			return SourcingRule(i), true
		}
	}
	return 0, false
}

// SourcingRuleNames lists the rule names, in a stable order.
func SourcingRuleNames() []string { return append([]string(nil), sourcingNames[:]...) }

// Source is one of a stock point's sources: a supplier or a warehouse.
type Source struct {
	Site  string
	Share float64 // Split: the share of orders (shares add up to 1)
}

// Sourcing is how a stock point with several sources orders. The zero
// value is a single source, StockPoint.Source.
type Sourcing struct {
	Rule SourcingRule
	// Sources lists every source in order of preference; the first is
	// StockPoint.Source. Nil for a stock point with one source.
	Sources []Source
	// MaxLeadTime (days, Failover only) skips a source whose quoted lead
	// time (see Fastest) exceeds it; 0 means no limit.
	MaxLeadTime float64
}

// Terms are a supplier's purchase terms for one SKU, or for every SKU
// when SKU is "".
type Terms struct {
	SKU      string
	Price    float64 // currency per unit bought; 0: not given
	MinOrder float64 // minimum order quantity, units; 0: none
	Multiple float64 // orders are whole multiples of this many units; 0: any quantity
}

// TermsFor returns the supplier's terms for sku: those given for it, else
// those for every SKU, else none.
func (s *Supplier) TermsFor(sku string) Terms {
	var all Terms
	for _, t := range s.Terms {
		if t.SKU == sku {
			return t
		}
		if t.SKU == "" {
			all = t
		}
	}
	all.SKU = sku
	return all
}

// LotSize returns the quantity ordered when a policy asks for q units:
// q rounded up to a whole number of Multiple, and at least MinOrder.
// The inventory position rises by the rounded quantity.
func (t Terms) LotSize(q float64) float64 {
	if t.Multiple > 0 {
		q = math.Ceil(q/t.Multiple-1e-9) * t.Multiple
	}
	return math.Max(q, t.MinOrder)
}

func (t Terms) given() bool { return t.Price > 0 || t.MinOrder > 0 || t.Multiple > 0 }

// sourcePlan is one source of a stock point, compiled.
type sourcePlan struct {
	site     string
	supplier int // index in Model.Suppliers, or -1
	upstream int // index in Model.Stocks of the source stock point, or -1
	leadTime dist.Dist
	capacity float64
	transit  dist.Dist
	terms    Terms
	// landed is the price plus the lane's cost per unit; expected the mean
	// lead time plus transit; share the cumulative share (Split).
	landed, expected, share, transportPerUnit float64
	siteFailures                              []int // equipment failures at a warehouse source
	supplierHazards, laneHazards              []int
}

// sourceCounters are one source's figures in a replication, after the warm-up.
type sourceCounters struct {
	ordered, received, purchase float64 // units; units; money
}

// SourceCounters are one source's figures in a replication, after the
// warm-up: units ordered and received, and the money paid.
type SourceCounters struct {
	Ordered, Received, Purchase float64
}

// sourceState is one source's random streams and counters in a replication.
type sourceState struct {
	leadTimes, transits *dist.Keyed
	k                   sourceCounters
}

// sourced reports whether stock point k orders through its sources (several,
// or one with purchase terms) rather than the plain single-source path.
func (sp *stockPlan) sourced() bool { return sp.sources != nil }

// compileSources fills in the sources of every stock point that has
// several, or purchase terms, after the disruptions are attached.
func (p *plan) compileSources(n *network) {
	m := p.m
	for i := range m.Stocks {
		st := &m.Stocks[i]
		if p.stocks[i].madeBy > 0 {
			continue
		}
		list := st.Sourcing.Sources
		if list == nil {
			list = []Source{{Site: st.Source, Share: 1}}
		}
		srcs := make([]sourcePlan, len(list))
		anyTerms := false
		cum := 0.0
		for j, s := range list {
			srcs[j] = compileSource(m, n, st, s.Site)
			cum += s.Share
			srcs[j].share = cum
			anyTerms = anyTerms || srcs[j].terms.given()
		}
		if len(list) < 2 && !anyTerms {
			continue
		}
		sp := &p.stocks[i]
		sp.sources, sp.rule, sp.maxLead = srcs, st.Sourcing.Rule, st.Sourcing.MaxLeadTime
		if price := srcs[0].terms.Price; price > 0 {
			sp.unitValue = price
			sp.holdingPerDay = price * m.SKUs[n.sku[st.SKU]].HoldingRate / 365
		}
		for j := range srcs {
			p.attachSource(&srcs[j], st.At)
		}
	}
}

func compileSource(m *Model, n *network, st *StockPoint, site string) sourcePlan {
	lane := &m.Lanes[n.lane[[2]string{site, st.At}]]
	s := sourcePlan{site: site, supplier: -1, upstream: -1, transit: lane.Transit, transportPerUnit: lane.CostPerUnit}
	s.expected = lane.Transit.Mean()
	if k, ok := n.supplier[site]; ok {
		sup := &m.Suppliers[k]
		s.supplier, s.leadTime, s.capacity = k, sup.LeadTime, sup.Capacity
		s.terms = sup.TermsFor(st.SKU)
		s.expected += sup.LeadTime.Mean()
	} else if u, ok := n.stock[[2]string{site, st.SKU}]; ok {
		s.upstream = u
	}
	s.landed = s.terms.Price + lane.CostPerUnit
	return s
}

// attachSource records the disruptions that hit a source: its supplier, its
// lane into at, or the warehouse it is.
func (p *plan) attachSource(s *sourcePlan, at string) {
	for i := range p.m.Disruptions {
		d := &p.m.Disruptions[i]
		switch d.Type {
		case SupplierDelay, SupplierOutage:
			if d.Supplier == s.site {
				s.supplierHazards = append(s.supplierHazards, i)
			}
		case CapacityLoss:
			if d.Supplier != "" && d.Supplier == s.site {
				s.supplierHazards = append(s.supplierHazards, i)
			}
		case LaneClosure, LaneDelay:
			if d.From == s.site && d.To == at {
				s.laneHazards = append(s.laneHazards, i)
			}
		case EquipmentFailure:
			if d.Site == s.site {
				s.siteFailures = append(s.siteFailures, i)
			}
		}
	}
}

// newSourceStates makes a sourced stock point's per-source streams. The
// first source keeps the stock point's own lead-time and transit streams,
// so adding a backup source leaves the first source's draws unchanged;
// the others draw from "stock/<at>/<sku>/source/<site>/lead_time" and
// ".../transit".
func newSourceStates(p *plan, rep, i int, s *stock) []sourceState {
	sp := &p.stocks[i]
	out := make([]sourceState, len(sp.sources))
	for j := range out {
		if j == 0 {
			out[j] = sourceState{leadTimes: s.leadTimes, transits: s.transits}
			continue
		}
		name := "stock/" + sp.name + "/source/" + sp.sources[j].site
		out[j] = sourceState{leadTimes: dist.NewKeyed(p.m.Seed, rep, name+"/lead_time"), transits: dist.NewKeyed(p.m.Seed, rep, name+"/transit")}
	}
	return out
}

// placeSourced sends a replenishment order from stock point k to the source
// its rule picks, in the lot size of that source's terms.
func (r *replication) placeSourced(k int, qty float64) {
	sp := &r.p.stocks[k]
	j := r.chooseSource(k, qty)
	r.orderFrom(k, j, sp.sources[j].terms.LotSize(qty))
}

// chooseSource returns the index of the source that gets an order of qty.
func (r *replication) chooseSource(k int, qty float64) int {
	sp := &r.p.stocks[k]
	switch sp.rule {
	case Split:
		u := r.stocks[k].split.At(r.now).Float64()
		for j := range sp.sources {
			if u < sp.sources[j].share {
				return j
			}
		}
		return len(sp.sources) - 1
	case Fastest:
		best, bestT := 0, math.Inf(1)
		for j := range sp.sources {
			if t := r.quotedLead(k, j); t < bestT {
				best, bestT = j, t
			}
		}
		return best
	case Cheapest:
		best := 0
		for j := range sp.sources {
			if sp.sources[j].landed < sp.sources[best].landed {
				best = j
			}
		}
		return best
	}
	for j := range sp.sources {
		if r.canShip(k, j, qty) {
			return j
		}
	}
	return 0
}

// canShip reports whether source j of stock point k can ship an order of
// qty now (see Failover).
func (r *replication) canShip(k, j int, qty float64) bool {
	sp := &r.p.stocks[k]
	s := &sp.sources[j]
	m := r.p.m
	if r.hz.clear(m, s.laneHazards, LaneClosure, r.now) > r.now {
		return false
	}
	if s.upstream >= 0 {
		u := &r.stocks[s.upstream]
		if r.failing(s.siteFailures) || !u.queue.empty() || u.onHand < qty {
			return false
		}
	} else if r.hz.clear(m, s.supplierHazards, SupplierOutage, r.now) > r.now {
		return false
	}
	return sp.maxLead <= 0 || r.quotedLead(k, j) <= sp.maxLead
}

// quotedLead is the lead time source j of stock point k quotes now: its
// mean lead time (stretched by a supplier delay active now), the wait for
// its capacity, and the mean transit.
func (r *replication) quotedLead(k, j int) float64 {
	s := &r.p.stocks[k].sources[j]
	m := r.p.m
	t := s.transit.Mean()
	if s.supplier < 0 {
		return t
	}
	lead := s.leadTime.Mean()
	for _, d := range s.supplierHazards {
		dis := &m.Disruptions[d]
		if _, ok := r.hz.at(d, r.now); ok && dis.Type == SupplierDelay {
			lead = lead*dis.Factor + dis.Extra.Mean()
		}
	}
	if s.capacity > 0 {
		lead = math.Max(lead, r.busy[s.supplier]-r.now)
	}
	return lead + t
}

// orderFrom places an order of qty with source j of stock point k.
func (r *replication) orderFrom(k, j int, qty float64) {
	sp := &r.p.stocks[k]
	s := &r.stocks[k]
	src, st := &sp.sources[j], &s.src[j]
	s.change(r.now, r.warmup, delta{onOrder: qty})
	if r.now >= r.warmup {
		s.k.orders++
		st.k.ordered += qty
	}
	if r.trace != nil {
		r.log(k, "order", qty, src.site)
	}
	transit := draw(src.transit, st.transits, r.now)
	if src.upstream >= 0 {
		r.request(src.upstream, request{qty: qty, transit: transit, downstream: int32(k), stream: -1, partial: true, source: int32(j)}, customer{waits: true})
		if r.stocks[src.upstream].continuous {
			r.applyPolicy(src.upstream)
		}
		return
	}
	r.shipFrom(k, j, qty, r.dispatchFrom(k, j, qty), transit)
}

// dispatchFrom is supplierDispatch for source j of stock point k.
func (r *replication) dispatchFrom(k, j int, qty float64) float64 {
	src := &r.p.stocks[k].sources[j]
	hz := src.supplierHazards
	lead := r.hz.stretch(r.p.m, hz, SupplierDelay, r.now, draw(src.leadTime, r.stocks[k].src[j].leadTimes, r.now))
	ready := r.now + lead
	if src.capacity > 0 {
		done := r.hz.produce(r.p.m, hz, src.capacity, max(r.now, r.busy[src.supplier]), qty)
		r.busy[src.supplier] = done
		ready = max(ready, done)
	}
	return r.hz.clear(r.p.m, hz, SupplierOutage, ready)
}

// shipFrom is ship over the lane from source j, remembering the source of
// the shipment for its receipt.
func (r *replication) shipFrom(k, j int, qty, t, transit float64) {
	sp, m := &r.p.stocks[k], r.p.m
	lh := sp.sources[j].laneHazards
	t = r.hz.clear(m, lh, LaneClosure, t)
	transit = r.hz.stretch(m, lh, LaneDelay, t, transit)
	arrival := r.hz.held(m, lh, t, t+transit)
	arrival = r.hz.clear(m, sp.receiveStops, EquipmentFailure, arrival)
	if arrival >= m.Horizon {
		return
	}
	slot := r.shipments.put(qty)
	for int(slot) >= len(r.shipSource) {
		r.shipSource = append(r.shipSource, 0)
	}
	r.shipSource[slot] = int32(j)
	r.schedule(arrival, evReceipt, int32(k), slot)
	if sp.quotes {
		r.stocks[k].inbound = append(r.stocks[k].inbound, inbound{arrival, slot})
	}
}

// receivedFrom counts a receipt of qty at a sourced stock point against
// the source that shipped it.
func (r *replication) receivedFrom(k int, slot int32, qty float64) {
	if r.now < r.warmup {
		return
	}
	j := r.shipSource[slot]
	src, st := &r.p.stocks[k].sources[j], &r.stocks[k].src[j]
	st.k.received += qty
	st.k.purchase += qty * src.terms.Price
	s := &r.stocks[k]
	s.k.purchase += qty * src.terms.Price
	s.k.transport += qty * src.transportPerUnit
}

// sourcedLeadTime returns the mean and standard deviation of the lead time
// of a stock point with several sources, as its rule uses them: the first
// source for failover (the backups cover its outages), the one the rule
// prefers on average for fastest and cheapest, and the mixture of the
// sources by their shares for split.
func (n *network) sourcedLeadTime(m *Model, i int) (mean, sd float64) {
	st := &m.Stocks[i]
	srcs := make([]sourcePlan, len(st.Sourcing.Sources))
	for j, s := range st.Sourcing.Sources {
		srcs[j] = compileSource(m, n, st, s.Site)
	}
	moments := func(s *sourcePlan) (float64, float64) {
		mean, v := s.transit.Mean(), s.transit.Var()
		if s.supplier >= 0 {
			mean, v = mean+s.leadTime.Mean(), v+s.leadTime.Var()
		}
		return mean, v
	}
	pick := 0
	switch st.Sourcing.Rule {
	case Split:
		var m1, m2 float64
		for j := range srcs {
			mu, v := moments(&srcs[j])
			w := st.Sourcing.Sources[j].Share
			m1 += w * mu
			m2 += w * (v + mu*mu)
		}
		return m1, math.Sqrt(math.Max(m2-m1*m1, 0))
	case Fastest:
		for j := range srcs {
			if srcs[j].expected < srcs[pick].expected {
				pick = j
			}
		}
	case Cheapest:
		for j := range srcs {
			if srcs[j].landed < srcs[pick].landed {
				pick = j
			}
		}
	}
	mu, v := moments(&srcs[pick])
	return mu, math.Sqrt(v)
}
