package sim

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Limits every model given to Run stays within; sim/scenario enforces them
// when it decodes a file.
const (
	// MaxHorizon is the longest horizon, and the longest duration anywhere
	// in a scenario: 100 years, in days.
	MaxHorizon = 36500
	// MaxReplications is the most replications of one run.
	MaxReplications = 100_000
	// MaxArrivalRate is the highest rate, in orders per day, at which a
	// demand stream may draw arrivals (its peak, with profiles, trend and
	// surges). Above it the gaps between arrivals shrink towards the
	// resolution of the clock late in a long horizon.
	MaxArrivalRate = 1e9
)

// Budget limits what a run may take. A zero field means no limit.
//
// Run refuses a model whose Estimate is over the budget before it starts,
// and stops with a *BudgetError when the events it has executed pass
// MaxEvents, since an estimate can be wrong.
type Budget struct {
	MaxEvents int64 // events over all replications, counted as Estimate counts them
	MaxBytes  int64 // memory the run holds at its peak, in bytes (checked before the run only)
}

// DefaultBudget returns the budget the command line applies unless told
// otherwise: 2e9 events, a few minutes of a laptop's cores at the engine's
// 5 to 15 million events per second per core, and 4 GiB of memory, what a
// laptop can spare. Runaway scenarios (an arrival rate of a billion a day,
// a review every minute for a century) are far above both.
func DefaultBudget() Budget { return Budget{MaxEvents: 2_000_000_000, MaxBytes: 4 << 30} }

// Estimate is what a run is expected to take, worked out from the model
// before it runs.
type Estimate struct {
	// Events counts, over all replications, the events the engine executes
	// (customer orders, receipts, reviews, samples, repairs) plus the
	// candidate arrivals that thinning draws for time-varying demand and
	// the disruption windows drawn: the work of a run.
	Events       int64
	EventsPerRep int64
	// Bytes is the memory held at the peak: every replication's results
	// (KPIs, daily series, delay histograms, disruption windows), the
	// summaries, and the state of the replications running at once (their
	// orders in flight and waiting, by Little's law).
	Bytes        int64
	Replications int
	Workers      int // replications running at once
}

// Sizes in bytes used by the estimate: a pending order is a waiting request,
// its receipt event and its shipment slot; the rest are the engine's
// per-element state, rounded up.
const (
	pendingBytes = 112
	stockBytes   = 512
	streamBytes  = 320
	windowBytes  = 64 // the window, and its occurrence's measures
)

// EstimateRun estimates what Run(m, opt) takes: the model's replications
// with opt's workers and series. m must be valid.
func EstimateRun(m *Model, opt Options) Estimate {
	reps := max(m.Replications, 1)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, reps)
	deriv, _ := Derive(m)
	c := estimator{m: m, n: newNetwork(m), deriv: deriv, days: math.Ceil(m.Horizon), series: !opt.NoSeries}
	perRep := c.events()
	if !opt.NoImpact {
		perRep *= float64(1 + len(twinSets(m))) // each twin replays the replication
	}
	fixed, perRepBytes, running := c.bytes()
	return Estimate{
		Events:       saturate(perRep * float64(reps)),
		EventsPerRep: saturate(perRep),
		Bytes:        saturate(fixed + perRepBytes*float64(reps) + running*float64(workers)),
		Replications: reps,
		Workers:      workers,
	}
}

// WithTrace adds the replication that --trace runs again to log it.
func (e Estimate) WithTrace() Estimate {
	e.Events = saturate(float64(e.Events) + float64(e.EventsPerRep))
	return e
}

// Add returns the estimate of two runs made one after the other whose
// results are both kept: their events and their memory add up.
func (e Estimate) Add(o Estimate) Estimate {
	e.Events = saturate(float64(e.Events) + float64(o.Events))
	e.EventsPerRep = max(e.EventsPerRep, o.EventsPerRep)
	e.Bytes = saturate(float64(e.Bytes) + float64(o.Bytes))
	e.Replications += o.Replications
	e.Workers = max(e.Workers, o.Workers)
	return e
}

