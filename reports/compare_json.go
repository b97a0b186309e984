package reports

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
	"github.com/supplysim/supplysim/sim/stats"
)

// ComparisonSchema is the version of the comparison and sweep JSON.
// Adding keys keeps it; renaming or removing one bumps it.
const ComparisonSchema = 1

// number writes a float, null when undefined.
type number float64

func (x number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

func numbers(xs []float64) []number {
	out := make([]number, len(xs))
	for i, x := range xs {
		out[i] = number(x)
	}
	return out
}

type cmpSummaryJSON struct {
	Mean   number   `json:"mean"`
	CI95   number   `json:"ci95"`
	SD     number   `json:"sd"`
	N      int      `json:"n"`
	Values []number `json:"values,omitempty"`
}

func cmpSummary(s stats.Summary, values bool) cmpSummaryJSON {
	j := cmpSummaryJSON{Mean: number(s.Mean), CI95: number(s.CI95), SD: number(s.SD), N: s.N}
	if values {
		j.Values = numbers(s.Values)
	}
	return j
}

type cmpScenarioJSON struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

type jsonPrecision struct {
	Metric       string `json:"metric"`
	On           string `json:"on"` // "paired difference" or "stock point"
	Target       number `json:"target"`
	MaxReps      int    `json:"max_replications"`
	Met          bool   `json:"met"`
	HalfWidth    number `json:"widest_half_width"`
	At           string `json:"widest_at"`
	Rounds       []int  `json:"rounds"`
	PairedNeeded int    `json:"replications_needed_paired,omitempty"`
	IndepNeeded  int    `json:"replications_needed_independent,omitempty"`
}

func precisionJSON(p *compare.Precision, w compare.Widest, on string) *jsonPrecision {
	if p == nil {
		return nil
	}
	j := &jsonPrecision{Metric: p.Metric, On: on, Target: number(p.Target), MaxReps: p.Max, Met: p.Met,
		HalfWidth: number(p.HalfWidth()), At: w.At + "/" + w.SKU}
	for _, s := range p.Steps {
		j.Rounds = append(j.Rounds, s.Replications)
	}
	j.PairedNeeded, j.IndepNeeded = w.Needed(p.Target)
	return j
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type cmpJSON struct {
	Schema       int             `json:"schema"`
	Kind         string          `json:"kind"`
	Version      string          `json:"version"`
	Scenario     cmpScenarioJSON `json:"scenario"`
	Seed         uint64          `json:"seed"`
	Replications int             `json:"replications"`
	Metrics      []string        `json:"metrics"`
	Runs         []cmpRunJSON    `json:"runs"`
	Stock        []cmpStockJSON  `json:"stock"`
	Precision    *jsonPrecision  `json:"precision,omitempty"`
	// Tradeoff places each run on the cost-service plane and, with
	// --target, names the cheapest run meeting it.
	Tradeoff *cmpTradeoffJSON `json:"tradeoff,omitempty"`
}

type cmpTradeoffJSON struct {
	CostMetric string            `json:"cost_metric"`
	Target     *jsonTarget       `json:"target,omitempty"`
	Chosen     *string           `json:"chosen"`
	Runs       []cmpRunPointJSON `json:"runs"`
}

type cmpRunPointJSON struct {
	Run         string          `json:"run"`
	Cost        cmpSummaryJSON  `json:"cost"`
	Service     cmpSummaryJSON  `json:"service"`
	TargetValue *cmpSummaryJSON `json:"target_value,omitempty"`
	Meets       *bool           `json:"meets,omitempty"`
}

type cmpRunJSON struct {
	Name    string   `json:"name"`
	File    string   `json:"file"`
	SHA256  string   `json:"sha256"`
	Changes []string `json:"changes"`
}

type cmpStockJSON struct {
	At   string       `json:"at"`
	SKU  string       `json:"sku"`
	KPIs []cmpKPIJSON `json:"kpis"`
}

type cmpKPIJSON struct {
	Metric  string          `json:"metric"`
	Runs    []cmpRunKPIJSON `json:"runs"`
	Changes []cmpChangeJSON `json:"changes"`
}

type cmpRunKPIJSON struct {
	Run string `json:"run"`
	cmpSummaryJSON
}

type cmpChangeJSON struct {
	Run                 string   `json:"run"`
	Mean                number   `json:"mean"`
	CI95Paired          number   `json:"ci95_paired"`
	CI95Unpaired        number   `json:"ci95_unpaired"`
	PPaired             number   `json:"p_paired"`
	PUnpaired           number   `json:"p_unpaired"`
	Significant         bool     `json:"significant"`
	SignificantUnpaired bool     `json:"significant_unpaired"`
	SD                  number   `json:"sd"`
	N                   int      `json:"n"`
	Values              []number `json:"values"`
}

// WriteJSON writes the comparison: the runs, and per stock point and KPI
// every run's summary with its per-replication values, and every
// variant's change with its per-replication differences. meta names the
// program version and the baseline's scenario; p, when not nil, is the
// precision search that set the replication count.
func WriteComparisonJSON(w io.Writer, c *compare.Comparison, meta sim.Meta, p *compare.Precision) error {
	m := c.Runs[0].Results.Model
	out := cmpJSON{Schema: ComparisonSchema, Kind: "comparison", Version: meta.Version,
		Scenario: cmpScenarioJSON{Name: m.Name, File: meta.File, SHA256: meta.SHA256},
		Seed:     m.Seed, Replications: m.Replications, Metrics: c.Metrics,
		Precision: precisionJSON(p, c.WidestDifference(comparedMetric(c, p)), "paired difference")}
	for _, r := range c.Runs {
		out.Runs = append(out.Runs, cmpRunJSON{Name: r.Name, File: r.File, SHA256: r.SHA256, Changes: append([]string{}, r.Changes...)})
	}
	for _, k := range c.KPIs {
		if len(out.Stock) == 0 || out.Stock[len(out.Stock)-1].At != k.At || out.Stock[len(out.Stock)-1].SKU != k.SKU {
			out.Stock = append(out.Stock, cmpStockJSON{At: k.At, SKU: k.SKU})
		}
		j := cmpKPIJSON{Metric: k.Metric, Changes: []cmpChangeJSON{}}
		for i, r := range c.Runs {
			j.Runs = append(j.Runs, cmpRunKPIJSON{Run: r.Name, cmpSummaryJSON: cmpSummary(k.Runs[i], true)})
		}
		for i, d := range k.Diffs {
			j.Changes = append(j.Changes, cmpChangeJSON{Run: c.Runs[i+1].Name, Mean: number(d.Mean),
				CI95Paired: number(d.Paired), CI95Unpaired: number(d.Welch), PPaired: number(d.P), PUnpaired: number(d.PWelch),
				Significant: d.Significant, SignificantUnpaired: d.SignificantWelch, SD: number(d.SD), N: d.N, Values: numbers(d.Values)})
		}
		s := &out.Stock[len(out.Stock)-1]
		s.KPIs = append(s.KPIs, j)
	}
	out.Tradeoff = tradeoffJSON(c)
	return encode(w, out)
}

func comparedMetric(c *compare.Comparison, p *compare.Precision) string {
	if p == nil {
		return c.Metrics[0]
	}
	return p.Metric
}

type jsonSweep struct {
	SchemaN        int             `json:"schema"`
	Kind           string          `json:"kind"`
	Version        string          `json:"version"`
	Scenario       cmpScenarioJSON `json:"scenario"`
	Seed           uint64          `json:"seed"`
	Replications   int             `json:"replications"`
	Params         []jsonParam     `json:"params"`
	CostMetric     string          `json:"cost_metric"`
	Selected       []string        `json:"selected"`
	Served         []string        `json:"served"`
	Target         *jsonTarget     `json:"target,omitempty"`
	Chosen         *int            `json:"chosen"`
	Minimize       string          `json:"minimize,omitempty"`
	Lowest         *int            `json:"lowest,omitempty"`
	AchievedMetric string          `json:"achieved_metric,omitempty"`
	Addressed      []string        `json:"addressed,omitempty"`
	Points         []jsonPoint     `json:"points"`
	Precision      *jsonPrecision  `json:"precision,omitempty"`
}

type jsonParam struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

type jsonTarget struct {
	Metric string `json:"metric"`
	Op     string `json:"op"`
	Bound  number `json:"bound"`
}

type jsonPoint struct {
	Values      []string         `json:"values"`
	Cost        cmpSummaryJSON   `json:"cost"`
	FillRate    cmpSummaryJSON   `json:"fill_rate"`
	TargetValue *cmpSummaryJSON  `json:"target_value,omitempty"`
	Achieved    *cmpSummaryJSON  `json:"achieved,omitempty"`
	Minimized   *cmpSummaryJSON  `json:"minimized,omitempty"`
	Levels      []string         `json:"derived_levels,omitempty"`
	Frontier    bool             `json:"frontier"`
	Meets       bool             `json:"meets_target"`
	Stock       []jsonPointStock `json:"stock"`
}

type jsonPointStock struct {
	At      string                    `json:"at"`
	SKU     string                    `json:"sku"`
	Metrics map[string]cmpSummaryJSON `json:"metrics"`
}

// WriteJSON writes the sweep: every point's aggregates with their
// per-replication values, and the headline KPIs of each stock point
// (without values).
func WriteSweepJSON(w io.Writer, s *compare.Sweep, meta sim.Meta, p *compare.Precision) error {
	m := s.Points[0].Results.Model
	out := jsonSweep{SchemaN: ComparisonSchema, Kind: "sweep", Version: meta.Version,
		Scenario: cmpScenarioJSON{Name: m.Name, File: meta.File, SHA256: meta.SHA256},
		Seed:     m.Seed, Replications: m.Replications, CostMetric: s.CostMetric,
		Selected: s.Selected, Served: s.Served, AchievedMetric: s.AchievedMetric, Addressed: s.Addressed}
	for _, pr := range s.Params {
		out.Params = append(out.Params, jsonParam(pr))
	}
	if s.Target != nil {
		out.Target = targetJSON(s.Target)
		if s.Chosen >= 0 {
			out.Chosen = &s.Chosen
		}
	}
	if s.Minimize != "" {
		out.Minimize = s.Minimize
		if s.Lowest >= 0 {
			out.Lowest = &s.Lowest
		}
	}
	if p != nil {
		out.Precision = precisionJSON(p, s.Widest(p.Metric), "stock point")
	}
	for _, pt := range s.Points {
		j := jsonPoint{Values: pt.Values, Cost: cmpSummary(pt.Cost, true), FillRate: cmpSummary(pt.Service, true),
			Frontier: pt.Frontier, Meets: pt.Meets}
		if s.Target != nil {
			t := cmpSummary(pt.TargetValue, true)
			j.TargetValue = &t
		}
		if s.TargetParam >= 0 {
			a := cmpSummary(pt.Achieved, true)
			j.Achieved, j.Levels = &a, pt.Levels
		}
		for _, sr := range pt.Results.Stocks {
			ps := jsonPointStock{At: sr.At, SKU: sr.SKU, Metrics: map[string]cmpSummaryJSON{}}
			for _, name := range compare.Headline {
				ps.Metrics[name] = cmpSummary(sr.Metric(name), false)
			}
			j.Stock = append(j.Stock, ps)
		}
		if s.Minimize != "" {
			v := cmpSummary(pt.Minimized, true)
			j.Minimized = &v
		}
		out.Points = append(out.Points, j)
	}
	return encode(w, out)
}

func tradeoffJSON(c *compare.Comparison) *cmpTradeoffJSON {
	if len(c.Points) != len(c.Runs) {
		return nil
	}
	t := &cmpTradeoffJSON{CostMetric: "cost_total", Runs: []cmpRunPointJSON{}}
	if c.Target != nil {
		t.Target = targetJSON(c.Target)
		if c.Chosen >= 0 {
			t.Chosen = &c.Runs[c.Chosen].Name
		}
	}
	for i, p := range c.Points {
		j := cmpRunPointJSON{Run: c.Runs[i].Name, Cost: cmpSummary(p.Cost, false), Service: cmpSummary(p.Service, false)}
		if c.Target != nil {
			v, meets := cmpSummary(p.TargetValue, false), p.Meets
			j.TargetValue, j.Meets = &v, &meets
		}
		t.Runs = append(t.Runs, j)
	}
	return t
}

func targetJSON(t *compare.Target) *jsonTarget {
	op := "<="
	if t.AtLeast {
		op = ">="
	}
	return &jsonTarget{Metric: t.Metric, Op: op, Bound: number(t.Bound)}
}
