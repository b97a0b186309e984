package sim

import "math"

// network indexes a model's ids, so lookups by id happen once, when a model
// is prepared, never on the event loop.
type network struct {
	sku       map[string]int
	supplier  map[string]int
	warehouse map[string]int
	stock     map[[2]string]int // (at, sku) -> index in Model.Stocks
	lane      map[[2]string]int // (from, to) -> index in Model.Lanes
	demand    [][2]float64      // per stock point: memoised (mean, variance) per day; NaN until known

	customers  [][]int // per stock point: its demand streams (indices in Model.Demands)
	downstream [][]int // per stock point: the stock points it replenishes
}

func newNetwork(m *Model) *network {
	n := &network{
		sku:       make(map[string]int, len(m.SKUs)),
		supplier:  make(map[string]int, len(m.Suppliers)),
		warehouse: make(map[string]int, len(m.Warehouses)),
		stock:     make(map[[2]string]int, len(m.Stocks)),
		lane:      make(map[[2]string]int, len(m.Lanes)),
		demand:    make([][2]float64, len(m.Stocks)),
	}
	for i, s := range m.SKUs {
		n.sku[s.ID] = i
	}
	for i, s := range m.Suppliers {
		n.supplier[s.ID] = i
	}
	for i, w := range m.Warehouses {
		if _, dup := n.warehouse[w.ID]; !dup {
			n.warehouse[w.ID] = i
		}
	}
	for i, s := range m.Stocks {
		n.stock[[2]string{s.At, s.SKU}] = i
		n.demand[i] = [2]float64{math.NaN(), 0}
	}
	for i, l := range m.Lanes {
		n.lane[[2]string{l.From, l.To}] = i
	}
	n.customers = make([][]int, len(m.Stocks))
	n.downstream = make([][]int, len(m.Stocks))
	for j, d := range m.Demands {
		if k, ok := n.stock[[2]string{d.At, d.SKU}]; ok {
			n.customers[k] = append(n.customers[k], j)
		}
	}
	for j := range m.Stocks {
		if u := n.upstream(m, j); u >= 0 {
			n.downstream[u] = append(n.downstream[u], j)
		}
	}
	return n
}

// inbound returns the lane that replenishes stock point i.
func (n *network) inbound(m *Model, i int) *Lane {
	s := m.Stocks[i]
	if s.Source == s.At { // made at its plant
		return &plantLane
	}
	return &m.Lanes[n.lane[[2]string{s.Source, s.At}]]
}

// upstream returns the stock point that replenishes i, or -1 when its
// source is a supplier.
func (n *network) upstream(m *Model, i int) int {
	s := m.Stocks[i]
	if u, ok := n.stock[[2]string{s.Source, s.SKU}]; ok && s.Source != s.At {
		return u
	}
	return -1
}

// leadTime returns the mean and standard deviation of stock point i's
// replenishment lead time: supplier lead time (if any) plus transit.
func (n *network) leadTime(m *Model, i int) (mean, sd float64) {
	if len(m.Stocks[i].Sourcing.Sources) > 1 {
		return n.sourcedLeadTime(m, i)
	}
	if mean, sd, ok := n.plantLeadTime(m, i); ok {
		return mean, sd
	}
	lane := n.inbound(m, i)
	mean, v := lane.Transit.Mean(), lane.Transit.Var()
	if k, ok := n.supplier[m.Stocks[i].Source]; ok {
		mean += m.Suppliers[k].LeadTime.Mean()
		v += m.Suppliers[k].LeadTime.Var()
	}
	return mean, math.Sqrt(v)
}

// demandPerDay returns the mean and standard deviation of the units per day
// asked of stock point i: its customers' plus its downstream stock points'.
func (n *network) demandPerDay(m *Model, i int) (mean, sd float64) {
	mv := n.demandMoments(m, i)
	return mv[0], math.Sqrt(mv[1])
}

func (n *network) demandMoments(m *Model, i int) [2]float64 {
	if !math.IsNaN(n.demand[i][0]) {
		return n.demand[i]
	}
	var mean, v float64
	for _, j := range n.customers[i] {
		dm, dv := m.Demands[j].perDay(m.Horizon)
		mean, v = mean+dm, v+dv
	}
	for _, j := range n.downstream[i] {
		mv := n.demandMoments(m, j)
		mean, v = mean+mv[0], v+mv[1]
	}
	if len(m.Plants) > 0 {
		pm, pv := n.plantDemand(m, i)
		mean, v = mean+pm, v+pv
	}
	n.demand[i] = [2]float64{mean, v}
	return n.demand[i]
}

// perDay returns the mean and variance of the units this stream asks per
// day, averaged over the seasonal profile and the trend across the horizon.
// Poisson orders of random size S: mean rate E[S], variance rate E[S²].
// Fixed intervals tau: mean E[S]/tau, variance Var[S]/tau.
func (d Demand) perDay(horizon float64) (mean, variance float64) {
	if d.History != nil {
		return d.History.moments()
	}
	f := meanFactor(d.Weekly) * meanFactor(d.Yearly) * (1 + d.Trend*horizon/2/365)
	sm, sv := d.Size.Mean(), d.Size.Var()
	if d.Every > 0 {
		return f * sm / d.Every, f * f * sv / d.Every
	}
	rate := d.Rate * f
	return rate * sm, rate * (sv + sm*sm)
}

func meanFactor(profile []float64) float64 {
	if len(profile) == 0 {
		return 1
	}
	var s float64
	for _, x := range profile {
		s += x
	}
	return s / float64(len(profile))
}
