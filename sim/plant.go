package sim

import (
	"cmp"
	"math"
	"slices"

	"github.com/supplysim/supplysim/sim/dist"
	"github.com/supplysim/supplysim/sim/stats"
)

// Plant is a site that makes one SKU from components by a bill of
// materials. Its finished-goods stock point (at the plant, source the
// plant) orders production instead of buying; its component stock points
// (at the plant, any source) are drawn when a production run starts.
//
// A production order of q units joins the plant's first-in-first-out
// queue (in runs of Batch units when Batch > 0, q rounded up to a whole
// number of batches). The plant works on one run at a time: when it is
// free, it draws q x Qty of every component from the component stock points
// (as a request, like a downstream stock point's order, so short
// components are backordered there) and starts once every component is in
// hand. A run takes Setup plus q / Capacity days of work, or Setup plus q
// draws of ProductionTime; equipment failures at the plant stop the work
// (it resumes where it stopped) and capacity losses slow it. The finished
// units are received at the finished-goods stock point when the run ends.
type Plant struct {
	ID    string
	Makes string // the finished SKU
	// Capacity is in units per day; 0 when ProductionTime is given.
	Capacity float64
	// ProductionTime is the time to make one unit, days, drawn per unit
	// from the plant's stream "plant/<id>/production"; used when
	// HasProductionTime.
	ProductionTime    dist.Dist
	HasProductionTime bool
	Batch             float64 // units per run; 0: each production order is one run
	Setup             float64 // days of set-up before each run
	BOM               []Component
}

// Component is one line of a bill of materials: Qty units of SKU per unit made.
type Component struct {
	SKU string
	Qty float64
}

// PlantResult holds one plant's figures across replications; each is over
// the days after the warm-up.
type PlantResult struct {
	ID, Makes string
	// Produced is units finished per day; Utilisation the share of time a
	// run was in progress and the plant up; Down the days stopped by
	// equipment failures.
	Produced, Utilisation, Down stats.Summary
	// Components lists the BOM's SKUs; Starved, per component, the days
	// the plant was free, with a run waiting for that component.
	Components []string
	Starved    []stats.Summary
}

// plantPlan is a plant compiled.
type plantPlan struct {
	fg       int   // finished-goods stock point
	comps    []int // component stock points, in BOM order
	qty      []float64
	capacity float64
	prodTime dist.Dist
	timed    bool // per-unit production times
	batch    float64
	setup    float64
	hazards  []int // equipment failures and capacity losses at the plant
	failures []int // equipment failures only
}

// plantState is one plant in a replication.
type plantState struct {
	runs          []float64 // queued runs, units; from head on
	head          int
	busy, calling bool // a run in progress; components called for the next
	requesting    bool // the components are being requested
	runQty        float64
	runStart      float64
	need, staged  []float64 // per component, for the run called
	shortSince    []float64 // per component: since when it holds the run back; NaN if not
	times         *dist.Keyed
	down          []Window // the failure windows, merged
	k             plantCounters
}

type plantCounters struct {
	produced, busy, down float64
	starved              []float64
}

// plantOf returns the index of the plant with the given id, or -1.
func plantOf(m *Model, id string) int {
	for i := range m.Plants {
		if m.Plants[i].ID == id {
			return i
		}
	}
	return -1
}

// plantLane is the inbound "lane" of a finished-goods stock point: none.
var plantLane = Lane{Transit: dist.Const(0)}

// plantLeadTime returns the mean and standard deviation of one run's
// production time, when stock point i is made at a plant: the lead time
// its policy is derived from (queueing for the plant is not counted).
func (n *network) plantLeadTime(m *Model, i int) (mean, sd float64, ok bool) {
	st := &m.Stocks[i]
	j := plantOf(m, st.Source)
	if j < 0 || st.Source != st.At {
		return 0, 0, false
	}
	pl := &m.Plants[j]
	q := math.Max(pl.Batch, 1)
	if pl.HasProductionTime {
		return pl.Setup + q*pl.ProductionTime.Mean(), math.Sqrt(q * pl.ProductionTime.Var()), true
	}
	return pl.Setup + q/pl.Capacity, 0, true
}

