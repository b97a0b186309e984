package html

import (
	"math"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// rowBar is one bar of a rows chart: a mean with its 95% interval and,
// for a change, the wider interval an unpaired comparison would give.
type rowBar struct {
	mean, lo, hi   float64
	lo2, hi2       float64 // second, lighter whisker; NaN for none
	color, tooltip string  // tooltip: extra text under the value
}

// rowBars draws one horizontal bar per label with whiskers, in the units
// of the axis (unit is "%" for percent, "pp" for percentage points, "" for
// others). The axis starts at axisMin when given (a percent axis need not
// start at zero), else it holds zero.
func rowBars(id string, labels []string, bars []rowBar, unit string, axisMin any) chartSpec {
	bar := charts.NewBar()
	x := opts.XAxis{Type: "value"} // bars start at zero, so the axis holds it
	if axisMin != nil {
		x.Min = axisMin
	}
	if unit != "" {
		x.AxisLabel = &opts.AxisLabel{Formatter: types.FuncStr("{value}" + map[string]string{"%": "%", "pp": " pp"}[unit])}
	}
	bar.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "36", Top: "12", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(x),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)...)
	data := make([]opts.BarData, len(bars))
	whiskers := make([]any, len(bars))
	tips := make([]string, len(bars))
	for i, b := range bars {
		data[i] = opts.BarData{Value: jsonNum(b.mean), ItemStyle: &opts.ItemStyle{Color: b.color}}
		whiskers[i] = []jsonNum{jsonNum(b.lo), jsonNum(b.hi), jsonNum(b.lo2), jsonNum(b.hi2), jsonNum(i)}
		tips[i] = b.tooltip
	}
	bar.SetXAxis(labels).XYReversal()
	bar.AddSeries("mean", data, charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "30%"}))
	o := optionOf(bar)
	// The page's script draws the whiskers (renderItem is a function):
	// the paired interval dark, the unpaired one grey just above it.
	o["series"] = append(o["series"].([]any), map[string]any{
		"type": "custom", "name": "95% CI", "silent": true, "z": 3, "data": whiskers,
		"encode": map[string]any{"x": []int{0, 1, 2, 3}, "y": 4},
	})
	o["_unit"], o["_tips"] = unit, tips
	return chartSpec{ID: id, Kind: "rows", Option: o, Height: barHeight(len(labels))}
}

// overlayLine is one run's daily mean of a quantity.
type overlayLine struct {
	name, color string
	onHand      []float64 // per day
	backorders  []float64
}

// overlaySeries draws several runs' daily means in two panels sharing the
// time axis: on hand above, backorders below; the warm-up shaded.
func overlaySeries(id string, lines []overlayLine, horizon, warmup float64, maxPoints int) chartSpec {
	line := twoPanelLine(id, horizon, "on hand", "52%", "20%")
	for _, l := range lines {
		for grid, ys := range [][]float64{l.onHand, l.backorders} {
			line.AddSeries(l.name, points(ys, maxPoints),
				charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false), XAxisIndex: grid, YAxisIndex: grid}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: l.color}),
				charts.WithLineStyleOpts(opts.LineStyle{Width: 1.4}))
		}
	}
	o := optionOf(line)
	if warmup > 0 && len(lines) > 0 {
		shades := []shade{{label: "warm-up", start: 0, end: math.Min(warmup, horizon), fill: "rgba(121,112,110,0.16)", text: "#555"}}
		series(o, 0)["markArea"] = markAreas(shades, true)
		series(o, 1)["markArea"] = markAreas(shades, false)
	}
	return chartSpec{ID: id, Kind: "overlay", Option: o, Height: 340}
}

// points turns a daily series into [day, value] pairs, averaging buckets
// of whole days when it is longer than maxPoints.
func points(ys []float64, maxPoints int) []opts.LineData {
	k := (len(ys) + maxPoints - 1) / max(maxPoints, 1)
	k = max(k, 1)
	var out []opts.LineData
	for a := 0; a < len(ys); a += k {
		b := min(a+k, len(ys))
		var sum float64
		for _, y := range ys[a:b] {
			sum += y
		}
		out = append(out, opts.LineData{Value: []jsonNum{jsonNum(float64(a+b-1) / 2), jsonNum(sum / float64(b-a))}})
	}
	return out
}

// scatterPoint is one point of a frontier or target chart, with its 95%
// intervals in both directions (NaN for none).
type scatterPoint struct {
	label        string
	x, y         float64
	xlo, xhi     float64
	ylo, yhi     float64
	frontier     bool
	chosen       bool
	meetsTarget  bool
	tooltipLines []string
}

