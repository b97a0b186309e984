package check

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/supplysim/supplysim/sim/stats"
)

// JSONSchema is the version of the check report's JSON (`supplysim check
// --json`). Adding keys keeps it; renaming or removing one bumps it.
const JSONSchema = 1

type jsonReport struct {
	Schema            int            `json:"schema"`
	Version           string         `json:"version"`
	Passed            bool           `json:"passed"`
	AllowInconclusive bool           `json:"allow_inconclusive"`
	Counts            jsonCounts     `json:"counts"`
	Scenarios         []jsonScenario `json:"scenarios"`
}

type jsonCounts struct {
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	Inconclusive int `json:"inconclusive"`
	Errors       int `json:"errors"`
}

type jsonScenario struct {
	File         string            `json:"file"`
	Name         string            `json:"name,omitempty"`
	SHA256       string            `json:"sha256,omitempty"`
	Seed         uint64            `json:"seed"`
	Replications int               `json:"replications"`
	Error        string            `json:"error,omitempty"`
	Warnings     []string          `json:"warnings,omitempty"`
	Expectations []jsonExpectation `json:"expectations"`
	Baseline     *jsonBaseline     `json:"baseline,omitempty"`
}

type jsonExpectation struct {
	Index    int       `json:"index"` // from 1, in the scenario file's order
	Name     string    `json:"name,omitempty"`
	At       string    `json:"at"`
	SKU      string    `json:"sku"`
	Metric   string    `json:"metric"`
	Min      *float64  `json:"min,omitempty"`
	Max      *float64  `json:"max,omitempty"`
	On       string    `json:"on"`
	Mean     jsonFloat `json:"mean"`
	CI95     jsonFloat `json:"ci95"`
	SD       jsonFloat `json:"sd"`
	N        int       `json:"n"`
	Verdict  Verdict   `json:"verdict"`
	Reason   string    `json:"reason"`
	Needed   int       `json:"replications_needed,omitempty"`
	MatchAt  string    `json:"match_at"`  // the at pattern as written
	MatchSKU string    `json:"match_sku"` // the sku pattern as written
}

type jsonBaseline struct {
	Path    string    `json:"path"`
	Updated bool      `json:"updated"`
	Mode    string    `json:"mode,omitempty"`
	Basis   string    `json:"basis,omitempty"`
	Notes   []string  `json:"notes,omitempty"`
	KPIs    []jsonKPI `json:"kpis"`
}

type jsonKPI struct {
	At           string    `json:"at"`
	SKU          string    `json:"sku"`
	Metric       string    `json:"metric,omitempty"`
	Verdict      Verdict   `json:"verdict"`
	Reason       string    `json:"reason"`
	BaselineMean jsonFloat `json:"baseline_mean"`
	Mean         jsonFloat `json:"mean"`
	Difference   jsonFloat `json:"difference"`
	DiffCI95     jsonFloat `json:"difference_ci95"`
	Tolerance    jsonFloat `json:"tolerance"`
}

// jsonFloat writes NaN and infinities as null.
type jsonFloat float64

// MarshalJSON writes the shortest form that reads back exactly, or null.
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, x, 'g', -1, 64), nil
}

// WriteJSON writes the report as JSON (schema JSONSchema): the counts,
// then per scenario every expectation verdict and every baseline KPI with
// its numbers. Per-replication values are not repeated: they are in the
// run's own JSON.
func WriteJSON(w io.Writer, r *Report) error {
	c := r.Counts()
	out := jsonReport{Schema: JSONSchema, Version: r.Version, Passed: !r.Failed() && c.Errors == 0,
		AllowInconclusive: r.AllowInconclusive, Counts: jsonCounts(c), Scenarios: []jsonScenario{}}
	for i := range r.Scenarios {
		out.Scenarios = append(out.Scenarios, scenarioJSON(&r.Scenarios[i]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func scenarioJSON(s *Scenario) jsonScenario {
	j := jsonScenario{File: s.File, Name: s.Name, SHA256: s.SHA256, Seed: s.Seed, Replications: s.Replications,
		Warnings: s.Warnings, Expectations: []jsonExpectation{}}
	if s.Err != nil {
		j.Error = s.Err.Error()
	}
	for _, o := range s.Expectations {
		j.Expectations = append(j.Expectations, expectationJSON(o))
	}
	if b := s.Baseline; b != nil {
		jb := &jsonBaseline{Path: b.Path, Updated: b.Updated, KPIs: []jsonKPI{}}
		if !b.Updated {
			jb.Mode, jb.Basis, jb.Notes = b.Mode.String(), b.Basis, b.Notes
		}
		for _, k := range b.KPIs {
			jb.KPIs = append(jb.KPIs, jsonKPI{At: k.At, SKU: k.SKU, Metric: k.Metric, Verdict: k.Verdict, Reason: k.Reason,
				BaselineMean: jsonFloat(k.Base.Mean), Mean: jsonFloat(k.Now.Mean), Difference: jsonFloat(k.Diff),
				DiffCI95: jsonFloat(k.DiffCI), Tolerance: jsonFloat(k.Tolerance)})
		}
		j.Baseline = jb
	}
	return j
}

func expectationJSON(o Outcome) jsonExpectation {
	e := o.Expect
	j := jsonExpectation{Index: o.Index + 1, Name: e.Name, At: o.At, SKU: o.SKU, Metric: e.Metric, On: "ci",
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
	setStats(&j, o.Value)
	return j
}

func setStats(j *jsonExpectation, s stats.Summary) {
	j.Mean, j.CI95, j.SD, j.N = jsonFloat(s.Mean), jsonFloat(s.CI95), jsonFloat(s.SD), s.N
}