// plantDemand returns the mean and variance per day that plants draw from
// stock point i: the finished goods' demand times the BOM quantity.
func (n *network) plantDemand(m *Model, i int) (mean, v float64) {
	st := &m.Stocks[i]
	for j := range m.Plants {
		pl := &m.Plants[j]
		if pl.ID != st.At {
			continue
		}
		fg, ok := n.stock[[2]string{pl.ID, pl.Makes}]
		if !ok || fg == i {
			continue
		}
		for _, c := range pl.BOM {
			if c.SKU == st.SKU {
				mv := n.demandMoments(m, fg)
				mean, v = mean+c.Qty*mv[0], v+c.Qty*c.Qty*mv[1]
			}
		}
	}
	return mean, v
}

// compilePlants resolves every plant's stock points and disruptions, and
// marks the finished-goods stock points.
func (p *plan) compilePlants(n *network) {
	m := p.m
	for j := range m.Plants {
		pl := &m.Plants[j]
		pp := plantPlan{fg: n.stock[[2]string{pl.ID, pl.Makes}], capacity: pl.Capacity,
			prodTime: pl.ProductionTime, timed: pl.HasProductionTime, batch: pl.Batch, setup: pl.Setup}
		for _, c := range pl.BOM {
			pp.comps = append(pp.comps, n.stock[[2]string{pl.ID, c.SKU}])
			pp.qty = append(pp.qty, c.Qty)
		}
		for d := range m.Disruptions {
			dis := &m.Disruptions[d]
			if dis.Site != pl.ID || (dis.Type != EquipmentFailure && dis.Type != CapacityLoss) {
				continue
			}
			pp.hazards = append(pp.hazards, d)
			if dis.Type == EquipmentFailure {
				pp.failures = append(pp.failures, d)
			}
		}
		p.stocks[pp.fg].madeBy = j + 1
		p.plants = append(p.plants, pp)
	}
}

func newPlantState(p *plan, rep, j int) plantState {
	n := len(p.plants[j].comps)
	s := plantState{need: make([]float64, n), staged: make([]float64, n), shortSince: make([]float64, n)}
	s.k.starved = make([]float64, n)
	if p.plants[j].timed {
		s.times = dist.NewKeyed(p.m.Seed, rep, "plant/"+p.m.Plants[j].ID+"/production")
	}
	return s
}

// startPlants merges each plant's failure windows, once the replication's
// windows are final (a twin empties some).
func (r *replication) startPlants() {
	for j := range r.plants {
		var ws []Window
		for _, d := range r.p.plants[j].failures {
			ws = append(ws, r.hz.windows[d]...)
		}
		slices.SortFunc(ws, func(a, b Window) int { return cmp.Compare(a.Start, b.Start) })
		var merged []Window
		for _, w := range ws {
			if n := len(merged); n > 0 && w.Start <= merged[n-1].End {
				merged[n-1].End = math.Max(merged[n-1].End, w.End)
				continue
			}
			merged = append(merged, w)
		}
		r.plants[j].down = merged
	}
}

// orderProduction queues a production order of qty units from the
// finished-goods stock point k, in whole batches.
func (r *replication) orderProduction(k int, qty float64) {
	j := r.p.stocks[k].madeBy - 1
	pp, st := &r.p.plants[j], &r.plants[j]
	if pp.batch > 0 {
		qty = math.Ceil(qty/pp.batch-1e-9) * pp.batch
	}
	s := &r.stocks[k]
	s.change(r.now, r.warmup, delta{onOrder: qty})
	if r.now >= r.warmup {
		s.k.orders++
	}
	if r.trace != nil {
		r.log(k, "order", qty, r.p.m.Plants[j].ID)
	}
	for left := qty; left > 1e-9; {
		run := left
		if pp.batch > 0 {
			run = pp.batch
		}
		st.runs = append(st.runs, run)
		left -= run
	}
	r.nextRun(j)
}

