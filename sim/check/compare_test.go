package check

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/stats"
)

// runFile runs a scenario of testdata/check with the given seed.
func runFile(t *testing.T, name string, seed uint64) (*sim.Results, sim.Meta) {
	t.Helper()
	path := "../../testdata/check/" + name
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	m, _, err := scenario.Parse(path, data)
	require.NoError(t, err)
	m.Seed = seed
	res, err := sim.Run(m, sim.Options{NoSeries: true})
	require.NoError(t, err)
	return res, sim.Meta{Version: "1.0.0", File: path, SHA256: strings.Repeat("ab", 32)}
}

// baselineOf is the baseline that saving res as JSON gives (reports tests
// the round trip through the file): every metric with a defined value.
func baselineOf(res *sim.Results, meta sim.Meta) *Baseline {
	b := &Baseline{Schema: 1, Version: meta.Version, SHA256: meta.SHA256, Seed: res.Model.Seed,
		Replications: res.Model.Replications, Metrics: sim.MetricNames()}
	for i := range res.Stocks {
		sr := &res.Stocks[i]
		bs := BaselineStock{At: sr.At, SKU: sr.SKU, Metrics: map[string]stats.Summary{}}
		for j, md := range sim.Metrics {
			if sr.Metrics[j].N > 0 {
				bs.Metrics[md.Name] = stats.Summarize(slices.Clone(sr.Metrics[j].Values))
			}
		}
		b.Stock = append(b.Stock, bs)
	}
	return b
}

func verdicts(c Comparison) map[Verdict]int {
	n := map[Verdict]int{}
	for _, k := range c.KPIs {
		n[k.Verdict]++
	}
	return n
}

// Same scenario, seed, replications and version: every value must be
// identical, and one changed bit breaks the promise.
func TestCompareExact(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	base := baselineOf(res, meta)
	c := Compare(res, meta, base, nil)
	assert.Equal(t, Exact, c.Mode)
	assert.Len(t, c.KPIs, len(sim.Metrics), "every metric, defined or not")
	assert.Equal(t, map[Verdict]int{Pass: len(sim.Metrics)}, verdicts(c))

	fill := base.Stock[0].Metrics["fill_rate"]
	fill.Values[3] = math.Nextafter(fill.Values[3], 2) // one ulp
	c = Compare(res, meta, base, nil)
	assert.Equal(t, map[Verdict]int{Pass: len(sim.Metrics) - 1, Fail: 1}, verdicts(c))
	assert.Equal(t, "fill_rate", c.KPIs[0].Metric)
	assert.Contains(t, c.KPIs[0].Reason, "determinism broken: replication 3 is ")
}

// Same seed and scenario, another version: common random numbers make the
// comparison paired; identical values pass with p = 1.
func TestComparePairedNewVersion(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	k := sim.MetricIndex("backorder_delay_p95_days")
	undefined := make([]float64, res.Model.Replications)
	for r := range undefined {
		undefined[r] = math.NaN() // as if no unit ever waited
	}
	res.Stocks[0].Metrics[k] = stats.Summarize(undefined)
	base := baselineOf(res, meta)
	meta.Version = "1.1.0"
	c := Compare(res, meta, base, nil)
	assert.Equal(t, Paired, c.Mode)
	assert.Equal(t, "version 1.1.0, baseline 1.0.0", c.Basis)
	assert.Zero(t, verdicts(c)[Fail])
	assert.Equal(t, 0.0, c.KPIs[0].Diff)
	assert.Equal(t, 1.0, c.KPIs[0].P)
	assert.Contains(t, c.KPIs[0].Reason, "not significant")
	last := c.KPIs[len(c.KPIs)-1]
	assert.Equal(t, sim.Metrics[len(sim.Metrics)-1].Name, last.Metric)
	assert.Equal(t, "undefined in both runs", c.KPIs[k].Reason)
}

// Another seed: independent samples. The same scenario passes; a shop
// with more stock fails on the KPIs it really changed, and a tolerance
// wider than the change lets it pass.
func TestCompareWelchDrift(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	base := baselineOf(res, meta)

	again, meta2 := runFile(t, "pass.toml", 2)
	c := Compare(again, meta2, base, nil)
	assert.Equal(t, Welch, c.Mode)
	assert.Equal(t, "seed 2, baseline 1", c.Basis)
	assert.Zero(t, verdicts(c)[Fail], "noise alone does not fail")

	more, meta3 := runFile(t, "more-stock.toml", 2)
	meta3.SHA256 = "other"
	c = Compare(more, meta3, base, nil)
	assert.Equal(t, Welch, c.Mode)
	fill := c.KPIs[sim.MetricIndex("fill_rate")]
	assert.Equal(t, Fail, fill.Verdict, fill.Reason)
	assert.Greater(t, fill.Diff, 0.1, "S = 15 instead of 12: theory 0.9165 against 0.6968")
	assert.Contains(t, fill.Reason, "significant, and beyond the tolerance 0.01")
	assert.Less(t, fill.P, fill.Threshold)

	c = Compare(more, meta3, base, Tolerances{"fill_rate": {Value: 0.5}})
	fill = c.KPIs[sim.MetricIndex("fill_rate")]
	assert.Equal(t, Pass, fill.Verdict)
	assert.Contains(t, fill.Reason, "significant, but within the tolerance 0.5")
}

