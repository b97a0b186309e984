package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/stats"
)

// The JUnit schema as CI servers read it, declared here independently of
// the library that writes it.
type xmlSuites struct {
	XMLName  xml.Name   `xml:"testsuites"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Skipped  int        `xml:"skipped,attr"`
	Suites   []xmlSuite `xml:"testsuite"`
}

type xmlSuite struct {
	Name       string        `xml:"name,attr"`
	Tests      int           `xml:"tests,attr"`
	Failures   int           `xml:"failures,attr"`
	Errors     int           `xml:"errors,attr"`
	Time       string        `xml:"time,attr"`
	Properties []xmlProperty `xml:"properties>property"`
	Cases      []xmlCase     `xml:"testcase"`
	SystemErr  string        `xml:"system-err"`
}

type xmlProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xmlCase struct {
	Name      string     `xml:"name,attr"`
	Classname string     `xml:"classname,attr"`
	Failure   *xmlResult `xml:"failure"`
	Error     *xmlResult `xml:"error"`
	Skipped   *xmlResult `xml:"skipped"`
	SystemOut string     `xml:"system-out"`
}

type xmlResult struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// fixedSummary is a summary of n equal values with the given half-width.
func fixedSummary(mean, ci float64, n int) stats.Summary {
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = mean
	}
	sd := math.NaN()
	if n > 1 {
		sd = ci * math.Sqrt(float64(n)) / stats.TQuantile975(n-1)
	}
	return stats.Summary{Mean: mean, CI95: ci, SD: sd, N: n, Values: vals}
}

func minExp(metric string, min float64) sim.Expectation {
	return sim.Expectation{At: "*", SKU: "*", Metric: metric, Min: min, HasMin: true}
}

// sampleReport has one scenario with a pass, a fail and an inconclusive
// expectation and a failed baseline KPI, and one that could not be run.
func sampleReport(allow bool) *check.Report {
	pass := sim.Expectation{Name: "stores serve 90%", At: "store-*", SKU: "*", Metric: "fill_rate", Min: 0.9, HasMin: true}
	fail := sim.Expectation{At: "*", SKU: "*", Metric: "lost_rate", Max: 0.01, HasMax: true}
	inc := minExp("fill_rate", 0.955)
	outcome := func(i int, e sim.Expectation, mean, ci float64) check.Outcome {
		s := fixedSummary(mean, ci, 10)
		v, why, n := check.Judge(e, s)
		return check.Outcome{Expect: e, Index: i, At: "store-a", SKU: "hoodie", Value: s, Verdict: v, Reason: why, Needed: n}
	}
	k := check.KPIOutcome{At: "dc", SKU: "hoodie", Metric: "fill_rate", Base: fixedSummary(0.95, 0.01, 10), Now: fixedSummary(0.9, 0.01, 10),
		Diff: -0.05, DiffCI: 0.014, P: 1e-6, Threshold: 0.05, Tolerance: 0.01}
	k.Verdict, k.Reason = check.Fail, "changed by -0.050 ± 0.014 (0.95 -> 0.9), p = 1e-06: significant, and beyond the tolerance 0.01"
	return &check.Report{Version: "1.2.3", AllowInconclusive: allow, Scenarios: []check.Scenario{
		{File: "scenarios/chain.toml", Name: "Chain \x01 test", SHA256: "abc", Seed: 7, Replications: 10, Elapsed: 1500 * time.Millisecond,
			Expectations: []check.Outcome{outcome(0, pass, 0.95, 0.01), outcome(1, fail, 0.05, 0.01), outcome(2, inc, 0.96, 0.01)},
			Baseline:     &check.BaselineCheck{Path: "base/chain.json", Comparison: check.Comparison{Mode: check.Welch, Basis: "seed 8, baseline 7", KPIs: []check.KPIOutcome{k}}}},
		{File: "broken.toml", Err: errors.New("broken.toml has problems")},
	}}
}

func parseJUnit(t *testing.T, r *check.Report) xmlSuites {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteJUnit(&b, r))
	require.True(t, strings.HasPrefix(b.String(), `<?xml version="1.0" encoding="UTF-8"?>`))
	var s xmlSuites
	require.NoError(t, xml.Unmarshal(b.Bytes(), &s), b.String())
	return s
}

func TestJUnit(t *testing.T) {
	t.Parallel()
	s := parseJUnit(t, sampleReport(false))
	assert.Equal(t, 5, s.Tests)
	assert.Equal(t, 3, s.Failures, "a fail, an inconclusive and a baseline KPI")
	assert.Equal(t, 1, s.Errors)
	require.Len(t, s.Suites, 2)

	chain := s.Suites[0]
	assert.Equal(t, "scenarios/chain.toml", chain.Name)
	assert.Equal(t, "1.500", chain.Time)
	assert.Contains(t, chain.Properties, xmlProperty{"seed", "7"})
	assert.Contains(t, chain.Properties, xmlProperty{"version", "1.2.3"})
	assert.Contains(t, chain.Properties, xmlProperty{"scenario", "Chain \uFFFD test"}, "control characters replaced")
	assert.Contains(t, chain.Properties, xmlProperty{"baseline.mode", "welch"})
	require.Len(t, chain.Cases, 4)

	pass := chain.Cases[0]
	assert.Equal(t, "stores serve 90% @ store-a/hoodie", pass.Name)
	assert.Equal(t, "chain", pass.Classname)
	assert.Nil(t, pass.Failure)
	assert.Contains(t, pass.SystemOut, "value: mean 0.95, 95% CI half-width 0.01")

	fail := chain.Cases[1]
	assert.Equal(t, "lost_rate <= 0.01 @ store-a/hoodie", fail.Name)
	require.NotNil(t, fail.Failure)
	assert.Equal(t, "fail", fail.Failure.Type)
	assert.Equal(t, "the whole 95% CI [0.04, 0.06] is above the maximum 0.01", fail.Failure.Message)
	assert.Contains(t, fail.Failure.Text, "expectation 2: lost_rate <= 0.01, judged on the whole 95% confidence interval")
	assert.Contains(t, fail.Failure.Text, "defined in 10 of 10 replications")

	inc := chain.Cases[2]
	require.NotNil(t, inc.Failure)
	assert.Equal(t, "inconclusive", inc.Failure.Type)
	assert.Contains(t, inc.Failure.Message, "inconclusive: the 95% CI [0.95, 0.97] straddles the minimum 0.955")
	assert.Contains(t, inc.Failure.Text, "replications needed: about ")

	kpi := chain.Cases[3]
	assert.Equal(t, "baseline fill_rate @ dc/hoodie", kpi.Name)
	require.NotNil(t, kpi.Failure)
	assert.Contains(t, kpi.Failure.Message, "changed by -0.050 ± 0.014 (0.95 -> 0.9), p = 1e-06: significant, and beyond the tolerance 0.01")
	assert.Contains(t, kpi.Failure.Text, "comparison: welch (seed 8, baseline 7)")
	assert.Contains(t, kpi.Failure.Text, "difference (now - baseline): -0.050 ± 0.014 (95% CI), tolerance 0.01")

	broken := s.Suites[1]
	require.Len(t, broken.Cases, 1)
	require.NotNil(t, broken.Cases[0].Error)
	assert.Equal(t, "broken.toml has problems", broken.Cases[0].Error.Message)
}

func TestJUnitAllowInconclusive(t *testing.T) {
	t.Parallel()
	s := parseJUnit(t, sampleReport(true))
	assert.Equal(t, 2, s.Failures)
	assert.Equal(t, 1, s.Skipped)
	inc := s.Suites[0].Cases[2]
	assert.Nil(t, inc.Failure)
	require.NotNil(t, inc.Skipped)
	assert.Contains(t, inc.Skipped.Message, "inconclusive (allowed): ")
}

func TestSummaryAndCounts(t *testing.T) {
	t.Parallel()
	r := sampleReport(false)
	assert.Equal(t, check.Counts{Pass: 1, Fail: 2, Inconclusive: 1, Errors: 1}, r.Counts())
	assert.True(t, r.Failed())
	var b bytes.Buffer
	for i := range r.Scenarios {
		require.NoError(t, WriteCheckScenario(&b, &r.Scenarios[i]))
	}
	require.NoError(t, WriteCheckTotals(&b, r))
	out := b.String()
	for _, want := range []string{
		`scenarios/chain.toml: "Chain \x01 test", 10 replications, seed 7`, // quoted: no control characters on the terminal
		`  PASS          store-a/hoodie  fill_rate >= 0.9    0.950 ± 0.010  "stores serve 90%"` + "\n",
		`  FAIL          store-a/hoodie  lost_rate <= 0.01   0.050 ± 0.010  the whole 95% CI [0.04, 0.06] is above the maximum 0.01`,
		`  INCONCLUSIVE  store-a/hoodie  fill_rate >= 0.955  0.960 ± 0.010  the 95% CI [0.95, 0.97] straddles the minimum 0.955: about `,
		"  baseline base/chain.json: 0 KPIs pass, 1 failed, 0 inconclusive (Welch t-test: seed 8, baseline 7)",
		"  FAIL  dc/hoodie  baseline fill_rate  0.900 ± 0.010  changed by -0.050",
		"broken.toml: ERROR: broken.toml has problems",
		"check: 1 passed, 2 failed, 1 inconclusive, 1 scenario error in 2 scenario files",
	} {
		assert.Contains(t, out, want)
	}

	r.AllowInconclusive = true
	r.Scenarios[0].Expectations = r.Scenarios[0].Expectations[2:]
	r.Scenarios[0].Baseline = nil
	assert.False(t, r.Failed(), "inconclusive allowed")
}

func TestJSONReport(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	require.NoError(t, WriteCheckJSON(&b, sampleReport(false)))
	var out struct {
		Schema    int            `json:"schema"`
		Passed    bool           `json:"passed"`
		Counts    map[string]int `json:"counts"`
		Scenarios []struct {
			File         string           `json:"file"`
			Error        string           `json:"error"`
			Expectations []map[string]any `json:"expectations"`
			Baseline     *struct {
				Mode string           `json:"mode"`
				KPIs []map[string]any `json:"kpis"`
			} `json:"baseline"`
		} `json:"scenarios"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &out), b.String())
	assert.Equal(t, CheckSchema, out.Schema)
	assert.False(t, out.Passed)
	assert.Equal(t, map[string]int{"pass": 1, "fail": 2, "inconclusive": 1, "errors": 1}, out.Counts)
	require.Len(t, out.Scenarios, 2)
	e := out.Scenarios[0].Expectations
	require.Len(t, e, 3)
	assert.Equal(t, "pass", e[0]["verdict"])
	assert.Equal(t, 0.9, e[0]["min"])
	assert.NotContains(t, e[0], "max")
	assert.Equal(t, "store-*", e[0]["match_at"])
	assert.Equal(t, "inconclusive", e[2]["verdict"])
	assert.Greater(t, e[2]["replications_needed"], 10.0)
	assert.Equal(t, "welch", out.Scenarios[0].Baseline.Mode)
	assert.Equal(t, -0.05, out.Scenarios[0].Baseline.KPIs[0]["difference"])
	assert.Equal(t, "broken.toml has problems", out.Scenarios[1].Error)
}
