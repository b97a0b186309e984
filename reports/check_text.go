package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/stats"
)

// WriteScenario writes the terminal summary of one scenario: a heading,
// one line per expectation verdict, one line for the baseline and one per
// baseline KPI that did not pass, and the error that stopped the check.
func WriteCheckScenario(w io.Writer, s *check.Scenario) error {
	if s.SHA256 == "" { // never loaded
		_, err := fmt.Fprintf(w, "%s: ERROR: %v\n", s.File, s.Err)
		return err
	}
	fmt.Fprintf(w, "%s: %q, %d replications, seed %d\n", s.File, s.Name, s.Replications, s.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, o := range s.Expectations {
		var note []string
		if o.Expect.Name != "" {
			note = append(note, fmt.Sprintf("%q", o.Expect.Name))
		}
		if o.Verdict != check.Pass {
			note = append(note, o.Reason)
		}
		check := o.Expect.Metric + " " + check.Bounds(o.Expect)
		if o.Expect.OnMean {
			check += " (mean)"
		}
		verdictLine(tw, o.Verdict, o.At+"/"+o.SKU, check, stats.MeanCI(o.Value), strings.Join(note, ": "))
	}
	if b := s.Baseline; b != nil && s.Err == nil {
		writeBaselineCheck(tw, b)
	}
	if s.Err != nil {
		fmt.Fprintf(tw, "  ERROR: %v\n", s.Err)
	}
	return tw.Flush()
}

func writeBaselineCheck(tw io.Writer, b *check.BaselineCheck) {
	if b.Updated {
		fmt.Fprintf(tw, "  baseline %s written\n", b.Path)
		return
	}
	var c check.Counts
	for _, k := range b.KPIs {
		c.Count(k.Verdict)
	}
	if b.Mode == check.Exact {
		fmt.Fprintf(tw, "  baseline %s: %d KPIs identical bit for bit, %d differ (%s)\n", b.Path, c.Pass, c.Fail, b.Basis)
	} else {
		only := ""
		if b.RegressionsOnly {
			only = ", regressions only"
		}
		fmt.Fprintf(tw, "  baseline %s: %d KPIs pass, %d failed, %d inconclusive (%s: %s%s)\n",
			b.Path, c.Pass, c.Fail, c.Inconclusive, b.Mode.Method(), b.Basis, only)
	}
	for _, k := range b.KPIs {
		if k.Verdict == check.Pass {
			continue
		}
		metric := k.Metric
		if metric == "" {
			metric = "(stock point)"
		}
		verdictLine(tw, k.Verdict, k.At+"/"+k.SKU, "baseline "+metric, stats.MeanCI(k.Now), k.Reason)
	}
	for _, n := range b.Notes {
		fmt.Fprintf(tw, "  note: %s\n", n)
	}
}

// line writes one verdict line in tabwriter cells, with no trailing
// blanks when there is no note.
func verdictLine(tw io.Writer, v check.Verdict, stock, check, value, note string) {
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s", strings.ToUpper(v.String()), stock, check, value)
	if note != "" {
		fmt.Fprintf(tw, "\t%s", note)
	}
	fmt.Fprintln(tw)
}

// WriteTotals writes the closing count line.
func WriteCheckTotals(w io.Writer, r *check.Report) error {
	c := r.Counts()
	inc := fmt.Sprintf("%d inconclusive", c.Inconclusive)
	if r.AllowInconclusive && c.Inconclusive > 0 {
		inc += " (allowed)"
	}
	line := fmt.Sprintf("check: %d passed, %d failed, %s", c.Pass, c.Fail, inc)
	if c.Errors > 0 {
		line += ", " + plural(c.Errors, "scenario error")
	}
	_, err := fmt.Fprintf(w, "%s in %s\n", line, plural(len(r.Scenarios), "scenario file"))
	return err
}

// plural writes "1 file", "2 files".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
