package sim

import (
	"math"

	"github.com/supplysim/supplysim/sim/stats"
)

// Impact is what one or more disruptions changed. Each replication runs
// again without them, its twin, on the same random numbers (the
// disruptions' windows are emptied; every random stream is created and
// drawn as before), and every figure is the run minus its twin: it counts
// what the disruptions caused, whenever it happened, and nothing else.
type Impact struct {
	Removed []int // indices in Model.Disruptions that the twin runs without
	// Network adds up the stock points with customer demand: what the
	// network's customers felt. Its Cost adds up every stock point.
	Network ImpactFigures
	Stocks  []ImpactFigures // in Model.Stocks order
}

// ImpactFigures are the run-minus-twin figures of a stock point or of the
// network, one value per replication in each summary.
//
// The totals count like the metrics, from the warm-up on; the timings and
// the peak look at the whole horizon, since run and twin start alike.
type ImpactFigures struct {
	Backordered   stats.Summary // extra units backordered
	Lost          stats.Summary // extra units lost, refused at once or cancelled
	BackorderDays stats.Summary // extra unit-days of backorders
	Cost          stats.Summary // extra cost over the measured days, in money (cost_total x days), not per day
	FillLost      stats.Summary // the twin's fill rate minus the run's

	// TimeToImpact is the time from the start of the first window to the
	// first instant at which run and twin differ in backorders outstanding or
	// units lost, in days; NaN when they never differ.
	TimeToImpact stats.Summary
	// Recovery is the time from the end of the last window to the end of
	// the last day on which the difference exceeds the tolerance, in days;
	// 0 when no such day ends after the window. A day's difference is the
	// largest |run − twin| backorders outstanding during it plus |run − twin|
	// units lost on it; the tolerance is Model.RecoveryTolerance x the mean
	// demand per day. NaN for replications without a window or whose
	// difference lasts to the horizon's last day, counted in NotRecovered.
	Recovery     stats.Summary
	NotRecovered int
	// PeakBackorders is the largest run − twin backorders outstanding at
	// any instant, in event time (not at the daily samples).
	PeakBackorders stats.Summary

	// Diff is the daily difference run − twin in backorders outstanding, at
	// the daily samples, across replications. Stock points have one unless
	// Options.NoSeries; the network always has one.
	Diff Band
}

// Figures of one comparison in one replication, in this order.
const (
	figBackordered = iota
	figLost
	figBackorderDays
	figCost
	figFillLost
	figTimeToImpact
	figRecovery
	figNotRecovered // 1 when not recovered
	figPeak
	nFigures
)

// Effect is what comparing a replication with one twin found: figures for
// each stock point and then the network, and their daily differences
// (nil for stock points without series).
type Effect struct {
	Figs [][NumFigures]float64 // per scope: backordered, lost, backorder days, cost, fill lost, time to impact, recovery, not recovered (0 or 1), peak
	Diff [][]float32           // per scope, per day; nil for a stock point without series
}

// NumFigures is the number of figures per scope in an Effect.
const NumFigures = nFigures

// twinSets lists the disruptions each twin runs without: each one alone,
// then all of them when there are two or more.
func twinSets(m *Model) [][]int {
	var sets [][]int
	all := make([]int, len(m.Disruptions))
	for i := range m.Disruptions {
		sets, all[i] = append(sets, []int{i}), i
	}
	if len(all) > 1 {
		sets = append(sets, all)
	}
	return sets
}

// measureImpacts compares replication r, run with trails, with each of its twins.
func measureImpacts(r *replication, series bool) []Effect {
	p := r.p
	gaps := make([]*gap, len(p.stocks)+1)
	for i := range gaps {
		gaps[i] = newGap(p.days, series || i == len(p.stocks))
	}
	var out []Effect
	for _, removed := range twinSets(p.m) {
		twin := newReplication(p, r.rep, recording{trails: true})
		twin.hz.remove(removed)
		twin.run()
		out = append(out, compareTwin(r, twin, removed, gaps))
	}
	return out
}

// tally is what the figures need of a scope's counters, after the warm-up.
type tally struct{ demanded, fromStock, backordered, lost, unitDays, cost float64 }

func (t *tally) add(p *plan, i int, k *counters) {
	t.demanded += k.demanded
	t.fromStock += k.fromStock
	t.backordered += k.backordered
	t.lost += k.lostAtOnce + k.cancelled
	t.unitDays += k.areaBackorders
	// cost_total x days, summed in the same order as the metric
	days := p.m.Horizon - p.m.Warmup
	c := dailyCosts(&p.stocks[i], k, days)
	t.cost += (c[0] + c[1] + c[2] + c[3] + c[4]) * days
}

