package html

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/supplysim/supplysim/sim/stats"
)

// maxWaitGroups caps the stock points on the waiting-time histogram.
const maxWaitGroups = 6

// waitCharts draws the histogram of backorder waits and the lost versus
// cancelled units.
func (b *builder) waitCharts(p *page) {
	b.waitHistogram(p)
	b.outcomesChart(p)
	b.lostChart(p)
}

func (b *builder) waitHistogram(p *page) {
	var shown []int // worst first, those with backorders
	for _, i := range b.order {
		if b.res.Stocks[i].Delays.Total > 0 {
			shown = append(shown, i)
		}
	}
	if len(shown) == 0 {
		p.Waits = chartRef{Title: "Backorder waits", Note: "No units were backordered after the warm-up."}
		return
	}
	omitted := 0
	if len(shown) > maxWaitGroups {
		// Keep the stock points with the most backordered units, in worst-first order.
		byUnits := slices.Clone(shown)
		slices.SortStableFunc(byUnits, func(x, y int) int {
			return cmp.Compare(b.res.Stocks[y].Delays.Total, b.res.Stocks[x].Delays.Total)
		})
		keep := byUnits[:maxWaitGroups]
		omitted = len(shown) - maxWaitGroups
		shown = slices.DeleteFunc(shown, func(i int) bool { return !slices.Contains(keep, i) })
	}
	hists := make([]*stats.Histogram, len(shown))
	for k, i := range shown {
		hists[k] = &b.res.Stocks[i].Delays
	}
	width, n, inHours := displayBins(hists)
	bins := binLabels(width, n, inHours)
	groups := make([]layer, len(shown))
	for k, i := range shown {
		groups[k] = layer{name: b.labels[i], color: palette[k%len(palette)], values: mergeBins(hists[k], width, n)}
	}
	unit := "days"
	if inHours {
		unit = "hours"
	}
	note := "Time from demand to shipment of backordered units, pooled over all replications; each stock point's bars add up to 100%."
	if omitted > 0 {
		note += fmt.Sprintf(" Showing the %d stock points with the most backordered units; %d more are in the summary table.", maxWaitGroups, omitted)
	}
	p.Waits = b.add(histogram("chart-waits", "wait ("+unit+")", "share of backordered units", bins, groups), "Backorder waits", note)
}

// displayBins picks a bin width (a whole number of the histograms' own
// bins) so that 99% of the pooled waits fall in at most 16 bins; the last
// bin also holds everything longer. It returns the width in days, the
// number of bins, and whether labels read better in hours.
func displayBins(hs []*stats.Histogram) (width float64, n int, inHours bool) {
	pooled := stats.NewHistogram(hs[0].Width)
	for _, h := range hs {
		pooled.Merge(h)
	}
	p99 := pooled.Quantile(0.99)
	base := hs[0].Width
	for _, w := range []float64{1.0 / 24, 2.0 / 24, 3.0 / 24, 6.0 / 24, 12.0 / 24, 1, 2, 3, 7, 14, 28, 56, 91, 182, 365, 730} {
		if w < base*0.999 {
			continue
		}
		width = base * math.Round(w/base)
		if n = int(math.Ceil(p99/width + 1e-9)); n <= 16 {
			break
		}
	}
	n = max(n, 1)
	return width, n, width < 1 && p99 < 2
}

// mergeBins regroups a histogram into n bins of the given width, as shares
// (percent) of its total; the last bin takes everything beyond.
func mergeBins(h *stats.Histogram, width float64, n int) []float64 {
	out := make([]float64, n)
	per := int(math.Round(width / h.Width))
	for k, c := range h.Counts {
		out[min(k/per, n-1)] += c
	}
	for j := range out {
		out[j] = out[j] / h.Total * 100
	}
	return out
}

func binLabels(width float64, n int, inHours bool) []string {
	scale := 1.0
	if inHours {
		scale = 24
	}
	labels := make([]string, n)
	for j := range labels {
		lo, hi := float64(j)*width*scale, float64(j+1)*width*scale
		labels[j] = trimNum(lo) + "–" + trimNum(hi)
		if j == n-1 && n > 1 {
			labels[j] = "≥ " + trimNum(lo)
		}
	}
	return labels
}

func trimNum(x float64) string { return fmt.Sprint(math.Round(x*100) / 100) }