// nextRun calls the components of the next queued run when plant j is free.
func (r *replication) nextRun(j int) {
	pp, st := &r.p.plants[j], &r.plants[j]
	if st.busy || st.calling || st.head == len(st.runs) {
		return
	}
	st.runQty = st.runs[st.head]
	st.head++
	if st.head > 64 && st.head*2 > len(st.runs) {
		st.runs = append(st.runs[:0], st.runs[st.head:]...)
		st.head = 0
	}
	st.calling, st.requesting = true, true
	for c, k := range pp.comps {
		st.need[c], st.staged[c], st.shortSince[c] = st.runQty*pp.qty[c], 0, math.NaN()
		r.request(k, request{qty: st.need[c], downstream: -1, stream: -1, partial: true, plant: int32(j + 1)}, customer{waits: true})
		if r.stocks[k].continuous {
			r.applyPolicy(k)
		}
	}
	st.requesting = false
	for c := range pp.comps {
		if st.staged[c] < st.need[c]-1e-9 {
			st.shortSince[c] = r.now
		}
	}
	r.tryStart(j)
}

// staged records amount of component stock point k handed to plant j.
func (r *replication) staged(j, k int, amount float64) {
	pp, st := &r.p.plants[j], &r.plants[j]
	c := slices.Index(pp.comps, k)
	st.staged[c] += amount
	if st.requesting {
		return
	}
	if st.staged[c] >= st.need[c]-1e-9 && !math.IsNaN(st.shortSince[c]) {
		st.k.starved[c] += r.measured(st.shortSince[c], r.now)
		st.shortSince[c] = math.NaN()
	}
	r.tryStart(j)
}

// measured is the part of [from, to) after the warm-up, days.
func (r *replication) measured(from, to float64) float64 {
	return math.Max(0, to-math.Max(from, r.warmup))
}

// tryStart starts the called run of plant j once every component is in hand.
func (r *replication) tryStart(j int) {
	pp, st := &r.p.plants[j], &r.plants[j]
	if !st.calling {
		return
	}
	for c := range pp.comps {
		if st.staged[c] < st.need[c]-1e-9 {
			return
		}
	}
	st.calling, st.busy, st.runStart = false, true, r.now
	work := pp.setup + st.runQty/math.Max(pp.capacity, 1e-300)
	if pp.timed {
		work = pp.setup + r.unitTimes(st, st.runQty, pp.prodTime)
	}
	end := r.worked(pp, r.now, work)
	if r.trace != nil {
		r.log(pp.fg, "produce", st.runQty, r.p.m.Plants[j].ID)
	}
	if end < r.horizon {
		r.schedule(end, evProduced, int32(j), r.shipments.put(st.runQty))
	}
}

// unitTimes draws the production time of q units: one draw per whole unit,
// and a fraction of one for the rest.
func (r *replication) unitTimes(st *plantState, q float64, d dist.Dist) float64 {
	rng := st.times.At(r.now)
	whole, frac := math.Modf(q)
	t := 0.0
	for range int(whole) {
		t += d.Sample(rng)
	}
	if frac > 1e-9 {
		t += frac * d.Sample(rng)
	}
	return t
}