// Holm's method: the smallest p-value is tested at 0.05/m, the next at
// 0.05/(m-1), ..., and testing stops at the first that is not significant.
func TestHolm(t *testing.T) {
	t.Parallel()
	kpis := func(ps ...float64) Comparison {
		c := Comparison{Mode: Welch}
		for _, p := range ps {
			c.KPIs = append(c.KPIs, KPIOutcome{Metric: "fill_rate", P: p, Diff: 0.5, DiffCI: 0.1, Tolerance: 0.01,
				Base: stats.Summary{Mean: 0.5}, Now: stats.Summary{Mean: 1}})
		}
		return c
	}
	c := kpis(0.04, 0.001, 0.02)
	c.judgeChanges(nil)
	assert.Equal(t, []Verdict{Fail, Fail, Fail}, []Verdict{c.KPIs[0].Verdict, c.KPIs[1].Verdict, c.KPIs[2].Verdict})
	assert.InDelta(t, 0.05/3, c.KPIs[1].Threshold, 1e-15)
	assert.InDelta(t, 0.05/2, c.KPIs[2].Threshold, 1e-15)
	assert.InDelta(t, 0.05, c.KPIs[0].Threshold, 1e-15)

	c = kpis(0.04, 0.001, 0.03) // 0.03 > 0.025 stops the procedure: 0.04 is not tested
	c.judgeChanges(nil)
	assert.Equal(t, []Verdict{Pass, Fail, Pass}, []Verdict{c.KPIs[0].Verdict, c.KPIs[1].Verdict, c.KPIs[2].Verdict})
	assert.Contains(t, c.KPIs[2].Reason, "not significant (Holm over 3 KPIs: needs p <= 0.025)")
}

func TestCompareMissingStockPoints(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	base := baselineOf(res, meta)
	base.Stock[0].At = "old-shop"
	c := Compare(res, meta, base, nil)
	require.Len(t, c.KPIs, 2)
	assert.Equal(t, Fail, c.KPIs[0].Verdict)
	assert.Equal(t, "determinism broken: stock point shop/kettle is not in the baseline", c.KPIs[0].Reason)
	assert.Equal(t, "determinism broken: stock point old-shop/kettle is in the baseline but not in this run", c.KPIs[1].Reason)

	base.SHA256 = "another scenario"
	c = Compare(res, meta, base, nil)
	assert.Equal(t, Paired, c.Mode)
	assert.Equal(t, "stock point shop/kettle is not in the baseline: the network changed; update the baseline", c.KPIs[0].Reason)
}

func TestParseTolerance(t *testing.T) {
	t.Parallel()
	m, tol, err := ParseTolerance("fill_rate=0.005")
	require.NoError(t, err)
	assert.Equal(t, "fill_rate", m)
	assert.Equal(t, Tolerance{Value: 0.005}, tol)
	assert.Equal(t, "0.005", tol.String())
	m, tol, err = ParseTolerance("avg_on_hand = 5%")
	require.NoError(t, err)
	assert.Equal(t, "avg_on_hand", m)
	assert.Equal(t, Tolerance{Value: 0.05, Relative: true}, tol)
	assert.Equal(t, "5%", tol.String())
	assert.InDelta(t, 2.5, tol.abs(-50), 1e-12)
	for in, want := range map[string]string{
		"fill_rate":        "want metric=value",
		"fil_rate=0.1":     `unknown metric "fil_rate"`,
		"fill_rate=-1":     `tolerance "-1" is not a number >= 0`,
		"fill_rate=lots":   `tolerance "lots"`,
		"fill_rate=NaN":    `tolerance "NaN"`,
		"fill_rate=0.1%%":  `tolerance "0.1%"`,
		"cost_total=+Inf%": `tolerance "+Inf"`,
	} {
		_, _, err := ParseTolerance(in)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
	assert.Equal(t, Tolerance{Value: 0.01}, DefaultTolerance("fill_rate"))
	assert.Equal(t, Tolerance{Value: 0.05, Relative: true}, DefaultTolerance("avg_on_hand"))
}

// With RegressionsOnly, more stock (a higher fill rate, fewer backorders)
// passes as an improvement, while a KPI with no better direction that moved
// (on hand) still fails.
func TestCompareRegressionsOnly(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	base := baselineOf(res, meta)
	more, meta2 := runFile(t, "more-stock.toml", 2)
	meta2.SHA256 = "other"
	c := CompareWith(more, meta2, base, Options{RegressionsOnly: true})
	fill := c.KPIs[sim.MetricIndex("fill_rate")]
	assert.Equal(t, Pass, fill.Verdict, fill.Reason)
	assert.Contains(t, fill.Reason, "but an improvement (higher is better)")
	onHand := c.KPIs[sim.MetricIndex("avg_on_hand")]
	assert.Equal(t, Fail, onHand.Verdict, onHand.Reason)

	less := CompareWith(res, meta, baselineOf(more, meta2), Options{RegressionsOnly: true})
	fill = less.KPIs[sim.MetricIndex("fill_rate")]
	assert.Equal(t, Fail, fill.Verdict, "a lower fill rate is a regression: %s", fill.Reason)
}

func TestBetterDirections(t *testing.T) {
	t.Parallel()
	for _, m := range sim.Metrics {
		assert.Contains(t, []string{"higher", "lower", "none"}, m.Better, m.Name)
	}
	assert.Equal(t, "higher", Better("fill_rate"))
	assert.Equal(t, "lower", Better("cost_total"))
	assert.Equal(t, "none", Better("no_such_metric"))
}
