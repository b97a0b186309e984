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
// renaming or removing one bumps it.
const Schema = 1

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
}

type jsonDisruption struct {
	Name           string       `json:"name"`
	Type           string       `json:"type"`
	Windows        [][2]float64 `json:"windows_replication_0"`
	Occurrences    jsonSummary  `json:"occurrences"`
	FillBefore     jsonSummary  `json:"fill_before"`
	FillDuring     jsonSummary  `json:"fill_during"`
	PeakBackorders jsonSummary  `json:"peak_backorders"`
	BackorderArea  jsonSummary  `json:"backorder_unit_days"`
	RecoveryDays   jsonSummary  `json:"recovery_days"`
	NotRecovered   int          `json:"not_recovered"`
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
		run.Metrics = append(run.Metrics, jsonMetricDoc{md.Name, md.Unit, md.Doc})
	}
	for _, d := range res.Disruptions {
		run.Disruptions = append(run.Disruptions, disruptionJSON(d))
	}
	for i, sr := range res.Stocks {
		run.Stock = append(run.Stock, jsonStock{
			At: sr.At, SKU: sr.SKU, Source: m.Stocks[i].Source,
			Policy:  policyJSON(m.Stocks[i].Policy, res.Derivations[i]),
			Metrics: sr.Metrics,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(run)
}

func policyJSON(p sim.Policy, d sim.Derivation) jsonPolicy {
	j := jsonPolicy{Type: p.Type.String(), ReviewDays: p.Review, SafetyStock: d.SafetyStock,
		Derived: d.Derived, LeadTimeDays: d.LeadTimeMean, LTDMean: d.LTDMean, LTDSD: d.LTDSD}
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

func disruptionJSON(d sim.DisruptionResult) jsonDisruption {
	im := d.NetworkImpact()
	j := jsonDisruption{
		Name: d.Name, Type: d.Type.String(), Windows: [][2]float64{},
		Occurrences: jsonSummary(d.Occurrences), FillBefore: jsonSummary(d.FillBefore),
		FillDuring: jsonSummary(d.FillDuring), PeakBackorders: jsonSummary(im.PeakBackorders),
		BackorderArea: jsonSummary(im.BackorderDays), RecoveryDays: jsonSummary(im.Recovery),
		NotRecovered: im.NotRecovered,
	}
	for _, w := range d.Windows {
		j.Windows = append(j.Windows, [2]float64{w.Start, w.End})
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
