// Package compare judges variants of a scenario run on common random
// numbers: the paired difference of each KPI against the baseline, next
// to what an unpaired comparison would conclude; the trade-off curve of a
// parameter sweep with its efficient frontier; and how many replications a
// target precision needs.
//
// Replication i of every variant draws the same demand, lead times and
// disruptions (the engine seeds each random source from the seed, the
// replication and the source's name), so the per-replication differences
// cancel most of the noise both runs share. The tests themselves (paired
// t, Welch, Holm) are those of package check. The package does no I/O.
package compare

import (
	"fmt"
	"math"
	"slices"

	"github.com/supplysim/supplysim/check"
	"github.com/supplysim/supplysim/output"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// Headline are the KPIs compared when none are chosen.
var Headline = []string{"fill_rate", "backorder_rate", "lost_rate", "avg_on_hand", "avg_backorders", "cost_total"}

// Run is one variant's results. All runs of a comparison share the seed
// and the replication count.
type Run struct {
	Name        string
	Description string   // a [[variant]]'s description; may be empty
	Changes     []string // the changes that make it, as written; none for the baseline or a file
	File        string   // scenario file, with the command line's changes
	SHA256      string   // of the scenario file and its changes
	Results     *sim.Results
}

// Difference is a KPI's change from the baseline to a variant (variant -
// baseline).
type Difference struct {
	Mean float64 // mean of the per-replication differences
	// Paired is the 95% half-width of Mean from the per-replication
	// differences (Student t, n-1 degrees of freedom); P its p-value.
	Paired, P float64
	// Welch is the 95% half-width the same two samples would give if they
	// were independent (Welch's t); PWelch its p-value. Comparing it with
	// Paired shows what common random numbers bought.
	Welch, PWelch float64
	// Significant: the paired test rejects "no change" at family-wise level
	// 5%, Holm-corrected over every KPI and stock point of this variant's
	// comparison. SignificantWelch: Welch's test would (same correction).
	Significant, SignificantWelch bool
	// SD is the standard deviation of the per-replication differences; N
	// the replications where both runs define the KPI.
	SD     float64
	N      int
	Values []float64 // per replication; NaN where either run leaves the KPI undefined
}

// KPI is one metric at one stock point, across the runs.
type KPI struct {
	At, SKU, Metric string
	Runs            []stats.Summary // per run, in run order
	Diffs           []Difference    // per run after the first (the baseline)
}

// Comparison is every run's chosen KPIs at every stock point.
type Comparison struct {
	Runs    []Run
	Metrics []string
	KPIs    []KPI // stock points in the baseline's order, then metrics in Metrics order
}

// New compares every run with the first. The runs must have the same
// stock points, seed and replication count: otherwise their replications
// do not pair.
func New(runs []Run, metrics []string) (*Comparison, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("compare: no runs")
	}
	if len(metrics) == 0 {
		metrics = Headline
	}
	for _, m := range metrics {
		if sim.MetricIndex(m) < 0 {
			return nil, fmt.Errorf("compare: unknown metric %q", m)
		}
	}
	if err := samePairing(runs); err != nil {
		return nil, err
	}
	c := &Comparison{Runs: runs, Metrics: metrics}
	base := runs[0].Results
	for i := range base.Stocks {
		sr := &base.Stocks[i]
		for _, m := range metrics {
			k := KPI{At: sr.At, SKU: sr.SKU, Metric: m}
			for _, r := range runs {
				k.Runs = append(k.Runs, stockOf(r.Results, sr.At, sr.SKU).Metric(m))
			}
			c.KPIs = append(c.KPIs, k)
		}
	}
	for v := 1; v < len(runs); v++ {
		c.diff(v)
	}
	return c, nil
}