// frontierChart draws the trade-off: cost or inventory across, fill rate
// (percent) up, every setting a labelled point with its intervals, the
// efficient frontier joined, the chosen setting ringed and the target
// drawn across.
func frontierChart(id, xName, what string, pts []scatterPoint, target float64) chartSpec {
	sc := charts.NewScatter()
	sc.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "40", Top: "40", Bottom: "50"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: xName, NameLocation: "middle", NameGap: 30, Scale: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "fill rate", NameLocation: "middle", NameGap: 46, Scale: opts.Bool(true), Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Top: "0"}),
	)...)
	var all, front, chosen []opts.ScatterData
	var frontier []scatterPoint
	for _, p := range pts {
		d := opts.ScatterData{Name: p.label, Value: []jsonNum{jsonNum(p.x), jsonNum(p.y)}}
		all = append(all, d)
		if p.frontier {
			frontier = append(frontier, p)
		}
		if p.chosen {
			chosen = append(chosen, d)
		}
	}
	sort.SliceStable(frontier, func(i, j int) bool { return frontier[i].x < frontier[j].x })
	for _, p := range frontier {
		front = append(front, opts.ScatterData{Name: p.label, Value: []jsonNum{jsonNum(p.x), jsonNum(p.y)}})
	}
	label := &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "{b}"}
	sc.AddSeries(what, all, charts.WithItemStyleOpts(opts.ItemStyle{Color: grey}),
		charts.WithLabelOpts(*label))
	sc.AddSeries("efficient frontier", front, charts.WithItemStyleOpts(opts.ItemStyle{Color: blue}))
	if len(chosen) > 0 {
		sc.AddSeries("cheapest meeting the target", chosen, charts.WithItemStyleOpts(opts.ItemStyle{Color: orange}))
	}
	o := optionOf(sc)
	series(o, 0)["symbolSize"] = 7
	series(o, 0)["labelLayout"] = map[string]any{"hideOverlap": true}
	f := series(o, 1)
	f["type"], f["symbolSize"], f["lineStyle"] = "line", 9, map[string]any{"width": 2}
	if len(chosen) > 0 {
		series(o, 2)["symbolSize"] = 18
		series(o, 2)["itemStyle"] = map[string]any{"color": "rgba(0,0,0,0)", "borderColor": orange, "borderWidth": 3}
	}
	if !math.IsNaN(target) {
		series(o, 0)["markLine"] = map[string]any{"silent": true, "symbol": "none",
			"lineStyle": map[string]any{"color": red, "type": "dashed"},
			"label":     map[string]any{"formatter": "target", "position": "insideEndTop"},
			"data":      []any{map[string]any{"yAxis": jsonNum(target)}}}
	}
	addErrorBars(o, pts)
	return chartSpec{ID: id, Kind: "scatter", Option: o, Height: 460}
}

// achievedChart draws target against achieved service, with the diagonal
// where they agree.
func achievedChart(id, yName string, pts []scatterPoint) chartSpec {
	sc := charts.NewScatter()
	sc.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "40", Top: "40", Bottom: "50"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "target", NameLocation: "middle", NameGap: 30, Scale: opts.Bool(true), Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName, NameLocation: "middle", NameGap: 46, Scale: opts.Bool(true), Max: 100,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Top: "0"}),
	)...)
	var data []opts.ScatterData
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		data = append(data, opts.ScatterData{Name: p.label, Value: []jsonNum{jsonNum(p.x), jsonNum(p.y)}})
		lo, hi = math.Min(lo, math.Min(p.x, p.ylo)), math.Max(hi, math.Max(p.x, p.yhi))
	}
	sc.AddSeries("achieved", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: blue}))
	sc.AddSeries("achieved = target", []opts.ScatterData{
		{Value: []jsonNum{jsonNum(lo), jsonNum(lo)}}, {Value: []jsonNum{jsonNum(hi), jsonNum(hi)}},
	}, charts.WithItemStyleOpts(opts.ItemStyle{Color: grey}))
	o := optionOf(sc)
	series(o, 0)["symbolSize"] = 8
	d := series(o, 1)
	d["type"], d["symbol"], d["silent"] = "line", "none", true
	d["lineStyle"] = map[string]any{"type": "dashed", "color": grey}
	addErrorBars(o, pts)
	return chartSpec{ID: id, Kind: "scatter", Option: o, Height: 400}
}

// addErrorBars adds a custom series of whiskers, which the page's script
// draws (its renderItem is a function, so it cannot travel as JSON).
func addErrorBars(o map[string]any, pts []scatterPoint) {
	data := make([]any, len(pts))
	tips := make([][]string, len(pts))
	for i, p := range pts {
		data[i] = []jsonNum{jsonNum(p.x), jsonNum(p.y), jsonNum(p.xlo), jsonNum(p.xhi), jsonNum(p.ylo), jsonNum(p.yhi)}
		tips[i] = p.tooltipLines
	}
	o["series"] = append(o["series"].([]any), map[string]any{
		"type": "custom", "name": "95% CI", "silent": true, "z": 1, "data": data,
		"encode":    map[string]any{"x": []int{0, 2, 3}, "y": []int{1, 4, 5}},
		"itemStyle": map[string]any{"color": "#666"},
	})
	o["_tips"] = tips
}
