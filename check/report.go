package check

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/supplysim/supplysim/sim/stats"
)

// Report is the check of one or more scenario files.
type Report struct {
	Version           string // program version
	AllowInconclusive bool   // inconclusive verdicts do not fail the check
	Scenarios         []Scenario
}

// Scenario is the check of one scenario file.
type Scenario struct {
	File         string // as given on the command line
	Name         string
	SHA256       string
	Seed         uint64
	Replications int
	Expectations []Outcome
	Baseline     *BaselineCheck // nil without a baseline
	Warnings     []string
	// Err is set when the scenario could not be checked (invalid file,
	// unreadable or corrupt baseline); the other fields may be partial.
	Err     error
	Elapsed time.Duration // wall time of the run, for JUnit only
}

// BaselineCheck is a scenario's baseline: compared, or written anew.
type BaselineCheck struct {
	Path    string
	Updated bool // written by this run (--update-baseline), not compared
	Comparison
}

// Counts are the verdicts of a report.
type Counts struct {
	Pass, Fail, Inconclusive int
	Errors                   int // scenarios that could not be checked
}

// Counts adds up the verdicts of every scenario.
func (r *Report) Counts() Counts {
	var c Counts
	for i := range r.Scenarios {
		c.add(r.Scenarios[i].counts())
	}
	return c
}

func (c *Counts) add(d Counts) {
	c.Pass += d.Pass
	c.Fail += d.Fail
	c.Inconclusive += d.Inconclusive
	c.Errors += d.Errors
}

func (c *Counts) count(v Verdict) {
	switch v {
	case Pass:
		c.Pass++
	case Fail:
		c.Fail++
	default:
		c.Inconclusive++
	}
}

func (s *Scenario) counts() Counts {
	var c Counts
	if s.Err != nil {
		c.Errors++
	}
	for _, o := range s.Expectations {
		c.count(o.Verdict)
	}
	if s.Baseline != nil {
		for _, k := range s.Baseline.KPIs {
			c.count(k.Verdict)
		}
	}
	return c
}

// Failed reports whether any verdict fails the check: a failure, or an
// inconclusive verdict unless they are allowed. Errors are not counted
// here: they are the caller's to report.
func (r *Report) Failed() bool {
	c := r.Counts()
	return c.Fail > 0 || (c.Inconclusive > 0 && !r.AllowInconclusive)
}

// WriteScenario writes the terminal summary of one scenario: a heading,
// one line per expectation verdict, one line for the baseline and one per
// baseline KPI that did not pass, and the error that stopped the check.
func WriteScenario(w io.Writer, s *Scenario) error {
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
		if o.Verdict != Pass {
			note = append(note, o.Reason)
		}
		check := o.Expect.Metric + " " + Bounds(o.Expect)
		if o.Expect.OnMean {
			check += " (mean)"
		}
		line(tw, o.Verdict, o.At+"/"+o.SKU, check, meanCI(o.Value), strings.Join(note, ": "))
	}
	if b := s.Baseline; b != nil && s.Err == nil {
		writeBaseline(tw, b)
	}
	if s.Err != nil {
		fmt.Fprintf(tw, "  ERROR: %v\n", s.Err)
	}
	return tw.Flush()
}

func writeBaseline(tw io.Writer, b *BaselineCheck) {
	if b.Updated {
		fmt.Fprintf(tw, "  baseline %s written\n", b.Path)
		return
	}
	var c Counts
	for _, k := range b.KPIs {
		c.count(k.Verdict)
	}
	if b.Mode == Exact {
		fmt.Fprintf(tw, "  baseline %s: %d KPIs identical bit for bit, %d differ (%s)\n", b.Path, c.Pass, c.Fail, b.Basis)
	} else {
		fmt.Fprintf(tw, "  baseline %s: %d KPIs pass, %d failed, %d inconclusive (%s: %s)\n",
			b.Path, c.Pass, c.Fail, c.Inconclusive, b.Mode.method(), b.Basis)
	}
	for _, k := range b.KPIs {
		if k.Verdict == Pass {
			continue
		}
		metric := k.Metric
		if metric == "" {
			metric = "(stock point)"
		}
		line(tw, k.Verdict, k.At+"/"+k.SKU, "baseline "+metric, meanCI(k.Now), k.Reason)
	}
	for _, n := range b.Notes {
		fmt.Fprintf(tw, "  note: %s\n", n)
	}
}

// line writes one verdict line in tabwriter cells, with no trailing
// blanks when there is no note.
func line(tw io.Writer, v Verdict, stock, check, value, note string) {
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s", strings.ToUpper(v.String()), stock, check, value)
	if note != "" {
		fmt.Fprintf(tw, "\t%s", note)
	}
	fmt.Fprintln(tw)
}

// WriteTotals writes the closing count line.
func WriteTotals(w io.Writer, r *Report) error {
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

// meanCI writes "0.934 ± 0.012", with two significant digits of the
// half-width and the mean to the same decimal place.
func meanCI(s stats.Summary) string {
	mean, ci := s.Mean, s.CI95
	switch {
	case math.IsNaN(mean):
		return "undefined"
	case math.IsNaN(ci):
		return num(mean) + " (no CI)"
	case ci == 0:
		return num(mean) + " ± 0"
	}
	d := min(max(1-int(math.Floor(math.Log10(ci))), 0), 8)
	return fmt.Sprintf("%.*f ± %.*f", d, mean, d, ci)
}

// plural writes "1 file", "2 files".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