// samePairing checks that the runs pair replication by replication.
func samePairing(runs []Run) error {
	b := runs[0].Results
	for _, r := range runs[1:] {
		m := r.Results.Model
		switch {
		case m.Seed != b.Model.Seed:
			return fmt.Errorf("compare: %s has seed %d and %s seed %d: common random numbers need one seed", r.Name, m.Seed, runs[0].Name, b.Model.Seed)
		case m.Replications != b.Model.Replications:
			return fmt.Errorf("compare: %s has %d replications and %s %d", r.Name, m.Replications, runs[0].Name, b.Model.Replications)
		case len(r.Results.Stocks) != len(b.Stocks):
			return fmt.Errorf("compare: %s has %d stock points and %s %d: compare variants of one network", r.Name, len(r.Results.Stocks), runs[0].Name, len(b.Stocks))
		}
		for _, s := range b.Stocks {
			if stockOf(r.Results, s.At, s.SKU) == nil {
				return fmt.Errorf("compare: %s has no stock point %s/%s, which %s has: compare variants of one network", r.Name, s.At, s.SKU, runs[0].Name)
			}
		}
	}
	return nil
}

func stockOf(res *sim.Results, at, sku string) *sim.StockResult {
	for i := range res.Stocks {
		if res.Stocks[i].At == at && res.Stocks[i].SKU == sku {
			return &res.Stocks[i]
		}
	}
	return nil
}

// diff fills in run v's differences with check.Compare, once paired and
// once as if the runs were independent.
func (c *Comparison) diff(v int) {
	base := c.baseline()
	// Distinct identities, so that Compare tests the change rather than
	// demanding bit-identical runs; a zero tolerance makes every
	// significant change a Fail, which is how significance is read here.
	meta := output.Meta{Version: "compare", SHA256: "variant"}
	tol := check.Tolerances{}
	for _, m := range c.Metrics {
		tol[m] = check.Tolerance{}
	}
	res := c.Runs[v].Results
	paired := outcomes(check.Compare(res, meta, base, tol))
	independent := *base
	independent.Seed++ // Compare treats different seeds as independent samples: Welch's test
	welch := outcomes(check.Compare(res, meta, &independent, tol))
	for i := range c.KPIs {
		k := &c.KPIs[i]
		key := [3]string{k.At, k.SKU, k.Metric}
		p, w := paired[key], welch[key]
		d := Difference{Mean: p.Diff, Paired: p.DiffCI, P: p.P, Welch: w.DiffCI, PWelch: w.P,
			Significant: p.Verdict == check.Fail, SignificantWelch: w.Verdict == check.Fail}
		d.Values = differences(k.Runs[0].Values, k.Runs[v].Values)
		s := stats.Summarize(d.Values)
		d.SD, d.N = s.SD, s.N
		if s.N == 0 {
			d.Mean = math.NaN()
		}
		k.Diffs = append(k.Diffs, d)
	}
}

// baseline presents the first run as check's saved baseline, limited to
// the compared metrics, so that Holm's correction counts only them.
func (c *Comparison) baseline() *check.Baseline {
	res := c.Runs[0].Results
	b := &check.Baseline{Schema: output.Schema, Version: "compare", SHA256: "baseline",
		Seed: res.Model.Seed, Replications: res.Model.Replications, Metrics: c.Metrics}
	for i := range res.Stocks {
		sr := &res.Stocks[i]
		bs := check.BaselineStock{At: sr.At, SKU: sr.SKU, Metrics: map[string]stats.Summary{}}
		for _, m := range c.Metrics {
			bs.Metrics[m] = sr.Metric(m)
		}
		b.Stock = append(b.Stock, bs)
	}
	return b
}

func outcomes(cmp check.Comparison) map[[3]string]check.KPIOutcome {
	out := map[[3]string]check.KPIOutcome{}
	for _, k := range cmp.KPIs {
		out[[3]string{k.At, k.SKU, k.Metric}] = k
	}
	return out
}

// differences returns now[i] - base[i], NaN where either is undefined.
func differences(base, now []float64) []float64 {
	d := make([]float64, min(len(base), len(now)))
	for i := range d {
		d[i] = now[i] - base[i]
	}
	return d
}

// KPI returns the comparison of a metric at a stock point, or nil.
func (c *Comparison) KPI(at, sku, metric string) *KPI {
	i := slices.IndexFunc(c.KPIs, func(k KPI) bool { return k.At == at && k.SKU == sku && k.Metric == metric })
	if i < 0 {
		return nil
	}
	return &c.KPIs[i]
}