// saturate converts a count to int64, holding +Inf, NaN and overflow at
// the largest int64.
func saturate(x float64) int64 {
	if !(x < math.MaxInt64) {
		return math.MaxInt64
	}
	return int64(math.Max(x, 0))
}

// estimator works out an estimate for one model.
type estimator struct {
	m      *Model
	n      *network
	deriv  []Derivation
	days   float64
	series bool
}

// events returns the events of one replication.
func (c estimator) events() float64 {
	m, h := c.m, c.m.Horizon
	total := c.days // daily samples
	flow := c.flows()
	for i := range m.Demands {
		total += flow.draws[i]
	}
	for k := range m.Stocks {
		total += flow.orders[k] // each order's receipt
		if r := m.Stocks[k].Policy.Review; r > 0 {
			total += h / r
		}
		total += m.Stocks[k].Visibility.events(h)
	}
	total += c.plantEvents(flow)
	for i := range m.Disruptions {
		total += 2 * windowCount(&m.Disruptions[i], h) // drawn, and a repair or a surge start
	}
	return total
}

// flow is the traffic of a replication: per demand stream the arrivals it
// draws (with the candidates thinning rejects, and patience timers), per
// stock point the requests made of it, the units asked and the orders it
// places.
type flow struct {
	draws                   []float64 // per stream
	requests, units, orders []float64 // per stock point
	done                    []bool
}

func (c estimator) flows() *flow {
	m, h := c.m, c.m.Horizon
	n := len(m.Stocks)
	f := &flow{draws: make([]float64, len(m.Demands)), requests: make([]float64, n), units: make([]float64, n),
		orders: make([]float64, n), done: make([]bool, n)}
	surges := c.surgeTime()
	for i := range m.Demands {
		d := &m.Demands[i]
		arrivals := h / math.Max(d.Every, minEvery)
		draws := arrivals
		if d.History != nil {
			arrivals, draws = d.History.orders(h), d.History.orders(h)
		} else if d.Every <= 0 {
			top, mean := maxFactor(d, h), meanRateFactor(d, h)
			extra := surges[i].bound - 1
			window := math.Min(h, surges[i].time)
			arrivals = d.Rate * (mean*h + mean*extra*window)
			draws = d.Rate * (top*h + top*extra*window)
		}
		if d.HasPatience {
			draws += arrivals
		}
		f.draws[i] = draws
		if k, ok := c.n.stock[[2]string{d.At, d.SKU}]; ok {
			f.requests[k] += arrivals
			f.units[k] += arrivals * d.Size.Mean()
		}
	}
	for k := range m.Stocks {
		c.placeOrders(f, k, 0)
	}
	return f
}

// minEvery keeps a division by a fixed interval finite on models that
// skipped validation.
const minEvery = 1e-9

// placeOrders works out the orders of stock point k once its downstream
// stock points have theirs: one per request for continuous base stock, one
// per Q units for rQ (and S - s for sS), at most one per review.
func (c estimator) placeOrders(f *flow, k, depth int) {
	if f.done[k] || depth > len(f.done) {
		return
	}
	f.done[k] = true
	for _, j := range c.n.downstream[k] {
		c.placeOrders(f, j, depth+1)
		f.requests[k] += f.orders[j]
		f.units[k] += f.units[j]
	}
	if len(c.m.Plants) > 0 {
		c.plantDraws(f, k, depth)
	}
	p, d := c.m.Stocks[k].Policy, c.deriv[k]
	orders := f.requests[k]
	switch lot := d.Quantity; {
	case p.Type == RQ && lot > 0:
		orders = math.Min(orders, f.units[k]/lot)
	case p.Type == SS && d.OrderUpTo > d.Reorder:
		orders = math.Min(orders, f.units[k]/(d.OrderUpTo-d.Reorder))
	}
	if p.Review > 0 {
		orders = math.Min(orders, c.m.Horizon/p.Review)
	}
	f.orders[k] = orders + 1 // and the look at time 0
}