func compareTwin(run, twin *replication, removed []int, gaps []*gap) Effect {
	p := run.p
	start, end := run.hz.span(removed)
	n := len(p.stocks)
	e := Effect{Figs: make([][nFigures]float64, n+1), Diff: make([][]float32, n+1)}
	var netRun, netTwin tally
	var netDemand, costRun, costTwin float64
	for i := range p.stocks {
		var a, b tally
		a.add(p, i, &run.stocks[i].k)
		b.add(p, i, &twin.stocks[i].k)
		tol := p.m.RecoveryTolerance * p.deriv[i].DemandMean
		e.Figs[i], e.Diff[i] = scopeFigures(a, b, gaps[i], run.trails[i].steps, twin.trails[i].steps, p.m.Horizon, start, end, tol)
		costRun, costTwin = costRun+a.cost, costTwin+b.cost
		if p.stocks[i].customerFacing {
			netRun.addTally(a)
			netTwin.addTally(b)
			netDemand += p.customerDemand[i]
		}
	}
	netRun.cost, netTwin.cost = costRun, costTwin
	tol := p.m.RecoveryTolerance * netDemand
	e.Figs[n], e.Diff[n] = scopeFigures(netRun, netTwin, gaps[n], run.net.steps, twin.net.steps, p.m.Horizon, start, end, tol)
	return e
}

func (t *tally) addTally(u tally) {
	t.demanded += u.demanded
	t.fromStock += u.fromStock
	t.backordered += u.backordered
	t.lost += u.lost
	t.unitDays += u.unitDays
	t.cost += u.cost
}

// scopeFigures computes one scope's figures from its counters (a: run, b:
// twin) and trails; start and end bound the removed disruptions' windows.
func scopeFigures(a, b tally, g *gap, run, twin []step, horizon, start, end, tol float64) ([nFigures]float64, []float32) {
	var f [nFigures]float64
	f[figBackordered] = a.backordered - b.backordered
	f[figLost] = a.lost - b.lost
	f[figBackorderDays] = a.unitDays - b.unitDays
	f[figCost] = a.cost - b.cost
	f[figFillLost] = share(b.fromStock, b.demanded) - share(a.fromStock, a.demanded)
	g.compare(run, twin, horizon)
	f[figPeak] = g.peak
	f[figTimeToImpact] = g.first - start
	f[figRecovery] = math.NaN()
	if !math.IsNaN(start) {
		rec, ok := g.recovery(end, tol)
		f[figRecovery], f[figNotRecovered] = rec, 1-indicator(ok)
	}
	var diff []float32
	if g.samples != nil {
		diff = append([]float32(nil), g.samples...)
	}
	return f, diff
}

// share is a/b, NaN when b is 0.
func share(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// summarizeImpacts gathers each twin set's effects across replications,
// in replication order.
func summarizeImpacts(p *plan, reps []RepResult) []*Impact {
	sets := twinSets(p.m)
	out := make([]*Impact, len(sets))
	for t, removed := range sets {
		im := &Impact{Removed: removed, Stocks: make([]ImpactFigures, len(p.stocks))}
		for i := range im.Stocks {
			im.Stocks[i] = summarizeScope(reps, t, i, p.days)
		}
		im.Network = summarizeScope(reps, t, len(p.stocks), p.days)
		out[t] = im
	}
	return out
}

func summarizeScope(reps []RepResult, t, scope, days int) ImpactFigures {
	var vals [nFigures][]float64
	series := make([][]float32, 0, len(reps))
	for _, r := range reps {
		e := &r.Effects[t]
		for f := range nFigures {
			vals[f] = append(vals[f], e.Figs[scope][f])
		}
		if e.Diff[scope] != nil {
			series = append(series, e.Diff[scope])
		}
	}
	out := ImpactFigures{
		Backordered: stats.Summarize(vals[figBackordered]), Lost: stats.Summarize(vals[figLost]),
		BackorderDays: stats.Summarize(vals[figBackorderDays]), Cost: stats.Summarize(vals[figCost]),
		FillLost: stats.Summarize(vals[figFillLost]), TimeToImpact: stats.Summarize(vals[figTimeToImpact]),
		Recovery: stats.Summarize(vals[figRecovery]), PeakBackorders: stats.Summarize(vals[figPeak]),
	}
	for _, v := range vals[figNotRecovered] {
		out.NotRecovered += int(v)
	}
	if len(series) == len(reps) {
		out.Diff = bandOf(series, days)
	}
	return out
}

// bandOf computes the daily mean, 10th and 90th percentiles of series, one per replication.
func bandOf(series [][]float32, days int) Band {
	mean, p10, p90 := make([]float64, days), make([]float64, days), make([]float64, days)
	buf := make([]float64, len(series))
	for d := range days {
		var sum float64
		for r, s := range series {
			buf[r] = float64(s[d])
			sum += buf[r]
		}
		mean[d] = sum / float64(len(series))
		p10[d] = stats.Quantile(buf, 0.10)
		p90[d] = stats.Quantile(buf, 0.90)
	}
	return NewBand(mean, p10, p90)
}
