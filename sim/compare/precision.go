package compare

import (
	"fmt"
	"math"

	"github.com/supplysim/supplysim/sim/stats"
)

// Widest is the KPI with the widest 95% half-width, where a precision
// target is hardest to meet.
type Widest struct {
	HalfWidth float64 // NaN when no KPI has one
	At, SKU   string
	Run       int // the variant (for differences) or sweep point
	// SD is the standard deviation behind HalfWidth, and UnpairedSD, for
	// a difference, the one an unpaired comparison would have:
	// sqrt(sd_base² + sd_variant²) with independent runs of equal size.
	SD, UnpairedSD float64
}

// Needed estimates the replications that bring the widest half-width to
// target: as measured (paired, for differences), and with independent
// runs (for differences; 0 otherwise).
func (w Widest) Needed(target float64) (paired, unpaired int) {
	if !math.IsNaN(w.UnpairedSD) {
		unpaired = stats.Replications(w.UnpairedSD, target)
	}
	return stats.Replications(w.SD, target), unpaired
}

func (w Widest) wider(hw float64) bool {
	return !math.IsNaN(hw) && (math.IsNaN(w.HalfWidth) || hw > w.HalfWidth)
}

// WidestDifference returns the paired difference of metric with the
// widest 95% half-width, over stock points and variants. With one run
// (nothing to pair) it returns the widest CI of the run itself.
func (c *Comparison) WidestDifference(metric string) Widest {
	w := Widest{HalfWidth: math.NaN(), UnpairedSD: math.NaN()}
	for _, k := range c.KPIs {
		if k.Metric != metric {
			continue
		}
		if len(k.Diffs) == 0 && w.wider(k.Runs[0].CI95) {
			w = Widest{HalfWidth: k.Runs[0].CI95, At: k.At, SKU: k.SKU, SD: k.Runs[0].SD, UnpairedSD: math.NaN()}
		}
		for v, d := range k.Diffs {
			if w.wider(d.Paired) {
				b, n := k.Runs[0].SD, k.Runs[v+1].SD
				w = Widest{HalfWidth: d.Paired, At: k.At, SKU: k.SKU, Run: v + 1, SD: d.SD, UnpairedSD: math.Sqrt(b*b + n*n)}
			}
		}
	}
	return w
}

// Step is one round of a precision search.
type Step struct {
	Replications int
	HalfWidth    float64
}

// Precision is the outcome of adding replications until the widest 95%
// half-width of a KPI is at most a target.
type Precision struct {
	Metric string
	Target float64
	Max    int  // the most replications allowed
	Met    bool // false: stopped at Max
	Steps  []Step
}

// Replications returns the replication count of the last round.
func (p Precision) Replications() int { return p.Steps[len(p.Steps)-1].Replications }

// HalfWidth returns the widest half-width of the last round.
func (p Precision) HalfWidth() float64 { return p.Steps[len(p.Steps)-1].HalfWidth }

// Search calls measure with more and more replications, from start, until
// the widest half-width it returns is at most target or max replications
// ran. measure also returns the replications its data say the target
// needs; each round runs that many, but at least half as many again as
// the last (so that the total work stays within about three times the
// final run's) and at most max.
func Search(metric string, target float64, start, maxReps int, measure func(reps int) (Widest, error)) (Precision, error) {
	p := Precision{Metric: metric, Target: target, Max: maxReps}
	reps := max(start, 2) // a confidence interval needs two replications
	if reps > maxReps {
		return p, fmt.Errorf("%d replications to start with is more than the maximum %d", reps, maxReps)
	}
	for {
		w, err := measure(reps)
		if err != nil {
			return p, err
		}
		p.Steps = append(p.Steps, Step{reps, w.HalfWidth})
		if math.IsNaN(w.HalfWidth) {
			return p, fmt.Errorf("no %s has a confidence interval to narrow (undefined, or a single replication)", metric)
		}
		if w.HalfWidth <= target {
			p.Met = true
			return p, nil
		}
		if reps >= maxReps {
			return p, nil
		}
		need, _ := w.Needed(target)
		if need < 0 {
			need = maxReps
		}
		reps = min(maxReps, max(need, reps+(reps+1)/2))
	}
}
