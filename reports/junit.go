package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/stats"
)

// WriteJUnit writes the report as JUnit XML, the format CI servers
// (GitHub Actions reporters, GitLab, Jenkins) show as test results: one
// <testsuite> per scenario file, one <testcase> per expectation and stock
// point and per baseline KPI. A failed check is a <failure> whose text
// holds the numbers; an inconclusive one is a <failure> of type
// "inconclusive", or <skipped> when inconclusive verdicts are allowed; a
// scenario that could not be checked is an <error>.
func WriteJUnit(w io.Writer, r *check.Report) error {
	suites := junit.Testsuites{Name: "supplysim check"}
	for i := range r.Scenarios {
		suites.AddSuite(junitSuite(i, &r.Scenarios[i], r))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return suites.WriteXML(w)
}

func junitSuite(id int, s *check.Scenario, r *check.Report) junit.Testsuite {
	ts := junit.Testsuite{Name: s.File, ID: id, File: s.File, Time: strconv.FormatFloat(s.Elapsed.Seconds(), 'f', 3, 64)}
	ts.AddProperty("version", r.Version)
	ts.AddProperty("scenario", xmlSafe(s.Name))
	ts.AddProperty("sha256", s.SHA256)
	ts.AddProperty("seed", strconv.FormatUint(s.Seed, 10))
	ts.AddProperty("replications", strconv.Itoa(s.Replications))
	class := strings.TrimSuffix(filepath.Base(s.File), filepath.Ext(s.File))
	if s.Err != nil {
		ts.AddTestcase(junit.Testcase{Name: "run scenario", Classname: class,
			Error: &junit.Result{Message: xmlSafe(s.Err.Error()), Type: "error", Data: xmlSafe(problemsText(s.Err))}})
	}
	for _, o := range s.Expectations {
		tc := junit.Testcase{Name: xmlSafe(fmt.Sprintf("%s @ %s/%s", check.Label(o.Expect), o.At, o.SKU)), Classname: class}
		setResult(&tc, o.Verdict, o.Reason, expectationDetails(o), r.AllowInconclusive)
		ts.AddTestcase(tc)
	}
	if b := s.Baseline; b != nil && !b.Updated {
		ts.AddProperty("baseline", b.Path)
		ts.AddProperty("baseline.mode", b.Mode.String())
		for _, k := range b.KPIs {
			metric := k.Metric
			if metric == "" {
				metric = "stock point"
			}
			tc := junit.Testcase{Name: xmlSafe(fmt.Sprintf("baseline %s @ %s/%s", metric, k.At, k.SKU)), Classname: class}
			setResult(&tc, k.Verdict, k.Reason, kpiDetails(k, &b.Comparison), r.AllowInconclusive)
			ts.AddTestcase(tc)
		}
	}
	if len(s.Warnings) > 0 {
		ts.SystemErr = &junit.Output{Data: xmlSafe(strings.Join(s.Warnings, "\n"))}
	}
	return ts
}

func setResult(tc *junit.Testcase, v check.Verdict, reason, details string, allowInconclusive bool) {
	reason, details = xmlSafe(reason), xmlSafe(details)
	switch {
	case v == check.Fail:
		tc.Failure = &junit.Result{Message: reason, Type: "fail", Data: details}
	case v == check.Inconclusive && allowInconclusive:
		tc.Skipped = &junit.Result{Message: "inconclusive (allowed): " + reason, Data: details}
	case v == check.Inconclusive:
		tc.Failure = &junit.Result{Message: "inconclusive: " + reason, Type: "inconclusive", Data: details}
	default:
		tc.SystemOut = &junit.Output{Data: details}
	}
}

func expectationDetails(o check.Outcome) string {
	var b strings.Builder
	on := "the whole 95% confidence interval"
	if o.Expect.OnMean {
		on = "the mean"
	}
	fmt.Fprintf(&b, "expectation %d: %s %s, judged on %s\n", o.Index+1, o.Expect.Metric, check.Bounds(o.Expect), on)
	if o.Expect.Name != "" {
		fmt.Fprintf(&b, "name: %s\n", o.Expect.Name)
	}
	fmt.Fprintf(&b, "stock point: %s/%s\n", o.At, o.SKU)
	writeJUnitSummary(&b, "value", o.Value)
	fmt.Fprintf(&b, "verdict: %s: %s\n", o.Verdict, o.Reason)
	if o.Needed > 0 {
		fmt.Fprintf(&b, "replications needed: about %d\n", o.Needed)
	}
	return b.String()
}

func kpiDetails(k check.KPIOutcome, c *check.Comparison) string {
	var b strings.Builder
	fmt.Fprintf(&b, "stock point: %s/%s\n", k.At, k.SKU)
	if k.Metric != "" {
		fmt.Fprintf(&b, "metric: %s\n", k.Metric)
	}
	fmt.Fprintf(&b, "comparison: %s (%s)\n", c.Mode, c.Basis)
	if k.Metric != "" {
		writeJUnitSummary(&b, "baseline", k.Base)
		writeJUnitSummary(&b, "now", k.Now)
	}
	if !math.IsNaN(k.Diff) {
		fmt.Fprintf(&b, "difference (now - baseline): %s (95%% CI), tolerance %s\n", check.DiffCI(k.Diff, k.DiffCI), stats.Num(k.Tolerance))
	}
	fmt.Fprintf(&b, "verdict: %s: %s\n", k.Verdict, k.Reason)
	return b.String()
}

// writeSummary writes a metric's numbers across replications.
func writeJUnitSummary(b *strings.Builder, what string, s stats.Summary) {
	fmt.Fprintf(b, "%s: mean %s, 95%% CI half-width %s, sd %s, defined in %d of %d replications\n",
		what, stats.Num(s.Mean), stats.Num(s.CI95), stats.Num(s.SD), s.N, len(s.Values))
}

// xmlSafe replaces characters XML 1.0 cannot carry (control characters a
// TOML string may hold) with U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return '\uFFFD'
	}, s)
}
