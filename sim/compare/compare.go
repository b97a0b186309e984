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
// t, Welch, Holm) are sim/stats's. The package does no I/O: reports writes
// its tables and JSON.
package compare

import (
	"fmt"
	"math"
	"slices"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/check"
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
	// Points place each run (in run order) on the cost-service plane;
	// Target, when set (SetTarget), is what a run must meet and Chosen the
	// cheapest run that meets it, -1 for none.
	Points []RunPoint
	Target *Target
	Chosen int
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
	c.tradeoff()
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

// diff fills in run v's differences: each KPI's change tested paired on
// the replications (common random numbers) and, for contrast, as if the
// runs were independent (Welch). Significance is Holm-corrected over
// every KPI and stock point of the comparison, and a change that rounds
// to exactly zero is never significant.
func (c *Comparison) diff(v int) {
	ds := make([]Difference, len(c.KPIs))
	pPaired, pWelch := make([]float64, len(c.KPIs)), make([]float64, len(c.KPIs))
	welchDiff := make([]float64, len(c.KPIs))
	for i := range c.KPIs {
		k := &c.KPIs[i]
		d := Difference{Mean: math.NaN(), Paired: math.NaN(), P: math.NaN(), Welch: math.NaN(), PWelch: math.NaN()}
		base, now := k.Runs[0], k.Runs[v]
		if base.N > 0 && now.N > 0 {
			if t, ok := stats.PairedT(base.Values, now.Values); ok {
				d.Mean, d.Paired, d.P = t.Diff, t.CI95(), t.P()
			}
			if t, ok := stats.WelchT(base, now); ok {
				d.Welch, d.PWelch, welchDiff[i] = t.CI95(), t.P(), t.Diff
			}
		}
		d.Values = differences(base.Values, now.Values)
		s := stats.Summarize(d.Values)
		d.SD, d.N = s.SD, s.N
		ds[i], pPaired[i], pWelch[i] = d, d.P, d.PWelch
	}
	_, sigPaired := stats.Holm(pPaired, check.Alpha)
	_, sigWelch := stats.Holm(pWelch, check.Alpha)
	for i := range c.KPIs {
		ds[i].Significant = sigPaired[i] && ds[i].Mean != 0
		ds[i].SignificantWelch = sigWelch[i] && welchDiff[i] != 0
		c.KPIs[i].Diffs = append(c.KPIs[i].Diffs, ds[i])
	}
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
