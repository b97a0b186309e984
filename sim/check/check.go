// Package check judges a run's results for continuous integration: the
// scenario's [[expect]] tables, and a comparison of every KPI with a saved
// baseline run (bit for bit when nothing changed, else a paired or Welch
// t-test with Holm's correction, from sim/stats).
//
// It produces verdicts with their reasons and does no I/O: reports reads
// baselines and writes the terminal summary, JSON and JUnit XML;
// cmd/supplysim opens the files.
package check

import "fmt"

// Verdict is the outcome of one check.
type Verdict int

const (
	// Pass: the check holds.
	Pass Verdict = iota
	// Fail: the check does not hold.
	Fail
	// Inconclusive: the data cannot settle it (a confidence interval
	// straddles a bound, or the metric is undefined). It counts as a failure
	// unless the user allows inconclusive verdicts.
	Inconclusive
)

var verdictNames = [...]string{"pass", "fail", "inconclusive"}

// String returns "pass", "fail" or "inconclusive".
func (v Verdict) String() string {
	if v < 0 || int(v) >= len(verdictNames) {
		return fmt.Sprintf("Verdict(%d)", int(v))
	}
	return verdictNames[v]
}

// MarshalText writes the verdict's name, so JSON carries words, not numbers.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// failing reports whether v makes the check fail.
func (v Verdict) failing(allowInconclusive bool) bool {
	return v == Fail || (v == Inconclusive && !allowInconclusive)
}
