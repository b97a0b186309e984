package sim

import (
	"math"

	"github.com/supplysim/supplysim/sim/dist"
)

// plan is a model compiled for the event loop: ids resolved to indices,
// policy parameters derived, costs in per-day units. It is read-only and
// shared by all replications.
type plan struct {
	m       *Model
	deriv   []Derivation
	stocks  []stockPlan
	demands []demandPlan
	days    int // daily samples: t = 0, 1, ..., days-1

	// customerDemand is, per stock point, the mean units per day its
	// customers ask (0 for stock points without customers).
	customerDemand []float64
	// ordersPerDay is the customer orders per day expected from all
	// demand streams together: it sizes the event queue's calendar.
	ordersPerDay float64

	// failureStocks lists, per disruption, the stock points at the site an
	// equipment failure hits (empty for other types).
	failureStocks [][]int

	meter *meter // the run's budget and context; nil: neither

	plants []plantPlan // in Model.Plants order
	// listeners are, per stock point with customers, the stock points
	// whose policy takes its customers' demand as signal (signal.go).
	listeners [][]int32

	groups     []group // independent parts of the network (group.go)
	streamSlot []int32 // per demand stream: its calendar slot in its group
}

// stockPlan is a stock point compiled. The fields read on every customer
// order come first, in its first two cache lines; its size is a multiple
// of 128 bytes, so that in a slice those two lines make one aligned block,
// which the hardware fetches together.
type stockPlan struct {
	review float64 // days; 0 for continuous review
	orderRule
	siteFailures []int // equipment failures at this stock point's site

	siteCapacity float64    // outbound handling of the site, units per day; 0: unlimited
	alloc        *allocPlan // how waiting requests are filled; nil: first come, first served

	name     string
	supplier int // index in Model.Suppliers, or -1
	upstream int // index in Model.Stocks of the source stock point, or -1
	leadTime dist.Dist
	capacity float64
	transit  dist.Dist

	initial    dist.Dist
	hasInitial bool

	holdingPerDay, backorderPerDay, lostSale, orderCost, transportPerUnit float64

	site           int   // index in Model.Warehouses
	siteHazards    []int // capacity losses at the site
	customerFacing bool  // has customer demand streams
	quotes         bool  // some customers here are quoted a wait: track inbound shipments
	madeBy         int   // 1 + the plant that makes it, for finished goods; 0 otherwise

	// Disruptions (indices in Model.Disruptions) that hit this stock
	// point's supplier or inbound lane; receiveStops are the site failures
	// that also stop receiving.
	supplierHazards, laneHazards, receiveStops []int

	// sources are set when the stock point has several sources or
	// purchase terms (see sourcing.go); nil otherwise.
	sources   []sourcePlan
	rule      SourcingRule
	maxLead   float64
	unitValue float64 // what a unit held is worth: the first source's price, or the SKU's unit_cost
	_         [64]byte
}

type demandPlan struct {
	stock        int
	d            *Demand
	ordersPerDay float64 // expected customer orders per day
	maxFactor    float64 // bound of the rate factor over the horizon, for thinning
	flat         bool    // no profile and no trend: every candidate arrival is accepted
	surges       []int   // demand_surge disruptions hitting this stream
	drops        []int   // those with a factor below 1
	boosts       []boostPlan
}

// boostPlan is a demand surge with a factor above 1 on a Poisson stream.
type boostPlan struct {
	d       int    // index in Model.Disruptions
	name    string // the disruption's name, for its random stream
	factor  float64
	earlier []int   // the boosts of the same stream before this one
	bound   float64 // the product of their factors
}

func compile(m *Model, deriv []Derivation) *plan {
	n := newNetwork(m)
	p := &plan{m: m, deriv: deriv, days: int(math.Ceil(m.Horizon))}
	p.stocks = make([]stockPlan, len(m.Stocks))
	for i := range m.Stocks {
		p.stocks[i] = compileStock(m, n, deriv[i], i)
	}
	p.customerDemand = make([]float64, len(m.Stocks))
	for i := range m.Demands {
		d := &m.Demands[i]
		k := n.stock[[2]string{d.At, d.SKU}]
		mean, _ := d.perDay(m.Horizon)
		orders := d.ordersPerDay(mean)
		p.customerDemand[k] += mean
		p.ordersPerDay += orders
		p.stocks[k].customerFacing = true
		p.stocks[k].quotes = p.stocks[k].quotes || d.HasMaxWait
		p.demands = append(p.demands, demandPlan{
			stock: k, d: d, ordersPerDay: orders,
			maxFactor: maxFactor(d, m.Horizon),
			flat:      len(d.Weekly) == 0 && len(d.Yearly) == 0 && d.Trend == 0,
		})
	}
	p.compileAllocation(n)
	p.compileSignals(n)
	p.failureStocks = make([][]int, len(m.Disruptions))
	if len(m.Disruptions) > 0 {
		x := newTargets(m)
		for i := range m.Disruptions {
			p.attach(i, x)
		}
	}
	p.compilePlants(n)
	p.compileSources(n)
	p.compileGroups()
	return p
}

// targets indexes what disruptions can hit, so that attaching them takes
// time in proportion to what they hit, not to the size of the network.
type targets struct {
	bySource, byAt map[string][]int      // stock points by source and by site, in Model.Stocks order
	streams        map[surgeTarget][]int // demand streams by the targets that hit them, in order
}

