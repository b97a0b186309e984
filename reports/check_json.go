package reports

import (
	"encoding/json"
	"io"

	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/stats"
)

// CheckSchema is the version of the check report's JSON (`supplysim check
// --json`). Adding keys keeps it; renaming or removing one bumps it.
const CheckSchema = 1

type checkJSON struct {
	Schema            int                 `json:"schema"`
	Version           string              `json:"version"`
	Passed            bool                `json:"passed"`
	AllowInconclusive bool                `json:"allow_inconclusive"`
	Counts            checkCountsJSON     `json:"counts"`
	Scenarios         []checkScenarioJSON `json:"scenarios"`
}

type checkCountsJSON struct {
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	Inconclusive int `json:"inconclusive"`
	Errors       int `json:"errors"`
}

type checkScenarioJSON struct {
	File         string                 `json:"file"`
	Name         string                 `json:"name,omitempty"`
	SHA256       string                 `json:"sha256,omitempty"`
	Seed         uint64                 `json:"seed"`
	Replications int                    `json:"replications"`
	Error        string                 `json:"error,omitempty"`
	Problems     []problemJSON          `json:"problems,omitempty"` // why the scenario did not load, each with its position
	Warnings     []string               `json:"warnings,omitempty"`
	Expectations []checkExpectationJSON `json:"expectations"`
	Baseline     *checkBaselineJSON     `json:"baseline,omitempty"`
}

type checkExpectationJSON struct {
	Index    int           `json:"index"` // from 1, in the scenario file's order
	Name     string        `json:"name,omitempty"`
	At       string        `json:"at"`
	SKU      string        `json:"sku"`
	Metric   string        `json:"metric"`
	Min      *float64      `json:"min,omitempty"`
	Max      *float64      `json:"max,omitempty"`
	On       string        `json:"on"`
	Mean     number        `json:"mean"`
	CI95     number        `json:"ci95"`
	SD       number        `json:"sd"`
	N        int           `json:"n"`
	Verdict  check.Verdict `json:"verdict"`
	Reason   string        `json:"reason"`
	Needed   int           `json:"replications_needed,omitempty"`
	MatchAt  string        `json:"match_at"`  // the at pattern as written
	MatchSKU string        `json:"match_sku"` // the sku pattern as written
}

type checkBaselineJSON struct {
	Path            string         `json:"path"`
	Updated         bool           `json:"updated"`
	Mode            string         `json:"mode,omitempty"`
	RegressionsOnly bool           `json:"regressions_only,omitempty"`
	Basis           string         `json:"basis,omitempty"`
	Notes           []string       `json:"notes,omitempty"`
	KPIs            []checkKPIJSON `json:"kpis"`
}

type checkKPIJSON struct {
	Better       string        `json:"better,omitempty"` // "higher", "lower" or "none": the KPI's good direction
	At           string        `json:"at"`
	SKU          string        `json:"sku"`
	Metric       string        `json:"metric,omitempty"`
	Verdict      check.Verdict `json:"verdict"`
	Reason       string        `json:"reason"`
	BaselineMean number        `json:"baseline_mean"`
	Mean         number        `json:"mean"`
	Difference   number        `json:"difference"`
	DiffCI95     number        `json:"difference_ci95"`
	Tolerance    number        `json:"tolerance"`
}

// WriteJSON writes the report as JSON (schema CheckSchema): the counts,
// then per scenario every expectation verdict and every baseline KPI with
// its numbers. Per-replication values are not repeated: they are in the
// run's own JSON.
func WriteCheckJSON(w io.Writer, r *check.Report) error {
	c := r.Counts()
	out := checkJSON{Schema: CheckSchema, Version: r.Version, Passed: !r.Failed() && c.Errors == 0,
		AllowInconclusive: r.AllowInconclusive, Counts: checkCountsJSON(c), Scenarios: []checkScenarioJSON{}}
	for i := range r.Scenarios {
		out.Scenarios = append(out.Scenarios, checkScenario(&r.Scenarios[i]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func checkScenario(s *check.Scenario) checkScenarioJSON {
	j := checkScenarioJSON{File: s.File, Name: s.Name, SHA256: s.SHA256, Seed: s.Seed, Replications: s.Replications,
		Warnings: s.Warnings, Expectations: []checkExpectationJSON{}}
	if s.Err != nil {
		j.Error = s.Err.Error()
		j.Problems = problemsJSON(s.Err)
	}
	for _, o := range s.Expectations {
		j.Expectations = append(j.Expectations, expectationJSON(o))
	}
	if b := s.Baseline; b != nil {
		jb := &checkBaselineJSON{Path: b.Path, Updated: b.Updated, KPIs: []checkKPIJSON{}}
		if !b.Updated {
			jb.Mode, jb.Basis, jb.Notes, jb.RegressionsOnly = b.Mode.String(), b.Basis, b.Notes, b.RegressionsOnly
		}
		for _, k := range b.KPIs {
			jb.KPIs = append(jb.KPIs, checkKPIJSON{Better: better(k.Metric), At: k.At, SKU: k.SKU, Metric: k.Metric, Verdict: k.Verdict, Reason: k.Reason,
				BaselineMean: number(k.Base.Mean), Mean: number(k.Now.Mean), Difference: number(k.Diff),
				DiffCI95: number(k.DiffCI), Tolerance: number(k.Tolerance)})
		}
		j.Baseline = jb
	}
	return j
}

func expectationJSON(o check.Outcome) checkExpectationJSON {
	e := o.Expect
	j := checkExpectationJSON{Index: o.Index + 1, Name: e.Name, At: o.At, SKU: o.SKU, Metric: e.Metric, On: "ci",
		Verdict: o.Verdict, Reason: o.Reason, Needed: o.Needed, MatchAt: e.At, MatchSKU: e.SKU}
	if e.HasMin {
		j.Min = &e.Min
	}
	if e.HasMax {
		j.Max = &e.Max
	}
	if e.OnMean {
		j.On = "mean"
	}
	setExpectationStats(&j, o.Value)
	return j
}

func setExpectationStats(j *checkExpectationJSON, s stats.Summary) {
	j.Mean, j.CI95, j.SD, j.N = number(s.Mean), number(s.CI95), number(s.SD), s.N
}