// bytes returns the memory the run holds whatever its replications, per
// replication it keeps, and per replication running.
func (c estimator) bytes() (fixed, perRep, running float64) {
	m := c.m
	stocks := float64(len(m.Stocks))
	metrics := float64(len(Metrics))
	perRep = stocks * metrics * (8 + 24) // the KPIs, and their text in JSON
	for k := range m.Stocks {
		lead, _ := c.n.leadTime(m, k)
		wait := math.Min(m.Horizon, 4*(lead+m.Stocks[k].Policy.Review)+7)
		perRep += wait / delayBin * 8 // the delay histogram, to the longest expected wait
	}
	if c.series {
		perRep += stocks * c.days * 3 * 4
		fixed += stocks * c.days * 9 * 8 // the bands
	}
	for i := range m.Disruptions {
		perRep += windowCount(&m.Disruptions[i], m.Horizon) * windowBytes
	}
	running = stocks*stockBytes + float64(len(m.Demands))*streamBytes + c.pending()
	if len(m.Disruptions) > 0 {
		running += 3 * c.days * 8
	}
	return fixed, perRep, running
}

// pending estimates the orders a replication holds at once, in flight or
// waiting, by Little's law: arrivals per day times how long each is held
// (lead time and review, and patience when customers wait with one).
func (c estimator) pending() float64 {
	m, h := c.m, c.m.Horizon
	var total float64
	for i := range m.Demands {
		d := &m.Demands[i]
		perDay := d.Rate * meanRateFactor(d, h)
		if d.Every > 0 {
			perDay = 1 / d.Every
		}
		if d.History != nil {
			perDay = d.History.orders(1)
		}
		held := 1.0
		if k, ok := c.n.stock[[2]string{d.At, d.SKU}]; ok {
			lead, _ := c.n.leadTime(m, k)
			held += lead + m.Stocks[k].Policy.Review
		}
		if d.HasPatience {
			held += d.Patience.Mean()
		}
		total += perDay * math.Min(h, held) * pendingBytes
	}
	return total
}

// surgeExposure is, for one demand stream, the bound of its surge factor
// and the expected time its surges above 1 are active, in days.
type surgeExposure struct{ bound, time float64 }

func (c estimator) surgeTime() []surgeExposure {
	m := c.m
	bounds := surgeBounds(m)
	time := map[surgeTarget]float64{}
	for i := range m.Disruptions {
		d := &m.Disruptions[i]
		if d.Type == DemandSurge && d.Factor > 1 {
			time[d.surgeTarget()] += windowCount(d, m.Horizon) * windowLength(d)
		}
	}
	out := make([]surgeExposure, len(m.Demands))
	for i := range m.Demands {
		out[i].bound = bounds[i]
		if len(time) == 0 {
			continue
		}
		for _, t := range m.Demands[i].surgeTargets() {
			out[i].time += time[t]
		}
	}
	return out
}

// windowCount returns the expected number of a disruption's windows in a
// replication.
func windowCount(d *Disruption, horizon float64) float64 {
	if d.Random {
		cycle := d.Every.Mean() + d.Length.Mean()
		if !(cycle > 0) {
			return math.Inf(1)
		}
		return horizon / cycle
	}
	if d.Start >= horizon {
		return 0
	}
	if d.Repeat <= 0 {
		return 1
	}
	return (math.Floor((horizon-d.Start)/d.Repeat) + 1) * d.Probability
}

func windowLength(d *Disruption) float64 {
	if d.Random {
		return d.Length.Mean()
	}
	return d.Duration
}

// meanRateFactor is the mean of a stream's rate factor over the horizon:
// its profiles' means and the trend at mid-horizon.
func meanRateFactor(d *Demand, horizon float64) float64 {
	return meanFactor(d.Weekly) * meanFactor(d.Yearly) * math.Max(0, 1+d.Trend*horizon/2/365)
}

