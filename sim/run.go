package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/supplysim/supplysim/sim/stats"
)

// Options control a run. The zero value runs the model's replications on
// every core and records the daily series.
type Options struct {
	Workers  int  // goroutines running replications; 0 means one per core
	NoSeries bool // skip the daily time series (saves memory on large networks)
	// NoImpact skips the twins that measure each disruption's impact. With
	// D disruptions every replication otherwise runs D more times, one twin
	// without each disruption, and once more without all of them when D >= 2.
	NoImpact bool
	// Progress, when set, is called after each replication with the number
	// done so far. It is called from worker goroutines, one call at a time.
	Progress func(done int)
	// Context, when set, stops the run once it is done (an interrupted
	// command line), within a few thousand events; Run then returns its
	// error.
	Context context.Context
	// Budget limits the run's events and memory; the zero Budget sets no
	// limit. See Budget and EstimateRun.
	Budget Budget
}

// Meta identifies a run in every output and baseline: what program, what file.
type Meta struct {
	Version string // program version
	File    string // scenario file path as given
	SHA256  string // hex digest of the scenario file
}

// Results are a run's KPIs per stock point, across replications.
type Results struct {
	Model        *Model
	Derivations  []Derivation       // per stock point, in Model.Stocks order
	Stocks       []StockResult      // in Model.Stocks order
	Days         int                // length of the daily series
	KernelEvents int64              // events executed, all replications together (twins not counted)
	Disruptions  []DisruptionResult // in Model.Disruptions order
	// AllDisruptions is the impact of all disruptions together, against
	// twins run without any; nil with Options.NoImpact or fewer than two
	// disruptions (with one, its own Impact is that).
	AllDisruptions *Impact
	// Network holds the network-wide KPIs, one per entry of NetworkMetrics.
	Network []stats.Summary
	// Sources holds, per sourced stock point (several sources, or purchase
	// terms), one entry per source, in Model.Stocks then source order.
	Sources []SourceResult
	// Plants holds each plant's production figures, in Model.Plants order.
	Plants []PlantResult
}

// StockResult holds one stock point's results.
type StockResult struct {
	At, SKU  string
	Periodic bool            // periodic review
	Metrics  []stats.Summary // one per entry of Metrics, same order
	// Delays holds the backorder waits (days) of all replications, weighted by units.
	Delays stats.Histogram
	// Daily series across replications, sampled at t = 0, 1, ... days after
	// the events of that instant; empty when Options.NoSeries.
	OnHand, Backorders, Position Band
}

// Metric returns the summary of the named metric. It panics on an unknown
// name, which is a programming error: names come from Metrics.
func (s *StockResult) Metric(name string) stats.Summary {
	i := MetricIndex(name)
	if i < 0 {
		panic("sim: unknown metric " + name)
	}
	return s.Metrics[i]
}

// RepResult is what one replication hands back: every figure Merge
// summarises, and nothing else. A Part carries them between machines, so
// each field must survive serialisation exactly (see reports.WritePart).
type RepResult struct {
	KPIs        [][]float64        // [stock][metric], in Model.Stocks and Metrics order
	Delays      []stats.Histogram  // per stock point: backorder waits, days, weighted by units
	Series      []float32          // [day][stock][3]: on hand, backorders, position; empty with Options.NoSeries
	Events      int64              // events executed, twins not counted
	Windows     [][]Window         // per disruption
	Occurrences [][]Occurrence     // per disruption, per window
	Effects     []Effect           // per twin, in twinSets order; nil with Options.NoImpact
	Network     []float64          // NetworkMetrics
	Sources     [][]SourceCounters // per sourced stock point, per source
	Plants      [][]float64        // per plant: see plantKPIs
}

