package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// Mode is how a run is compared with its baseline.
type Mode int

const (
	// Exact: same scenario file (sha256), seed, replications and program
	// version. Every per-replication value of every KPI must be identical,
	// bit for bit; any difference means determinism is broken.
	Exact Mode = iota
	// Paired: same seed, but another program version, scenario file or
	// replication count. Replication i of both runs drew from the same
	// random streams (common random numbers), so the differences of the
	// replications both runs have are tested: their mean and its
	// Student-t 95% CI.
	Paired
	// Welch: the seeds differ; the two samples are independent and
	// compared with Welch's unequal-variance t-test.
	Welch
)

var modeNames = [...]string{"exact", "paired", "welch"}

// String returns "exact", "paired" or "welch".
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// Method names the test in words.
func (m Mode) Method() string {
	switch m {
	case Paired:
		return "paired t-test on common random numbers"
	case Welch:
		return "Welch t-test"
	}
	return "bit for bit"
}

// MarshalText writes the mode's name.
func (m Mode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// Tolerance is how far a KPI may move from its baseline before a
// statistically significant change fails: an absolute amount in the
// metric's unit, or, when Relative, a fraction of the baseline mean.
type Tolerance struct {
	Value    float64
	Relative bool
}

// String writes the tolerance as --tolerance takes it: "0.005" or "5%".
func (t Tolerance) String() string {
	if t.Relative {
		return strconv.FormatFloat(t.Value*100, 'g', -1, 64) + "%"
	}
	return strconv.FormatFloat(t.Value, 'g', -1, 64)
}

// abs returns the tolerance in the metric's unit, given the baseline mean.
func (t Tolerance) abs(baseMean float64) float64 {
	if t.Relative {
		return t.Value * math.Abs(baseMean)
	}
	return t.Value
}

// Tolerances maps a metric name to its tolerance; metrics not in the map
// get DefaultTolerance.
type Tolerances map[string]Tolerance

// DefaultTolerance is the tolerance of a metric the user did not set: one
// percentage point (0.01) for shares (fill rates, service levels), 5% of
// the baseline mean for everything else (units, days, costs).
func DefaultTolerance(metric string) Tolerance {
	if i := sim.MetricIndex(metric); i >= 0 && sim.Metrics[i].Unit == "share" {
		return Tolerance{Value: 0.01}
	}
	return Tolerance{Value: 0.05, Relative: true}
}

func (ts Tolerances) of(metric string) Tolerance {
	if t, ok := ts[metric]; ok {
		return t
	}
	return DefaultTolerance(metric)
}

// ParseTolerance parses "metric=value" (absolute, in the metric's unit)
// or "metric=value%" (relative to the baseline mean).
func ParseTolerance(s string) (metric string, t Tolerance, err error) {
	metric, val, ok := strings.Cut(s, "=")
	if !ok {
		return "", t, fmt.Errorf("%q: want metric=value, such as fill_rate=0.005 or avg_on_hand=5%%", s)
	}
	metric = strings.TrimSpace(metric)
	if sim.MetricIndex(metric) < 0 {
		return "", t, fmt.Errorf("unknown metric %q (metrics: %s)", metric, strings.Join(sim.MetricNames(), ", "))
	}
	val = strings.TrimSpace(val)
	if t.Relative = strings.HasSuffix(val, "%"); t.Relative {
		val = strings.TrimSuffix(val, "%")
	}
	t.Value, err = strconv.ParseFloat(val, 64)
	if err != nil || t.Value < 0 || math.IsInf(t.Value, 0) || math.IsNaN(t.Value) {
		return "", t, fmt.Errorf("%s: tolerance %q is not a number >= 0", metric, val)
	}
	if t.Relative {
		t.Value /= 100
	}
	return metric, t, nil
}

// Alpha is the family-wise significance level of a baseline comparison:
// the chance that noise alone fails any KPI of a scenario.
const Alpha = 0.05

// KPIOutcome is the comparison of one KPI of one stock point with the
// baseline.
type KPIOutcome struct {
	At, SKU string
	Metric  string // empty when a whole stock point is missing on one side
	Verdict Verdict
	Reason  string
	Base    stats.Summary // the baseline's values
	Now     stats.Summary // this run's values
	// Diff is the mean change (this run - baseline) and DiffCI its 95%
	// half-width; both NaN in Exact mode or when not computable.
	Diff, DiffCI float64
	// P is the two-sided p-value of the change (t-test), and Threshold the
	// Holm-corrected level it had to reach to count as significant; NaN
	// when not tested.
	P, Threshold float64
	// Tolerance is the absolute tolerance applied; NaN in Exact mode.
	Tolerance float64
}

// Comparison is a run compared with its baseline.
type Comparison struct {
	Mode  Mode
	Basis string // what is the same (Exact) or what differs (otherwise)
	KPIs  []KPIOutcome
	Notes []string // what was not compared, and why
	// RegressionsOnly: a significant change beyond its tolerance in the
	// KPI's better direction (sim.Metric.Better) passed as an improvement.
	RegressionsOnly bool
}

// Options are how Compare judges: the tolerances, and whether only
// changes for the worse fail.
type Options struct {
	Tolerances Tolerances
	// RegressionsOnly passes significant changes in a KPI's better
	// direction (sim.Metric.Better "higher" or "lower"); KPIs with no better
	// direction ("none") still fail on any significant change beyond their
	// tolerance. Exact mode is unaffected: there any difference breaks the
	// determinism promise.
	RegressionsOnly bool
}

// Compare compares every KPI of every stock point of res with the
// baseline. meta identifies this run (program version, scenario hash).
//
// In Exact mode (same scenario hash, seed, replications and version) all
// metrics, defined or not, must carry identical per-replication values.
//
// Otherwise a KPI fails only when its change is statistically significant
// and larger than its tolerance. The change is tested with a t-test:
// paired on the replications both runs have when the seeds match (common
// random numbers), Welch's otherwise. Significance is corrected for the
// number of KPIs compared (Holm's method at family-wise level Alpha), so
// that noise alone fails a scenario's comparison at most 5% of the time,
// not once in most runs. A KPI undefined in both runs passes; one with
// fewer than two defined values on a side cannot be tested and is
// inconclusive. Stock points in one run and not the other fail. Metrics
// newer than the baseline are not compared (a note says so).
func Compare(res *sim.Results, meta sim.Meta, base *Baseline, tol Tolerances) Comparison {
	return CompareWith(res, meta, base, Options{Tolerances: tol})
}

// CompareWith is Compare with options: see Options.
func CompareWith(res *sim.Results, meta sim.Meta, base *Baseline, opt Options) Comparison {
	tol := opt.Tolerances
	c := Comparison{RegressionsOnly: opt.RegressionsOnly}
	c.Mode, c.Basis = mode(res.Model, meta, base)
	baseIdx := map[[2]string]int{}
	for i, s := range base.Stock {
		baseIdx[[2]string{s.At, s.SKU}] = i
	}
	seen := map[[2]string]bool{}
	for i := range res.Stocks {
		sr := &res.Stocks[i]
		key := [2]string{sr.At, sr.SKU}
		seen[key] = true
		bi, ok := baseIdx[key]
		if !ok {
			c.KPIs = append(c.KPIs, missing(sr.At, sr.SKU, c.Mode, "is not in the baseline"))
			continue
		}
		c.compareStock(sr, base, &base.Stock[bi], tol)
	}
	for _, s := range base.Stock {
		if !seen[[2]string{s.At, s.SKU}] {
			c.KPIs = append(c.KPIs, missing(s.At, s.SKU, c.Mode, "is in the baseline but not in this run"))
		}
	}
	if c.Mode != Exact {
		c.judgeChanges(tol)
	}
	for _, name := range sim.MetricNames() {
		if !base.knows(name) {
			c.Notes = append(c.Notes, fmt.Sprintf("%s is not in the baseline (written by version %s): not compared", name, base.Version))
		}
	}
	return c
}

// mode chooses how to compare, and says why in basis: what is the same
// for Exact, what differs otherwise.
func mode(m *sim.Model, meta sim.Meta, b *Baseline) (mode Mode, basis string) {
	var diff []string
	if meta.SHA256 != b.SHA256 {
		diff = append(diff, "scenario file changed")
	}
	if meta.Version != b.Version {
		diff = append(diff, fmt.Sprintf("version %s, baseline %s", meta.Version, b.Version))
	}
	if m.Seed != b.Seed {
		diff = append(diff, fmt.Sprintf("seed %d, baseline %d", m.Seed, b.Seed))
	}
	if m.Replications != b.Replications {
		diff = append(diff, fmt.Sprintf("%d replications, baseline %d", m.Replications, b.Replications))
	}
	switch {
	case len(diff) == 0:
		return Exact, "same scenario file, seed, replications and version"
	case m.Seed == b.Seed:
		return Paired, strings.Join(diff, "; ")
	}
	return Welch, strings.Join(diff, "; ")
}

func missing(at, sku string, mode Mode, why string) KPIOutcome {
	reason := fmt.Sprintf("stock point %s/%s %s", at, sku, why)
	if mode == Exact {
		reason = "determinism broken: " + reason
	} else {
		reason += ": the network changed; update the baseline"
	}
	none := stats.Summary{Mean: math.NaN(), SD: math.NaN(), CI95: math.NaN()}
	return KPIOutcome{At: at, SKU: sku, Verdict: Fail, Reason: reason, Base: none, Now: none,
		Diff: math.NaN(), DiffCI: math.NaN(), P: math.NaN(), Threshold: math.NaN(), Tolerance: math.NaN()}
}

// compareStock adds the KPIs of one stock point. In Exact mode they are
// judged at once; otherwise their change is measured here and judged by
// judgeChanges, which needs every p-value.
func (c *Comparison) compareStock(sr *sim.StockResult, base *Baseline, bs *BaselineStock, tol Tolerances) {
	for i, md := range sim.Metrics {
		if !base.knows(md.Name) {
			continue
		}
		k := KPIOutcome{At: sr.At, SKU: sr.SKU, Metric: md.Name, Base: base.Metric(bs, md.Name), Now: sr.Metrics[i],
			Diff: math.NaN(), DiffCI: math.NaN(), P: math.NaN(), Threshold: math.NaN(), Tolerance: math.NaN()}
		if c.Mode == Exact {
			k.Verdict, k.Reason = identical(k.Base.Values, k.Now.Values)
		} else {
			k.Tolerance = tol.of(md.Name).abs(k.Base.Mean)
			k.measureChange(c.Mode == Paired)
		}
		c.KPIs = append(c.KPIs, k)
	}
}

// identical compares per-replication values bit for bit (NaN equals NaN:
// undefined in both).
func identical(base, now []float64) (Verdict, string) {
	if len(base) != len(now) {
		return Fail, fmt.Sprintf("determinism broken: %d values in the baseline, %d now", len(base), len(now))
	}
	for r := range base {
		a, b := base[r], now[r]
		if math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
			return Fail, fmt.Sprintf("determinism broken: replication %d is %s in the baseline and %s now (same seed, version and scenario)",
				r, exact(a), exact(b))
		}
	}
	return Pass, "identical in every replication"
}