// worked returns when work days of production started at start are done:
// nothing is made during an equipment failure, and a capacity loss makes
// Share as much. +Inf when it never finishes.
func (r *replication) worked(pp *plantPlan, start, work float64) float64 {
	t, left := start, work
	m := r.p.m
	for range 1 << 20 {
		rate, next := 1.0, math.Inf(1)
		for _, d := range pp.hazards {
			if _, ok := r.hz.at(d, t); ok {
				if m.Disruptions[d].Type == EquipmentFailure {
					rate = 0
				} else {
					rate *= m.Disruptions[d].Share
				}
			}
			next = math.Min(next, r.hz.nextChange(d, t))
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

// produced ends plant j's run: the units are received at the finished-goods
// stock point and the next run is called.
func (r *replication) produced(j int, slot int32) {
	pp, st := &r.p.plants[j], &r.plants[j]
	st.k.busy += r.uptime(st, st.runStart, r.now)
	st.busy = false
	if r.now >= r.warmup {
		st.k.produced += st.runQty
	}
	r.receive(pp.fg, slot)
	r.nextRun(j)
}

// uptime is the measured part of [from, to) outside the plant's failures.
func (r *replication) uptime(st *plantState, from, to float64) float64 {
	t := r.measured(from, to)
	for _, w := range st.down {
		t -= r.measured(math.Max(w.Start, from), math.Min(w.End, to))
	}
	return math.Max(t, 0)
}

// finishPlants closes the plants' time figures at the horizon.
func (r *replication) finishPlants() {
	for j := range r.plants {
		st := &r.plants[j]
		if st.busy {
			st.k.busy += r.uptime(st, st.runStart, r.horizon)
		}
		for c, since := range st.shortSince {
			if st.calling && !math.IsNaN(since) {
				st.k.starved[c] += r.measured(since, r.horizon)
			}
		}
		for _, w := range st.down {
			st.k.down += r.measured(w.Start, math.Min(w.End, r.horizon))
		}
	}
}

// plantKPIs returns, per plant, produced per day, utilisation, down days
// and starved days per component.
func plantKPIs(r *replication) [][]float64 {
	if len(r.plants) == 0 {
		return nil
	}
	days := r.horizon - r.warmup
	out := make([][]float64, len(r.plants))
	for j := range r.plants {
		k := &r.plants[j].k
		out[j] = append([]float64{k.produced / days, k.busy / days, k.down}, k.starved...)
	}
	return out
}

func summarizePlants(p *plan, reps []RepResult) []PlantResult {
	var out []PlantResult
	for j := range p.plants {
		pl := &p.m.Plants[j]
		col := func(i int) stats.Summary {
			vals := make([]float64, len(reps))
			for r := range reps {
				vals[r] = reps[r].Plants[j][i]
			}
			return stats.Summarize(vals)
		}
		res := PlantResult{ID: pl.ID, Makes: pl.Makes, Produced: col(0), Utilisation: col(1), Down: col(2)}
		for c := range pl.BOM {
			res.Components = append(res.Components, pl.BOM[c].SKU)
			res.Starved = append(res.Starved, col(3+c))
		}
		out = append(out, res)
	}
	return out
}

// plantDraws adds to stock point k's requests the draws of the plant it
// stands at, once the finished goods' orders are known: one request per run.
func (c estimator) plantDraws(f *flow, k, depth int) {
	st := &c.m.Stocks[k]
	j := plantOf(c.m, st.At)
	if j < 0 {
		return
	}
	pl := &c.m.Plants[j]
	fg, ok := c.n.stock[[2]string{pl.ID, pl.Makes}]
	if !ok || fg == k {
		return
	}
	for _, comp := range pl.BOM {
		if comp.SKU == st.SKU {
			c.placeOrders(f, fg, depth+1)
			f.requests[k] += plantRuns(pl, f, fg)
			f.units[k] += f.units[fg] * comp.Qty
		}
	}
}

// plantEvents returns the production ends beyond one per production order
// (each order's end is counted as its receipt): batches split orders.
func (c estimator) plantEvents(f *flow) float64 {
	total := 0.0
	for j := range c.m.Plants {
		pl := &c.m.Plants[j]
		if fg, ok := c.n.stock[[2]string{pl.ID, pl.Makes}]; ok {
			total += plantRuns(pl, f, fg) - f.orders[fg]
		}
	}
	return total
}

func plantRuns(pl *Plant, f *flow, fg int) float64 {
	runs := f.orders[fg]
	if pl.Batch > 0 {
		runs = math.Max(runs, f.units[fg]/pl.Batch)
	}
	return runs
}