// Run simulates the model's replications and summarises them. Results do
// not depend on the number of workers: each replication has its own random
// streams and results are combined in replication order.
//
// Run is RunPart over every replication followed by Merge, so a run split
// into parts on several machines and merged gives the same Results.
func Run(m *Model, opt Options) (*Results, error) {
	p, err := prepare(m)
	if err != nil {
		return nil, err
	}
	part, err := p.runPart(opt, AllReplications(m.Replications))
	if err != nil {
		return nil, err
	}
	return p.merge([]*Part{part})
}

// prepare validates and compiles a model for running or merging.
func prepare(m *Model) (*plan, error) {
	deriv, errs := Derive(m)
	if len(errs) > 0 {
		all := make([]error, len(errs))
		for i, e := range errs {
			all[i] = e
		}
		return nil, errors.Join(all...)
	}
	if m.Replications < 1 {
		return nil, fmt.Errorf("replications must be at least 1, got %d", m.Replications)
	}
	return compile(m, deriv), nil
}

// runPart runs the replications reps (indices below m.Replications)
// within opt's budget for that many.
func (p *plan) runPart(opt Options, reps []int) (*Part, error) {
	est := EstimatePart(p.m, opt, len(reps))
	if err := opt.Budget.Check(est); err != nil {
		return nil, err
	}
	p.meter = newMeter(opt, est)
	results := runReplications(p, opt, reps)
	if opt.Context != nil && opt.Context.Err() != nil {
		return nil, opt.Context.Err()
	}
	if err := p.meter.Err(); err != nil {
		return nil, err
	}
	return &Part{Reps: reps, Results: results, NoSeries: opt.NoSeries, NoImpact: opt.NoImpact}, nil
}

func runReplications(p *plan, opt Options, reps []int) []RepResult {
	n := len(reps)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	out := make([]RepResult, n)
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if opt.Context != nil && opt.Context.Err() != nil || p.meter.done() {
					return
				}
				out[i] = runOne(p, reps[i], opt)
				if opt.Progress != nil {
					mu.Lock()
					opt.Progress(int(done.Add(1)))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return out
}

func runOne(p *plan, rep int, opt Options) RepResult {
	disrupted := len(p.m.Disruptions) > 0
	impact := disrupted && !opt.NoImpact
	r := newReplication(p, rep, recording{series: !opt.NoSeries, windows: disrupted, trails: impact})
	r.run()
	p.meter.tick(r.events % meterEvery)
	res := RepResult{Series: r.series, Events: r.events, Windows: r.hz.windows}
	if disrupted {
		res.Occurrences = r.measureOccurrences()
	}
	if impact {
		res.Effects = measureImpacts(r, !opt.NoSeries)
	}
	for i := range r.stocks {
		res.KPIs = append(res.KPIs, kpis(p, i, &r.stocks[i].k))
		res.Delays = append(res.Delays, r.stocks[i].k.delays)
	}
	res.Network, res.Sources = networkKPIs(p, r, res.KPIs), sourceKPIs(r)
	res.Plants = plantKPIs(r)
	return res
}

// kpis turns one stock point's counters into metric values, in Metrics
// order. A KPI with nothing to measure (no demand, no backorders) is NaN.
func kpis(p *plan, i int, k *counters) []float64 {
	sp := &p.stocks[i]
	days := p.m.Horizon - p.m.Warmup
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
	}
	lost := k.lostAtOnce + k.cancelled
	avgOnHand, avgBackorders := k.areaOnHand/days, k.areaBackorders/days
	costs := dailyCosts(sp, k, days)
	return []float64{
		ratio(k.fromStock, k.demanded),
		ratio(k.requestsComplete, k.requests),
		ratio(k.backordered, k.demanded),
		ratio(lost, k.demanded),
		ratio(k.lostAtOnce, k.demanded),
		ratio(k.cancelled, k.demanded),
		ratio(k.filledLate, k.demanded),
		ratio(k.waitingAtEnd, k.demanded),
		k.ready / days,
		ratio(k.cyclesServed, k.cycles),
		avgOnHand,
		avgBackorders,
		k.areaPosition / days,
		k.delays.Mean(),
		k.delays.Quantile(0.95),
		k.demanded / days,
		k.orders / days,
		costs[0], costs[1], costs[2], costs[3], costs[4],
		costs[0] + costs[1] + costs[2] + costs[3] + costs[4] + k.purchase/days,
		k.purchase / days,
		avgOnHand * sp.unitValue,
		k.info.bullwhip, k.info.mape, k.info.bias, k.info.recordError,
	}
}

