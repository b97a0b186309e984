package html

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// impactTable shows what each disruption changed for the network's
// customers: the run minus its twin without the disruption, per
// replication. Without twins (--no-impact) it shows the calendar windows'
// fill rates instead, which say when service fell, not why.
func impactTable(res *sim.Results) table {
	ds := res.Disruptions
	if len(ds) == 0 {
		return table{}
	}
	if ds[0].Impact == nil {
		t := table{Head: []string{"Disruption", "Type", "Per run", "Fill before", "Fill during"}}
		for _, d := range ds {
			t.Rows = append(t.Rows, row{Cells: []cell{{Text: d.Name}, {Text: d.Type.String()},
				unitCell(d.Occurrences), pctCell(d.FillBefore), pctCell(d.FillDuring)}})
		}
		return t
	}
	t := table{Head: []string{"Disruption", "Type", "Backordered", "Lost", "Fill lost",
		"Cost", "Peak", "Starts after (days)", "Recovery (days)"}}
	for _, d := range ds {
		t.Rows = append(t.Rows, impactRow(d.Name, d.Type.String(), d.Impact.Network))
		t.Rows = append(t.Rows, stockImpactRows(res, d.Impact)...)
	}
	if all := res.AllDisruptions; all != nil {
		t.Rows = append(t.Rows, impactRow("All together", "", all.Network))
	}
	return t
}

// maxImpactStocks is how many stock points the impact table lists under
// each disruption, hardest hit first.
const maxImpactStocks = 5

// stockImpactRows lists the stock points a disruption hit, by extra units
// backordered and lost, when it hit more than one: the network row is
// their customers' sum.
func stockImpactRows(res *sim.Results, im *sim.Impact) []row {
	hit := func(f sim.ImpactFigures) float64 { return f.Backordered.Mean + f.Lost.Mean }
	var order []int
	for i, f := range im.Stocks {
		if hit(f) > 0 {
			order = append(order, i)
		}
	}
	if len(order) < 2 {
		return nil
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(hit(im.Stocks[b]), hit(im.Stocks[a])) })
	var rows []row
	for _, i := range order[:min(len(order), maxImpactStocks)] {
		r := impactRow("· "+res.Stocks[i].At+"/"+res.Stocks[i].SKU, "", im.Stocks[i])
		r.Notes = nil
		rows = append(rows, r)
	}
	return rows
}

func impactRow(name, typ string, f sim.ImpactFigures) row {
	r := row{Cells: []cell{{Text: name}, {Text: typ},
		unitCell(f.Backordered), unitCell(f.Lost), pctCell(f.FillLost), unitCell(f.Cost),
		unitCell(f.PeakBackorders), unitCell(f.TimeToImpact), unitCell(f.Recovery)}}
	switch n := f.NotRecovered; {
	case n == 1:
		r.Notes = append(r.Notes, "In one replication the difference lasted to the horizon: left out of the recovery time.")
	case n > 1:
		r.Notes = append(r.Notes, fmt.Sprintf("In %d replications the difference lasted to the horizon: left out of the recovery time.", n))
	}
	return r
}

// impactCharts draws, per disruption, the network's extra backorders day by
// day (run minus twin): the mean across replications over its 10th to 90th
// percentile band, with the disruption's windows shaded.
func (b *builder) impactCharts(p *page) {
	res := b.res
	for i, d := range res.Disruptions {
		if d.Impact == nil || d.Impact.Network.Diff.Days() == 0 {
			continue
		}
		var shades []shade
		for _, w := range d.Windows {
			if w.Start < res.Model.Horizon {
				shades = append(shades, shade{start: w.Start, end: math.Min(w.End, res.Model.Horizon), fill: "rgba(242,142,43,0.20)"})
			}
		}
		if len(shades) > 0 {
			shades[0].label, shades[0].text = d.Name, "#a8530a"
		}
		id := fmt.Sprintf("chart-impact-%d", i)
		rows := bandRows(&d.Impact.Network.Diff, b.opt.MaxPoints)
		p.Impacts = append(p.Impacts, b.add(chartSpec{ID: id, Kind: "series", Option: differenceOption(id, rows, res.Model.Horizon, shades), Height: 260},
			d.Name+" ("+d.Type.String()+")", impactNote(d.Impact.Network)))
	}
}

func impactNote(f sim.ImpactFigures) string {
	return fmt.Sprintf("Extra customer backorders, network-wide: this run minus the same run without the disruption. Mean extra backordered %s units; peak %s at event time.",
		stats.Num(f.Backordered.Mean), stats.Num(f.PeakBackorders.Mean))
}

// Columns of a difference dataset row: day, mean, band's lower edge, width.
const (
	diffDay = iota
	diffMean
	diffLo
	diffSpan
	nDiffCols
)

// bandRows returns a daily band as dataset rows, at most maxPoints of them
// (longer series averaged over buckets of whole days, as seriesRows does).
func bandRows(band *sim.Band, maxPoints int) [][nDiffCols]jsonNum {
	days := band.Days()
	k := (days + maxPoints - 1) / maxPoints
	rows := make([][nDiffCols]jsonNum, 0, (days+k-1)/k)
	for a := 0; a < days; a += k {
		b := min(a+k, days)
		mean, lo, hi := bucket(band, a, b)
		rows = append(rows, [nDiffCols]jsonNum{jsonNum(float64(a+b-1) / 2), jsonNum(mean), jsonNum(lo), jsonNum(hi - lo)})
	}
	return rows
}

// differenceOption draws one band over days 0..horizon in a single panel.
func differenceOption(id string, rows [][nDiffCols]jsonNum, horizon float64, shades []shade) map[string]any {
	line := charts.NewLine()
	line.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "24", Top: "36", Bottom: "40"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: jsonNum(horizon), Name: "day", NameLocation: "middle", NameGap: 24,
			SplitLine: &opts.SplitLine{Show: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "extra backorders", NameLocation: "middle", NameGap: 46, SplitNumber: 4}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Top: "0"}),
	)...)
	addBand(line, "Extra backorders (run − twin)", red, diffMean, 0)
	o := optionOf(line)
	o["dataset"] = map[string]any{"source": rows}
	for i, s := range o["series"].([]any) {
		s := s.(map[string]any)
		delete(s, "data")
		if i == 2 {
			s["markArea"] = markAreas(shades, true)
		} else {
			s["stackStrategy"] = "all" // the band may lie below zero
		}
	}
	return o
}