func newTargets(m *Model) *targets {
	x := &targets{bySource: map[string][]int{}, byAt: map[string][]int{}, streams: map[surgeTarget][]int{}}
	for k, st := range m.Stocks {
		x.bySource[st.Source] = append(x.bySource[st.Source], k)
		x.byAt[st.At] = append(x.byAt[st.At], k)
	}
	for j := range m.Demands {
		for _, t := range m.Demands[j].surgeTargets() {
			x.streams[t] = append(x.streams[t], j)
		}
	}
	return x
}

// attach records which stock points and demand streams disruption i hits.
func (p *plan) attach(i int, x *targets) {
	d := &p.m.Disruptions[i]
	switch d.Type {
	case SupplierDelay, SupplierOutage:
		for _, k := range x.bySource[d.Supplier] {
			p.stocks[k].supplierHazards = append(p.stocks[k].supplierHazards, i)
		}
	case LaneClosure, LaneDelay:
		for _, k := range x.byAt[d.To] {
			if p.m.Stocks[k].Source == d.From {
				p.stocks[k].laneHazards = append(p.stocks[k].laneHazards, i)
			}
		}
	case CapacityLoss:
		if d.Supplier != "" {
			for _, k := range x.bySource[d.Supplier] {
				p.stocks[k].supplierHazards = append(p.stocks[k].supplierHazards, i)
			}
		}
		if d.Site != "" {
			for _, k := range x.byAt[d.Site] {
				p.stocks[k].siteHazards = append(p.stocks[k].siteHazards, i)
			}
		}
	case EquipmentFailure:
		if plantOf(p.m, d.Site) >= 0 {
			break // a plant's failure stops production only (plant.go)
		}
		for _, k := range x.byAt[d.Site] {
			sp := &p.stocks[k]
			sp.siteFailures = append(sp.siteFailures, i)
			p.failureStocks[i] = append(p.failureStocks[i], k)
			if d.StopReceiving {
				sp.receiveStops = append(sp.receiveStops, i)
			}
		}
	}
	if d.Type != DemandSurge {
		return
	}
	for _, j := range x.streams[d.surgeTarget()] {
		p.demands[j].addSurge(d, i)
	}
}

// addSurge records that surge i (disruption d) hits the stream. A boost's
// bound is the product of the factors of the boosts before it: with the
// rate factor's bound, it caps the rate of its extra orders.
func (dp *demandPlan) addSurge(d *Disruption, i int) {
	dp.surges = append(dp.surges, i)
	switch {
	case d.Factor < 1:
		dp.drops = append(dp.drops, i)
	case d.Factor > 1 && !dp.d.sizeScaled():
		b := boostPlan{d: i, name: d.Name, factor: d.Factor, bound: 1}
		for _, e := range dp.boosts {
			b.earlier = append(b.earlier, e.d)
			b.bound *= e.factor
		}
		dp.boosts = append(dp.boosts, b)
	}
}

// Hits reports whether a demand surge applies to a demand stream.
func (d *Disruption) Hits(s *Demand) bool {
	return (d.SKU == "" || d.SKU == s.SKU) && (d.Site == "" || d.Site == s.At) && (d.Demand == "" || d.Demand == s.ID)
}

func compileStock(m *Model, n *network, d Derivation, i int) stockPlan {
	sp := m.Stocks[i]
	sku := m.SKUs[n.sku[sp.SKU]]
	lane := n.inbound(m, i)
	s := stockPlan{
		name: sp.Name(), review: sp.Policy.Review,
		orderRule: orderRule{policy: sp.Policy.Type, reorder: d.Reorder, upTo: d.OrderUpTo, quantity: d.Quantity},
		supplier:  -1, upstream: n.upstream(m, i), transit: lane.Transit,
		initial: sp.Initial, hasInitial: sp.HasInitial,
		holdingPerDay:    sku.UnitCost * sku.HoldingRate / 365,
		backorderPerDay:  sku.BackorderCost,
		lostSale:         sku.LostSaleCost,
		orderCost:        sku.OrderCost,
		transportPerUnit: lane.CostPerUnit,
		unitValue:        sku.UnitCost,
	}
	if k, ok := n.supplier[sp.Source]; ok {
		s.supplier, s.leadTime, s.capacity = k, m.Suppliers[k].LeadTime, m.Suppliers[k].Capacity
	}
	if w, ok := n.warehouse[sp.At]; ok {
		s.site, s.siteCapacity = w, m.Warehouses[w].Capacity
	}
	return s
}

// startLevel is the on-hand stock at time 0 when the scenario gives none:
// the policy's order-up-to level.
func (s *stockPlan) startLevel() float64 {
	if s.policy == RQ {
		return s.reorder + s.quantity
	}
	return s.upTo
}

// ordersPerDay is how many orders a day the stream places on average,
// given its mean units per day: one per unit for a history.
func (d *Demand) ordersPerDay(units float64) float64 {
	if d.History != nil {
		return units
	}
	return units / d.Size.Mean()
}

// rateFactor is the demand rate multiplier at time t: weekly and yearly
// profiles and the linear trend, never negative.
func (d *Demand) rateFactor(t float64) float64 {
	f := 1 + d.Trend*t/365
	if len(d.Weekly) == 7 {
		f *= d.Weekly[int(t)%7]
	}
	if len(d.Yearly) == 12 {
		f *= d.Yearly[int(math.Mod(t, 365)/(365.0/12))%12]
	}
	return math.Max(f, 0)
}

func maxFactor(d *Demand, horizon float64) float64 {
	f := math.Max(1, 1+d.Trend*horizon/365)
	for _, p := range [][]float64{d.Weekly, d.Yearly} {
		top := 0.0
		for _, x := range p {
			top = math.Max(top, x)
		}
		if len(p) > 0 {
			f *= top
		}
	}
	return f
}
