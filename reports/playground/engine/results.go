package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// KPI is one key result: its mean and 95% interval across replications
// and, when paired with the previous run, its change.
type KPI struct {
	ID     string `json:"id"`     // "network.fill_rate", "shop/kettle.avg_on_hand"
	Metric string `json:"metric"` // the metric's name in the output contract
	Label  string `json:"label"`
	Unit   string `json:"unit"`   // "share", "units", "per day"
	Better string `json:"better"` // "higher", "lower" or "none"
	Mean   Num    `json:"mean"`
	CI95   Num    `json:"ci95"`
	Text   string `json:"text"` // "69.7% ± 1.2"
	Change *Diff  `json:"change,omitempty"`
}

// Diff is a paired difference, this run minus the previous one, on common
// random numbers.
type Diff struct {
	Diff Num    `json:"diff"`
	CI95 Num    `json:"ci95"`
	Text string `json:"text"` // "+3.1 points ± 0.4"
	// Verdict is "better" or "worse" when the interval excludes 0 (for a
	// KPI with no better direction, "up" or "down"), "same" when every
	// replication gave the same value, else "noise".
	Verdict string `json:"verdict"`
}

// Stock is one stock point's key results and daily series.
type Stock struct {
	Name     string  `json:"name"` // "at/sku"
	Customer bool    `json:"customer"`
	KPIs     []KPI   `json:"kpis"`
	OnHand   Band    `json:"on_hand"`
	Backlog  Band    `json:"backorders"`
	Position []Num32 `json:"position"` // the mean inventory position
}

// Band is a daily series: mean and 10th and 90th percentiles across
// replications, one value per day from day 0.
type Band struct {
	Mean []Num32 `json:"mean"`
	P10  []Num32 `json:"p10"`
	P90  []Num32 `json:"p90"`
}

// The key results: the network's, then each stock point's.
var (
	networkKPIs = []string{"fill_rate", "lost_rate", "units_lost", "avg_backorders", "cost_total"}
	stockKPIs   = []string{"fill_rate", "backorder_rate", "lost_rate", "cycle_service_level", "avg_on_hand", "cost_total"}
	// labels name them in words, for the page's headings and sentences.
	labels = map[string]string{"fill_rate": "fill rate", "backorder_rate": "backordered", "lost_rate": "lost sales",
		"units_lost": "units lost", "avg_backorders": "backorders", "cycle_service_level": "cycle service level",
		"avg_on_hand": "on hand", "cost_total": "cost per day"}
)

// results turns a run into a Response, paired with the previous run when
// it had the same file, seed and replications.
func results(req Request, res *sim.Results, settings []Setting) Response {
	m := res.Model
	r := Response{File: req.File, Name: m.Name, Description: m.Description, Seed: m.Seed, Replications: m.Replications,
		HorizonDays: m.Horizon, WarmupDays: m.Warmup, Settings: settings, Events: res.KernelEvents}
	r.Pairing = Pairing{File: req.File, Seed: m.Seed, Replications: m.Replications, Settings: settings, Values: map[string][]Num{}}
	for _, name := range networkKPIs {
		i := sim.NetworkMetricIndex(name)
		r.Network = append(r.Network, r.kpi("network."+name, sim.NetworkMetrics[i], res.Network[i]))
	}
	customers := map[string]bool{}
	for _, d := range m.Demands {
		customers[d.At+"/"+d.SKU] = true
	}
	for i, s := range res.Stocks {
		if i == maxStocks {
			r.MoreStocks = len(res.Stocks) - maxStocks
			break
		}
		st := Stock{Name: s.At + "/" + s.SKU, OnHand: band(s.OnHand), Backlog: band(s.Backorders), Position: band(s.Position).Mean}
		st.Customer = customers[st.Name]
		for _, name := range stockKPIs {
			j := sim.MetricIndex(name)
			st.KPIs = append(st.KPIs, r.kpi(st.Name+"."+name, sim.Metrics[j], s.Metrics[j]))
		}
		r.Stocks = append(r.Stocks, st)
	}
	r.pair(req.Previous)
	return r
}

// kpi makes a KPI and keeps its values for the next run's pairing.
func (r *Response) kpi(id string, m sim.Metric, s stats.Summary) KPI {
	r.Pairing.Values[id] = nums(s.Values)
	return KPI{ID: id, Metric: m.Name, Label: labels[m.Name], Unit: m.Unit, Better: m.Better,
		Mean: Num(s.Mean), CI95: Num(s.CI95), Text: meanCI(s.Mean, s.CI95, m.Unit)}
}