// Check returns a *BudgetError when e is over b, else nil.
func (b Budget) Check(e Estimate) error {
	if (b.MaxEvents > 0 && e.Events > b.MaxEvents) || (b.MaxBytes > 0 && e.Bytes > b.MaxBytes) {
		return &BudgetError{Budget: b, Estimate: e}
	}
	return nil
}

// BudgetError is a run refused, or stopped, for going over its budget.
type BudgetError struct {
	Budget   Budget
	Estimate Estimate
	// During is set when the run was stopped part way: it had executed
	// Executed events, past Budget.MaxEvents.
	During   bool
	Executed int64
}

func (e *BudgetError) Error() string {
	b, est := e.Budget, e.Estimate
	switch {
	case e.During:
		return fmt.Sprintf("the run stopped after %.3g events, over its budget of %.3g (it was estimated at %.3g)",
			float64(e.Executed), float64(b.MaxEvents), float64(est.Events))
	case b.MaxEvents > 0 && est.Events > b.MaxEvents:
		return fmt.Sprintf("the run would take about %.3g events (%d replications of %.3g), over the budget of %.3g",
			float64(est.Events), est.Replications, float64(est.EventsPerRep), float64(b.MaxEvents))
	}
	return fmt.Sprintf("the run would hold about %s of memory (%d replications, %d at once), over the budget of %s",
		FormatBytes(est.Bytes), est.Replications, est.Workers, FormatBytes(b.MaxBytes))
}

// Events reports whether the error is about events, rather than memory.
func (e *BudgetError) Events() bool {
	return e.During || (e.Budget.MaxEvents > 0 && e.Estimate.Events > e.Budget.MaxEvents)
}

// FormatBytes writes a size in bytes as "512 B", "3.2 MiB", "4 GiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	x, i := float64(n), -1
	for x >= unit && i < 5 {
		x /= unit
		i++
	}
	return fmt.Sprintf("%.3g %ciB", x, "KMGTPE"[i])
}

// meterEvery is how often, in events, a replication reports to its meter:
// often enough to stop within a millisecond, rarely enough to cost nothing.
const meterEvery = 4096

// meter counts the events of a run's replications against its budget and
// watches its context. Replications report to it every meterEvery events;
// once it has a reason to stop, every replication stops at its next report.
type meter struct {
	max     int64
	est     Estimate
	ctx     context.Context // nil: none
	used    atomic.Int64
	stopped atomic.Bool
	mu      sync.Mutex
	err     error
}

// newMeter returns a meter, or nil when there is nothing to watch.
func newMeter(opt Options, est Estimate) *meter {
	if opt.Budget.MaxEvents <= 0 && opt.Context == nil {
		return nil
	}
	return &meter{max: opt.Budget.MaxEvents, est: est, ctx: opt.Context}
}

// tick adds n events and reports whether the run must stop. A nil meter
// never stops.
func (mt *meter) tick(n int64) bool {
	if mt == nil {
		return false
	}
	used := mt.used.Add(n)
	switch {
	case mt.stopped.Load():
	case mt.ctx != nil && mt.ctx.Err() != nil:
		mt.stop(mt.ctx.Err())
	case mt.max > 0 && used > mt.max:
		mt.stop(&BudgetError{Budget: Budget{MaxEvents: mt.max}, Estimate: mt.est, During: true, Executed: used})
	default:
		return false
	}
	return true
}

func (mt *meter) stop(err error) {
	mt.mu.Lock()
	defer mt.mu.Unlock()
	if mt.err == nil {
		mt.err = err
	}
	mt.stopped.Store(true)
}

// done reports whether the run must stop, without counting.
func (mt *meter) done() bool { return mt != nil && mt.stopped.Load() }

// Err returns why the run stopped, or nil.
func (mt *meter) Err() error {
	if mt == nil {
		return nil
	}
	mt.mu.Lock()
	defer mt.mu.Unlock()
	return mt.err
}