// outcomesChart stacks where the units demanded went at each stock point,
// worst fill rate first: the five shares add up to 100%.
func (b *builder) outcomesChart(p *page) {
	parts := []struct{ metric, label, color string }{
		{"fill_rate", "Filled at once", blue},
		{"filled_late_rate", "Filled late (backordered)", yellow},
		{"lost_at_once_rate", "Refused (lost at once)", orange},
		{"cancel_rate", "Cancelled while waiting", purple},
		{"waiting_at_end_rate", "Still waiting at the horizon", grey},
	}
	var labels []string
	layers := make([]layer, len(parts))
	for j, q := range parts {
		layers[j] = layer{name: q.label, color: q.color}
	}
	for _, i := range b.charted() {
		sr := &b.res.Stocks[i]
		if sr.Metric("demand_per_day").N == 0 {
			continue
		}
		labels = append(labels, b.labels[i])
		for j, q := range parts {
			layers[j].values = append(layers[j].values, sr.Metric(q.metric).Mean*100)
		}
	}
	const title = "Where the units demanded went"
	if len(labels) == 0 {
		p.Outcomes = chartRef{Title: title, Note: "No demand arrived after the warm-up."}
		return
	}
	p.Outcomes = b.add(stackedBars("chart-outcomes", "share of units demanded", "%", labels, layers), title,
		"Each unit demanded ends one way, so the segments add up to 100%: filled at once (the fill rate), filled late, refused, cancelled, or still waiting when the run ends. Backordered = filled late + cancelled + still waiting; lost = refused + cancelled.")
}

func (b *builder) lostChart(p *page) {
	labels := make([]string, len(b.charted()))
	atOnce, cancelled := make([]float64, len(b.charted())), make([]float64, len(b.charted()))
	someLost := false
	for k, i := range b.charted() {
		sr := &b.res.Stocks[i]
		lost, canc := sr.Metric("lost_rate").Mean, sr.Metric("cancel_rate").Mean
		labels[k], atOnce[k], cancelled[k] = b.labels[i], (lost-canc)*100, canc*100
		someLost = someLost || lost > 0
	}
	const title = "Lost and cancelled units"
	if !someLost {
		p.Lost = chartRef{Title: title, Note: "No units were lost: every short customer waited for stock."}
		return
	}
	p.Lost = b.add(stackedBars("chart-lost", "share of units demanded", "%", labels, []layer{
		{"Lost at once (customer would not wait)", orange, atOnce},
		{"Cancelled after waiting", purple, cancelled},
	}), title, "Lost units as a share of units demanded, worst fill rate first: customers who left at once, and waiting customers who cancelled what was still unfilled.")
}

// costChart stacks the five cost components per stock point, in model
// order; a network of more than maxCharted stock points shows those with
// the highest total cost, highest first.
func (b *builder) costChart(p *page) {
	names := []struct{ metric, label, color string }{
		{"cost_holding", "Holding", blue},
		{"cost_backorder", "Backorders", red},
		{"cost_lost_sales", "Lost sales", orange},
		{"cost_ordering", "Ordering", teal},
		{"cost_transport", "Transport", green},
	}
	shown := make([]int, len(b.res.Stocks))
	for i := range shown {
		shown[i] = i
	}
	order := "in scenario order"
	if len(shown) > maxCharted {
		shown = b.top(func(i int) float64 { return b.res.Stocks[i].Metric("cost_total").Mean })
		order = fmt.Sprintf("for the %d stock points with the highest total cost per day (of %d; the summary table lists every one), highest first", len(shown), len(b.res.Stocks))
	}
	layers := make([]layer, len(names))
	total := 0.0
	for j, n := range names {
		layers[j] = layer{name: n.label, color: n.color, values: make([]float64, len(shown))}
		for k, i := range shown {
			v := b.res.Stocks[i].Metric(n.metric).Mean
			layers[j].values[k] = v
			if !math.IsNaN(v) {
				total += v
			}
		}
	}
	const title = "Costs per day"
	if total == 0 {
		p.Costs = chartRef{Title: title, Note: "The scenario sets no costs."}
		return
	}
	p.Costs = b.add(stackedBars("chart-costs", "cost per day", "", b.pick(shown), layers), title,
		"Mean cost per day after the warm-up, by component, "+order+". Holding = on hand × unit cost × holding rate / 365; backorders = units waiting × backorder cost per day; lost sales, ordering and transport per unit or order.")
}
