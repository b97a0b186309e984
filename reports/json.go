package reports

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// Schema is the version of the JSON output contract. Adding keys keeps it;
// renaming or removing one bumps it. Schema 2 replaced the calendar-window
// figures of each disruption (peak_backorders, backorder_unit_days,
// recovery_days) by its impact against twin runs; stock entries are as in
// schema 1, so a baseline of either schema can be read.
const Schema = 2

type jsonRun struct {
	Schema       int              `json:"schema"`
	Version      string           `json:"version"`
	Scenario     jsonScenario     `json:"scenario"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
	HorizonDays  float64          `json:"horizon_days"`
	WarmupDays   float64          `json:"warmup_days"`
	KernelEvents int64            `json:"kernel_events"`
	Metrics      []jsonMetricDoc  `json:"metrics"`
	Stock        []jsonStock      `json:"stock"`
	Disruptions  []jsonDisruption `json:"disruptions,omitempty"`
	// AllDisruptions is the impact of every disruption together, when
	// there are several.
	AllDisruptions *jsonRunImpact `json:"all_disruptions,omitempty"`
	// Network holds the network-wide KPIs; Sources what each source of a
	// stock point with several, or with purchase terms, did.
	Network *jsonNetwork `json:"network,omitempty"`
	Sources []jsonSource `json:"sources,omitempty"`
	// Plants holds what each plant made, and where its time went.
	Plants []jsonPlant `json:"plants,omitempty"`
}

type jsonRunImpact struct {
	Removed []string `json:"removed"`
	jsonImpact
}

type jsonDisruption struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Windows     [][2]float64 `json:"windows_replication_0"`
	Occurrences jsonSummary  `json:"occurrences"`
	// Customer fill rate on the calendar days before and during the
	// windows: descriptive only, the impact is what the disruption changed.
	FillBefore jsonSummary `json:"window_fill_before"`
	FillDuring jsonSummary `json:"window_fill_during"`
	Impact     *jsonImpact `json:"impact,omitempty"`
}

type jsonImpact struct {
	Network jsonFigures       `json:"network"`
	Stock   []jsonStockImpact `json:"stock"`
}

type jsonStockImpact struct {
	At  string `json:"at"`
	SKU string `json:"sku"`
	jsonFigures
}

type jsonFigures struct {
	Backordered    jsonSummary `json:"extra_backordered_units"`
	Lost           jsonSummary `json:"extra_lost_units"`
	BackorderDays  jsonSummary `json:"extra_backorder_unit_days"`
	Cost           jsonSummary `json:"extra_cost"`
	FillLost       jsonSummary `json:"fill_rate_lost"`
	TimeToImpact   jsonSummary `json:"time_to_impact_days"`
	Recovery       jsonSummary `json:"recovery_days"`
	NotRecovered   int         `json:"not_recovered"`
	PeakBackorders jsonSummary `json:"peak_extra_backorders"`
	Daily          *jsonBand   `json:"daily_extra_backorders,omitempty"`
}

// jsonBand is a daily series across replications.
type jsonBand struct {
	Mean []number `json:"mean"`
	P10  []number `json:"p10"`
	P90  []number `json:"p90"`
}

// jsonSummary writes a stats.Summary as mean, ci95, sd, n and values.
type jsonSummary stats.Summary

type jsonScenario struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	File        string `json:"file"`
	SHA256      string `json:"sha256"`
}

type jsonMetricDoc struct {
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	Definition string `json:"definition"`
	Better     string `json:"better"` // "higher", "lower" or "none"
}

type jsonStock struct {
	At, SKU, Source string
	Policy          jsonPolicy
	Metrics         []stats.Summary
}

type jsonPolicy struct {
	Type         string   `json:"type"`
	ReviewDays   float64  `json:"review_days,omitempty"`
	Reorder      *float64 `json:"reorder,omitempty"`
	OrderUpTo    *float64 `json:"order_up_to,omitempty"`
	Quantity     *float64 `json:"quantity,omitempty"`
	SafetyStock  float64  `json:"safety_stock"`
	Derived      bool     `json:"derived"`
	LeadTimeDays float64  `json:"lead_time_mean_days"`
	LTDMean      float64  `json:"lead_time_demand_mean"`
	LTDSD        float64  `json:"lead_time_demand_sd"`
	// The service the safety stock was sized for, when it was: the metric
	// that measures it and the target; the achieved value is that metric.
	TargetMetric string   `json:"target_metric,omitempty"`
	Target       *float64 `json:"target,omitempty"`
}

// WriteJSON writes the results in the versioned JSON contract: run
// identification, then one entry per stock point with, for each metric,
// mean, 95% half-width, standard deviation and per-replication values.
// Undefined values (NaN) are null; a metric undefined in every
// replication is left out.
func WriteJSON(w io.Writer, res *sim.Results, meta sim.Meta) error {
	m := res.Model
	run := jsonRun{
		Schema: Schema, Version: meta.Version,
		Scenario: jsonScenario{Name: m.Name, Description: m.Description, File: meta.File, SHA256: meta.SHA256},
		Seed:     m.Seed, Replications: m.Replications,
		HorizonDays: m.Horizon, WarmupDays: m.Warmup, KernelEvents: res.KernelEvents,
	}
	for _, md := range sim.Metrics {
		run.Metrics = append(run.Metrics, jsonMetricDoc{md.Name, md.Unit, md.Doc, md.Better})
	}
	for _, d := range res.Disruptions {
		run.Disruptions = append(run.Disruptions, disruptionJSON(res, d))
	}
	if all := res.AllDisruptions; all != nil {
		run.AllDisruptions = &jsonRunImpact{Removed: []string{}, jsonImpact: *impactJSON(res, all)}
		for _, i := range all.Removed {
			run.AllDisruptions.Removed = append(run.AllDisruptions.Removed, m.Disruptions[i].Name)
		}
	}
	for i, sr := range res.Stocks {
		run.Stock = append(run.Stock, jsonStock{
			At: sr.At, SKU: sr.SKU, Source: m.Stocks[i].Source,
			Policy:  policyJSON(m.Stocks[i].Policy, res.Derivations[i]),
			Metrics: sr.Metrics,
		})
	}
	run.Network, run.Sources = networkJSON(res), sourcesJSON(res)
	run.Plants = plantsJSON(res)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(run)
}

func policyJSON(p sim.Policy, d sim.Derivation) jsonPolicy {
	j := jsonPolicy{Type: p.Type.String(), ReviewDays: p.Review, SafetyStock: d.SafetyStock,
		Derived: d.Derived, LeadTimeDays: d.LeadTimeMean, LTDMean: d.LTDMean, LTDSD: d.LTDSD, TargetMetric: d.TargetMetric}
	if d.TargetMetric != "" {
		j.Target = &d.Target
	}
	switch p.Type {
	case sim.RQ:
		j.Reorder, j.Quantity = &d.Reorder, &d.Quantity
	case sim.SS:
		j.Reorder, j.OrderUpTo = &d.Reorder, &d.OrderUpTo
	default:
		j.OrderUpTo = &d.OrderUpTo
	}
	return j
}

// MarshalJSON writes a stock entry with its metrics as keys, in the order of
// sim.Metrics, so the output is stable and reads like the table.
func (s jsonStock) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"at":`)
	writeString(&b, s.At)
	b.WriteString(`,"sku":`)
	writeString(&b, s.SKU)
	b.WriteString(`,"source":`)
	writeString(&b, s.Source)
	pol, err := json.Marshal(s.Policy)
	if err != nil {
		return nil, err
	}
	b.WriteString(`,"policy":`)
	b.Write(pol)
	for i, md := range sim.Metrics {
		if s.Metrics[i].N == 0 {
			continue
		}
		b.WriteString(`,"` + md.Name + `":`)
		writeSummary(&b, s.Metrics[i])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func disruptionJSON(res *sim.Results, d sim.DisruptionResult) jsonDisruption {
	j := jsonDisruption{
		Name: d.Name, Type: d.Type.String(), Windows: [][2]float64{},
		Occurrences: jsonSummary(d.Occurrences), FillBefore: jsonSummary(d.FillBefore),
		FillDuring: jsonSummary(d.FillDuring), Impact: impactJSON(res, d.Impact),
	}
	for _, w := range d.Windows {
		j.Windows = append(j.Windows, [2]float64{w.Start, w.End})
	}
	return j
}

func impactJSON(res *sim.Results, im *sim.Impact) *jsonImpact {
	if im == nil {
		return nil
	}
	j := &jsonImpact{Network: figuresJSON(im.Network, true), Stock: []jsonStockImpact{}}
	for i, f := range im.Stocks {
		j.Stock = append(j.Stock, jsonStockImpact{At: res.Stocks[i].At, SKU: res.Stocks[i].SKU, jsonFigures: figuresJSON(f, false)})
	}
	return j
}

// figuresJSON writes impact figures, with the daily band when asked.
func figuresJSON(f sim.ImpactFigures, daily bool) jsonFigures {
	j := jsonFigures{Backordered: jsonSummary(f.Backordered), Lost: jsonSummary(f.Lost),
		BackorderDays: jsonSummary(f.BackorderDays), Cost: jsonSummary(f.Cost), FillLost: jsonSummary(f.FillLost),
		TimeToImpact: jsonSummary(f.TimeToImpact), Recovery: jsonSummary(f.Recovery), NotRecovered: f.NotRecovered,
		PeakBackorders: jsonSummary(f.PeakBackorders)}
	if daily && f.Diff.Days() > 0 {
		mean, p10, p90 := f.Diff.Values()
		j.Daily = &jsonBand{Mean: numbers(mean), P10: numbers(p10), P90: numbers(p90)}
	}
	return j
}

// MarshalJSON writes the summary with undefined values as null.
func (s jsonSummary) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	writeSummary(&b, stats.Summary(s))
	return b.Bytes(), nil
}

func writeSummary(b *bytes.Buffer, sum stats.Summary) {
	b.WriteString(`{"mean":`)
	writeFloat(b, sum.Mean)
	b.WriteString(`,"ci95":`)
	writeFloat(b, sum.CI95)
	b.WriteString(`,"sd":`)
	writeFloat(b, sum.SD)
	b.WriteString(`,"n":` + strconv.Itoa(sum.N) + `,"values":[`)
	for k, v := range sum.Values {
		if k > 0 {
			b.WriteByte(',')
		}
		writeFloat(b, v)
	}
	b.WriteString("]}")
}

func writeString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}

// writeFloat writes the shortest representation that reads back exactly,
// or null for NaN and infinities (a CI from a single replication).
func writeFloat(b *bytes.Buffer, x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		b.WriteString("null")
		return
	}
	b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
}