// pair sets each KPI's change from the previous run: a paired t interval,
// valid because the same seed and replications give every random stream
// the same draws (common random numbers).
func (r *Response) pair(prev *Pairing) {
	switch {
	case prev == nil:
		return
	case prev.File != r.File:
		r.Note = "first run of this lesson"
		return
	case prev.Seed != r.Seed || prev.Replications != r.Replications:
		r.Note = "not compared with the previous run: its seed or replications differ, so the replications are not paired"
		return
	}
	r.Paired = true
	r.Changed = changed(prev.Settings, r.Settings)
	for i := range r.Network {
		k := &r.Network[i]
		k.Change = diff(prev.Values[k.ID], r.Pairing.Values[k.ID], *k)
		if k.Change != nil && (k.Change.Verdict != "noise" && k.Change.Verdict != "same") {
			r.Effects = append(r.Effects, effect(k))
		}
	}
	for i := range r.Stocks {
		for j := range r.Stocks[i].KPIs {
			k := &r.Stocks[i].KPIs[j]
			k.Change = diff(prev.Values[k.ID], r.Pairing.Values[k.ID], *k)
		}
	}
}

// diff is the paired difference now - base, or nil when there are not two
// pairs.
func diff(base []Num, now []Num, k KPI) *Diff {
	if len(base) != len(now) {
		return nil
	}
	t, ok := stats.PairedT(floats(base), floats(now))
	if !ok {
		return nil
	}
	d := &Diff{Diff: Num(t.Diff), CI95: Num(t.CI95())}
	d.Text = signed(t.Diff, t.CI95(), k.Unit)
	switch up := t.Diff > 0; {
	case t.SE == 0 && t.Diff == 0:
		d.Verdict, d.Text = "same", "identical"
	case math.Abs(t.Diff) <= t.CI95():
		d.Verdict = "noise"
	case k.Better == "none" && up:
		d.Verdict = "up"
	case k.Better == "none":
		d.Verdict = "down"
	case up == (k.Better == "higher"):
		d.Verdict = "better"
	default:
		d.Verdict = "worse"
	}
	return d
}

// changed names the knobs that moved: "Order-up-to level S 12 → 17".
func changed(prev, now []Setting) string {
	var parts []string
	for _, s := range now {
		for _, p := range prev {
			if p.Name == s.Name && p.Text != s.Text {
				parts = append(parts, fmt.Sprintf("%s %s → %s", s.Label, p.Text, s.Text))
			}
		}
	}
	if len(parts) == 0 {
		return "Since the previous run"
	}
	return strings.Join(parts, ", ")
}

// effect says what a change did: "fill rate rose by 3.1 points ± 0.4".
func effect(k *KPI) string {
	verb := "rose"
	if k.Change.Diff < 0 {
		verb = "fell"
	}
	return fmt.Sprintf("%s %s by %s", k.Label, verb, unsigned(float64(k.Change.Diff), float64(k.Change.CI95), k.Unit))
}

// meanCI writes a mean and its interval: shares as percentages
// ("69.7% ± 1.2"), other figures as they are ("2.53 ± 0.05").
func meanCI(mean, ci float64, unit string) string {
	if math.IsNaN(mean) {
		return "–"
	}
	if unit == "share" {
		text := stats.MeanCI(stats.Summary{Mean: mean * 100, CI95: ci * 100})
		v, rest, _ := strings.Cut(text, " ")
		return v + "% " + rest
	}
	return stats.MeanCI(stats.Summary{Mean: mean, CI95: ci})
}

// signed writes a difference: "+3.1 points ± 0.4" for a share, "-2.4 ± 0.3"
// otherwise.
func signed(d, ci float64, unit string) string {
	s := unsigned(d, ci, unit)
	if d >= 0 {
		return "+" + s
	}
	return "−" + s
}

func unsigned(d, ci float64, unit string) string {
	if unit == "share" {
		return withUnit(stats.MeanCI(stats.Summary{Mean: math.Abs(d) * 100, CI95: ci * 100}), "points")
	}
	return stats.MeanCI(stats.Summary{Mean: math.Abs(d), CI95: ci})
}

// withUnit puts a unit after the mean: "3.1 points ± 0.4".
func withUnit(text, unit string) string {
	v, rest, _ := strings.Cut(text, " ")
	return v + " " + unit + " " + rest
}

func band(b sim.Band) Band {
	mean, p10, p90 := b.Values()
	return Band{Mean: num32s(mean), P10: num32s(p10), P90: num32s(p90)}
}

// Num is a float64 that writes NaN (an undefined value, such as the wait
// of a replication without backorders) as JSON null, and reads null back
// as NaN; other values round-trip exactly.
type Num float64

func (n Num) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(n), 'g', -1, 64), nil
}

func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	x, err := strconv.ParseFloat(string(b), 64)
	*n = Num(x)
	return err
}

// Num32 is a chart's value: written with float32's shortest digits,
// which is all a chart draws, so the series stay small.
type Num32 float64

func (n Num32) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(n), 'g', -1, 32), nil
}

func nums(xs []float64) []Num {
	out := make([]Num, len(xs))
	for i, x := range xs {
		out[i] = Num(x)
	}
	return out
}

func num32s(xs []float64) []Num32 {
	out := make([]Num32, len(xs))
	for i, x := range xs {
		out[i] = Num32(x)
	}
	return out
}

func floats(xs []Num) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}
