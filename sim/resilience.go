package sim

import (
	"math"

	"github.com/supplysim/supplysim/sim/stats"
)

// Window figures describe the customer fill rate around each occurrence of
// a disruption, over the network's customer demand (all stock points with
// customer demand together), at daily resolution: day d covers [d, d+1).
// They describe the calendar, not the cause: what a disruption changed is
// its Impact, measured against a twin run without it.
const beforeDays = 28 // the pre-disruption fill rate is measured over these days before the start

// DisruptionResult is the effect of one disruption across replications.
// Occurrence-level summaries pool every occurrence of every replication,
// in replication order, then in time order.
type DisruptionResult struct {
	Name string
	Type DisruptionType

	Occurrences stats.Summary // occurrences per replication
	FillBefore  stats.Summary // customer fill rate in the 28 days before the start (after the warm-up)
	FillDuring  stats.Summary // customer fill rate on the days of the window

	// Impact is what this disruption alone changed, against twins run
	// without it; nil with Options.NoImpact.
	Impact *Impact

	// Active is, per day, the share of replications in which the
	// disruption is active at some time during that day.
	Active []float64
	// Windows are the occurrences in replication 0, for labelling charts.
	Windows []Window
}

// NetworkImpact returns the disruption's network-wide impact, or empty
// figures (every summary undefined) when impact was not measured.
func (d DisruptionResult) NetworkImpact() ImpactFigures {
	if d.Impact == nil {
		return ImpactFigures{}
	}
	return d.Impact.Network
}

// Occurrence is the customer fill rate around one window in one
// replication: over the days before it and during it; NaN without demand.
type Occurrence struct {
	Before, During float64
}

// measureOccurrences computes the fill rates around each window from a
// replication's daily customer figures.
func (r *replication) measureOccurrences() [][]Occurrence {
	out := make([][]Occurrence, len(r.hz.windows))
	for d, ws := range r.hz.windows {
		for _, w := range ws {
			out[d] = append(out[d], r.measure(w))
		}
	}
	return out
}

func (r *replication) measure(w Window) Occurrence {
	startDay := int(w.Start)
	endDay := min(int(math.Ceil(w.End)), len(r.demandDay))
	first := max(startDay-beforeDays, int(math.Ceil(r.warmup)), 0)
	return Occurrence{Before: r.fill(first, startDay), During: r.fill(startDay, max(endDay, startDay+1))}
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

func summarizeDisruptions(p *plan, reps []RepResult) []DisruptionResult {
	out := make([]DisruptionResult, len(p.m.Disruptions))
	for i := range out {
		dr := &out[i]
		dr.Name, dr.Type = p.m.Disruptions[i].Name, p.m.Disruptions[i].Type
		dr.Windows = reps[0].Windows[i]
		dr.Active = make([]float64, p.days)
		var counts, before, during []float64
		for _, rep := range reps {
			counts = append(counts, float64(len(rep.Occurrences[i])))
			for _, o := range rep.Occurrences[i] {
				before, during = append(before, o.Before), append(during, o.During)
			}
			markActive(dr.Active, rep.Windows[i], 1/float64(len(reps)))
		}
		dr.Occurrences = stats.Summarize(counts)
		dr.FillBefore, dr.FillDuring = stats.Summarize(before), stats.Summarize(during)
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
