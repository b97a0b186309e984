package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// tableColumns are the KPIs of the terminal table, as (metric, heading).
var tableColumns = []struct{ metric, heading string }{
	{"fill_rate", "fill rate"},
	{"backorder_rate", "backordered"},
	{"lost_rate", "lost"},
	{"avg_on_hand", "on hand"},
	{"avg_backorders", "backorders"},
	{"backorder_delay_days", "wait (days)"},
	{"cost_total", "cost/day"},
}

// WriteTable prints the run's headline KPIs per stock point, each as the
// mean across replications ± the 95% confidence half-width.
func WriteTable(w io.Writer, res *sim.Results) error {
	m := res.Model
	fmt.Fprintf(w, "%s\n", m.Name)
	fmt.Fprintf(w, "%d replications, seed %d, %s days (first %s days of warm-up not counted)\n\n",
		m.Replications, m.Seed, num(m.Horizon), num(m.Warmup))
	tw := newTabWriter(w, tabwriter.AlignRight)
	head := []string{"stock point"}
	for _, c := range tableColumns {
		head = append(head, c.heading)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, s := range res.Stocks {
		row := []string{s.At + "/" + s.SKU}
		for _, c := range tableColumns {
			row = append(row, Value(s.Metric(c.metric), sim.Metrics[sim.MetricIndex(c.metric)].Unit == "share"))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, section := range []func(io.Writer, *sim.Results) error{writeOutcomes, writeTargets, writeInformation, writeNetwork, writeSources, writePlants, writeImpact} {
		if err := section(w, res); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, "\nmean ± 95% confidence half-width across replications; rates are shares of units demanded.")
	return err
}

// outcomeColumns partition the units demanded at a stock point: they add
// up to 100% in every replication.
var outcomeColumns = []struct{ metric, heading string }{
	{"fill_rate", "filled at once"},
	{"filled_late_rate", "filled late"},
	{"lost_at_once_rate", "refused"},
	{"cancel_rate", "cancelled"},
	{"waiting_at_end_rate", "still waiting"},
}

// writeOutcomes prints where the units demanded went, at stock points
// where some were not filled at once: backordered = filled late +
// cancelled + still waiting, lost = refused + cancelled.
func writeOutcomes(w io.Writer, res *sim.Results) error {
	var rows []string
	for _, s := range res.Stocks {
		if fill := s.Metric("fill_rate"); s.Metric("demand_per_day").N == 0 || fill.Mean == 1 && fill.SD == 0 {
			continue
		}
		row := s.At + "/" + s.SKU
		for _, c := range outcomeColumns {
			row += "\t" + Value(s.Metric(c.metric), true)
		}
		rows = append(rows, row+"\t")
	}
	if len(rows) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nwhere the units demanded went (these add up to 100%):")
	tw := newTabWriter(w, tabwriter.AlignRight)
	head := "stock point"
	for _, c := range outcomeColumns {
		head += "\t" + c.heading
	}
	fmt.Fprintln(tw, head+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, r)
	}
	return tw.Flush()
}

// writeTargets sets the service each derived policy was sized for beside
// the service it achieved.
func writeTargets(w io.Writer, res *sim.Results) error {
	var rows []string
	for i, d := range res.Derivations {
		if d.TargetMetric == "" {
			continue
		}
		s := &res.Stocks[i]
		rows = append(rows, fmt.Sprintf("%s/%s\t%s\t%s\t%s\t", s.At, s.SKU, strings.ReplaceAll(d.TargetMetric, "_", " "),
			Value(stats.Summary{Mean: d.Target, CI95: math.NaN(), N: 1}, true), Value(s.Metric(d.TargetMetric), true)))
	}
	if len(rows) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nsafety stock sized for a target:")
	tw := newTabWriter(w, tabwriter.AlignRight)
	fmt.Fprintln(tw, "stock point\tmeasured by\ttarget\tachieved\t")
	for _, r := range rows {
		fmt.Fprintln(tw, r)
	}
	return tw.Flush()
}

// writeImpact prints what each disruption changed, network-wide: the run
// minus its twin without the disruption, replication by replication.
func writeImpact(w io.Writer, res *sim.Results) error {
	ds := res.Disruptions
	if len(ds) == 0 {
		return nil
	}
	if ds[0].Impact == nil {
		_, err := fmt.Fprintln(w, "\ndisruptions: impact not measured (--no-impact); see the report for their windows.")
		return err
	}
	fmt.Fprintln(w, "\nwhat each disruption changed for the network's customers (extra units, cost and peak backorders: this run minus the same run without it, on the same random numbers):")
	tw := newTabWriter(w, tabwriter.AlignRight)
	fmt.Fprintln(tw, "disruption\ttype\tbackordered\tlost\tfill lost\tcost\tpeak\tstarts after (days)\trecovery (days)\t")
	for _, d := range ds {
		fmt.Fprintln(tw, impactRow(d.Name, d.Type.String(), d.Impact.Network))
	}
	if all := res.AllDisruptions; all != nil {
		fmt.Fprintln(tw, impactRow("all together", "", all.Network))
	}
	return tw.Flush()
}

func impactRow(name, typ string, f sim.ImpactFigures) string {
	recovery := Value(f.Recovery, false)
	if f.NotRecovered > 0 {
		recovery += fmt.Sprintf(" (%d not recovered)", f.NotRecovered)
	}
	return strings.Join([]string{name, typ, Value(f.Backordered, false), Value(f.Lost, false), Value(f.FillLost, true),
		Value(f.Cost, false), Value(f.PeakBackorders, false), Value(f.TimeToImpact, false), recovery}, "\t") + "\t"
}

// Value writes a summary as mean ± 95% half-width: "93.42% ± 1.23" for
// shares (in percent), "20.36 ± 0.33" otherwise, "-" when undefined.
func Value(s stats.Summary, share bool) string {
	if s.N == 0 || math.IsNaN(s.Mean) {
		return "-"
	}
	scale, unit := 1.0, ""
	if share {
		scale, unit = 100, "%"
	}
	if math.IsNaN(s.CI95) {
		return fmt.Sprintf("%.2f%s", s.Mean*scale, unit)
	}
	return fmt.Sprintf("%.2f%s ± %.2f", s.Mean*scale, unit, s.CI95*scale)
}

func num(x float64) string { return fmt.Sprintf("%g", x) }
