package check

import (
	"time"
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

func (c *Counts) Count(v Verdict) {
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
		c.Count(o.Verdict)
	}
	if s.Baseline != nil {
		for _, k := range s.Baseline.KPIs {
			c.Count(k.Verdict)
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
