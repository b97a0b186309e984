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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
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
	if err := writeDisruptions(w, res.Disruptions); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nmean ± 95% confidence half-width across replications; rates are shares of units demanded.")
	return err
}

// writeDisruptions prints each disruption's effect on the network's
// customer service, per occurrence.
func writeDisruptions(w io.Writer, ds []sim.DisruptionResult) error {
	if len(ds) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\ndisruptions (customer service, network-wide, per occurrence):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "disruption\ttype\tper rep\tfill before\tfill during\tpeak backorders\tunit-days\trecovery (days)\t")
	for _, d := range ds {
		im := d.NetworkImpact()
		recovery := Value(im.Recovery, false)
		if im.NotRecovered > 0 {
			recovery += fmt.Sprintf(" (%d not recovered)", im.NotRecovered)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", d.Name, d.Type,
			Value(d.Occurrences, false), Value(d.FillBefore, true), Value(d.FillDuring, true),
			Value(im.PeakBackorders, false), Value(im.BackorderDays, false), recovery)
	}
	return tw.Flush()
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