// exact writes a float so that two different values never print alike.
func exact(x float64) string {
	if math.IsNaN(x) {
		return "undefined"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// measureChange computes the change of a KPI, its 95% CI and p-value, or
// settles the verdict when there is nothing to test.
func (k *KPIOutcome) measureChange(paired bool) {
	nb, nn := k.Base.N, k.Now.N
	switch {
	case nb == 0 && nn == 0:
		k.Verdict, k.Reason = Pass, "undefined in both runs"
		return
	case nb == 0 || nn == 0:
		k.Verdict, k.Reason = Inconclusive, fmt.Sprintf("defined in %d of %d replications of the baseline and %d of %d now: cannot compare",
			nb, len(k.Base.Values), nn, len(k.Now.Values))
		return
	}
	var t stats.TTest
	var ok bool
	if paired {
		t, ok = stats.PairedT(k.Base.Values, k.Now.Values)
	} else {
		t, ok = stats.WelchT(k.Base, k.Now)
	}
	if !ok {
		k.Verdict, k.Reason = Inconclusive, "fewer than 2 replications define it on a side: cannot test the change"
		return
	}
	k.Diff, k.DiffCI, k.P = t.Diff, t.CI95(), t.P()
}

// judgeChanges gives the verdicts of the tested KPIs: Holm's step-down
// method keeps the family-wise error at Alpha (the smallest p-value is
// tested at Alpha/m, the next at Alpha/(m-1), ..., stopping at the first
// that is not significant), then a significant change fails only beyond
// its tolerance.
func (c *Comparison) judgeChanges(tol Tolerances) {
	ps := make([]float64, len(c.KPIs))
	m := 0
	for i := range c.KPIs {
		ps[i] = c.KPIs[i].P
		if !math.IsNaN(ps[i]) {
			m++
		}
	}
	threshold, significant := stats.Holm(ps, Alpha)
	for i := range c.KPIs {
		if k := &c.KPIs[i]; !math.IsNaN(k.P) {
			k.Threshold = threshold[i]
			k.judge(significant[i], m, tol.of(k.Metric), c.RegressionsOnly)
		}
	}
}

func (k *KPIOutcome) judge(significant bool, m int, t Tolerance, regressionsOnly bool) {
	change := fmt.Sprintf("changed by %s (%s -> %s), p = %s", DiffCI(k.Diff, k.DiffCI), stats.Num(k.Base.Mean), stats.Num(k.Now.Mean), pval(k.P))
	over := math.Abs(k.Diff) > k.Tolerance
	better := Better(k.Metric)
	switch {
	case significant && over && regressionsOnly && improved(better, k.Diff):
		k.Verdict, k.Reason = Pass, change+": significant and beyond the tolerance "+tolText(t, k.Tolerance)+", but an improvement ("+better+" is better)"
	case significant && over:
		k.Verdict, k.Reason = Fail, change+": significant, and beyond the tolerance "+tolText(t, k.Tolerance)
	case significant:
		k.Verdict, k.Reason = Pass, change+": significant, but within the tolerance "+tolText(t, k.Tolerance)
	default:
		k.Verdict, k.Reason = Pass, fmt.Sprintf("%s: not significant (Holm over %d KPIs: needs p <= %s)", change, m, pval(k.Threshold))
	}
}

func tolText(t Tolerance, abs float64) string {
	if t.Relative {
		return fmt.Sprintf("%s (%s of the baseline)", stats.Num(abs), t)
	}
	return t.String()
}

func pval(p float64) string { return strconv.FormatFloat(p, 'g', 2, 64) }

// DiffCI writes a signed change and its 95% half-width: "+0.060 ± 0.0083".
func DiffCI(d, ci float64) string {
	s := stats.MeanCI(stats.Summary{Mean: d, CI95: ci})
	if d > 0 {
		s = "+" + s
	}
	return s
}

// Better returns the direction in which metric improves ("higher",
// "lower" or "none"), as sim.Metrics says; "none" for an unknown metric.
func Better(metric string) string {
	if i := sim.MetricIndex(metric); i >= 0 && sim.Metrics[i].Better != "" {
		return sim.Metrics[i].Better
	}
	return "none"
}

// improved reports whether a change diff (now - baseline) goes the better way.
func improved(better string, diff float64) bool {
	return better == "higher" && diff > 0 || better == "lower" && diff < 0
}