// dailyCosts returns a stock point's holding, backorder, lost-sale,
// ordering and transport costs per day over the measured days.
func dailyCosts(sp *stockPlan, k *counters, days float64) [5]float64 {
	c := [5]float64{
		k.areaOnHand / days * sp.holdingPerDay,
		k.areaBackorders / days * sp.backorderPerDay,
		(k.lostAtOnce + k.cancelled) / days * sp.lostSale,
		k.orders / days * sp.orderCost,
		k.received / days * sp.transportPerUnit,
	}
	if sp.sourced() { // by the lane each receipt came over
		c[4] = k.transport / days
	}
	return c
}

func summarize(p *plan, reps []RepResult) *Results {
	res := &Results{Model: p.m, Derivations: p.deriv, Stocks: make([]StockResult, len(p.stocks))}
	for _, r := range reps {
		res.KernelEvents += r.Events
	}
	for i := range p.stocks {
		sr := &res.Stocks[i]
		sr.At, sr.SKU = p.m.Stocks[i].At, p.m.Stocks[i].SKU
		sr.Periodic = p.stocks[i].review > 0
		sr.Delays = stats.NewHistogram(delayBin)
		sr.Metrics = make([]stats.Summary, len(Metrics))
		all := make([]float64, len(Metrics)*len(reps)) // one allocation per stock point, not one per metric
		for m := range Metrics {
			vals := all[m*len(reps) : (m+1)*len(reps) : (m+1)*len(reps)]
			for r := range reps {
				vals[r] = reps[r].KPIs[i][m]
			}
			sr.Metrics[m] = stats.Summarize(vals)
		}
		for r := range reps {
			sr.Delays.Merge(&reps[r].Delays[i])
		}
	}
	res.Network, res.Sources = summarizeNetwork(reps), summarizeSources(p, reps)
	res.Plants = summarizePlants(p, reps)
	if len(p.m.Disruptions) > 0 {
		res.Disruptions = summarizeDisruptions(p, reps)
	}
	if reps[0].Effects != nil {
		impacts := summarizeImpacts(p, reps)
		for i := range res.Disruptions {
			res.Disruptions[i].Impact = impacts[i]
		}
		if len(impacts) > len(res.Disruptions) {
			res.AllDisruptions = impacts[len(res.Disruptions)]
		}
	}
	if len(reps[0].Series) > 0 {
		res.Days = p.days
		summarizeSeries(res, reps)
	}
	return res
}

// summarizeSeries computes the daily bands; series are laid out [day][stock][3].
func summarizeSeries(res *Results, reps []RepResult) {
	nStocks := len(res.Stocks)
	buf := make([]float64, len(reps))
	mean, p10, p90 := make([]float64, res.Days), make([]float64, res.Days), make([]float64, res.Days)
	zeros := make([]float32, res.Days)
	band := func(stock, field int) Band {
		for day := range res.Days {
			var sum float64
			for r := range reps {
				buf[r] = float64(reps[r].Series[(day*nStocks+stock)*3+field])
				sum += buf[r]
			}
			mean[day] = sum / float64(len(reps))
			p10[day] = stats.Quantile(buf, 0.10)
			p90[day] = stats.Quantile(buf, 0.90)
		}
		return compactBand(mean, p10, p90, zeros)
	}
	for i := range res.Stocks {
		res.Stocks[i].OnHand = band(i, 0)
		res.Stocks[i].Backorders = band(i, 1)
		res.Stocks[i].Position = band(i, 2)
	}
}
