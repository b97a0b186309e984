package sim

import (
	"math"

	"github.com/supplysim/supplysim/sim/stats"
)

// Resilience measures, per disruption occurrence, over the network's
// customer demand (all stock points with customer demand together), at
// daily resolution: day d covers [d, d+1).
const (
	beforeDays  = 28 // the pre-disruption fill rate is measured over these days before the start
	rollingDays = 7  // recovery: the fill rate over this many days from a day on is back to normal
)

// DisruptionResult is the effect of one disruption across replications.
// Occurrence-level summaries pool every occurrence of every replication,
// in replication order, then in time order.
type DisruptionResult struct {
	Name string
	Type DisruptionType

	Occurrences    stats.Summary // occurrences per replication
	FillBefore     stats.Summary // customer fill rate in the 28 days before the start (after the warm-up)
	FillDuring     stats.Summary // customer fill rate on the days of the window
	PeakBackorders stats.Summary // largest daily customer backorders from the start until recovery
	BackorderArea  stats.Summary // unit-days of customer backorders from the start until recovery
	RecoveryDays   stats.Summary // days from the end to the first day from which the 7-day fill rate is back within the tolerance
	NotRecovered   int           // occurrences not recovered before the horizon

	// Active is, per day, the share of replications in which the
	// disruption is active at some time during that day.
	Active []float64
	// Windows are the occurrences in replication 0, for labelling charts.
	Windows []Window
}

// occurrence is the effect of one window in one replication.
type occurrence struct {
	before, during, peak, area, recovery float64
}

// measureOccurrences computes each window's effect from a replication's
// daily customer figures.
func (r *replication) measureOccurrences() [][]occurrence {
	out := make([][]occurrence, len(r.hz.windows))
	for d, ws := range r.hz.windows {
		for _, w := range ws {
			out[d] = append(out[d], r.measure(w))
		}
	}
	return out
}

func (r *replication) measure(w Window) occurrence {
	days := len(r.demandDay)
	startDay := int(w.Start)
	endDay := min(int(math.Ceil(w.End)), days)
	first := max(startDay-beforeDays, int(math.Ceil(r.warmup)), 0)
	o := occurrence{before: r.fill(first, startDay), during: r.fill(startDay, max(endDay, startDay+1)), recovery: math.NaN()}
	until := days
	target := o.before - r.p.m.RecoveryTolerance
	for d := endDay; d < days; d++ {
		if f := r.fill(d, d+rollingDays); math.IsNaN(o.before) || math.IsNaN(f) || f >= target {
			o.recovery = float64(d - endDay)
			until = d
			break
		}
	}
	for d := startDay; d < until && d < days; d++ {
		o.peak = math.Max(o.peak, r.backordersDay[d])
		o.area += r.backordersDay[d]
	}
	return o
}

// fill is the customer fill rate over days [from, to), NaN without demand.
func (r *replication) fill(from, to int) float64 {
	var demanded, filled float64
	for d := max(from, 0); d < to && d < len(r.demandDay); d++ {
		demanded += r.demandDay[d]
		filled += r.filledDay[d]
	}
	if demanded == 0 {
		return math.NaN()
	}
	return filled / demanded
}

func summarizeDisruptions(p *plan, reps []repResult) []DisruptionResult {
	out := make([]DisruptionResult, len(p.m.Disruptions))
	for i := range out {
		dr := &out[i]
		dr.Name, dr.Type = p.m.Disruptions[i].Name, p.m.Disruptions[i].Type
		dr.Windows = reps[0].windows[i]
		dr.Active = make([]float64, p.days)
		var counts []float64
		var occ [5][]float64
		for _, rep := range reps {
			counts = append(counts, float64(len(rep.occurrences[i])))
			for _, o := range rep.occurrences[i] {
				for k, v := range [5]float64{o.before, o.during, o.peak, o.area, o.recovery} {
					occ[k] = append(occ[k], v)
				}
				if math.IsNaN(o.recovery) {
					dr.NotRecovered++
				}
			}
			markActive(dr.Active, rep.windows[i], 1/float64(len(reps)))
		}
		dr.Occurrences = stats.Summarize(counts)
		dr.FillBefore, dr.FillDuring = stats.Summarize(occ[0]), stats.Summarize(occ[1])
		dr.PeakBackorders, dr.BackorderArea = stats.Summarize(occ[2]), stats.Summarize(occ[3])
		dr.RecoveryDays = stats.Summarize(occ[4])
	}
	return out
}

// markActive adds weight to every day that a window touches.
func markActive(active []float64, ws []Window, weight float64) {
	for _, w := range ws {
		last := min(int(math.Ceil(w.End)), len(active))
		for d := int(w.Start); d < last; d++ {
			active[d] += weight
		}
	}
}
