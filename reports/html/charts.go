package html

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/supplysim/supplysim/sim/stats"
)

// chartSpec is one chart of the page: the id of its element and its
// ECharts option. Kind names the finishing touches the page's script adds
// (tooltip formatters, which are functions and so cannot travel as JSON).
type chartSpec struct {
	ID     string         `json:"id"`
	Kind   string         `json:"kind"` // "plain", "ci" (bars with CI whiskers) or "series"
	Option map[string]any `json:"option,omitempty"`
	// Choices, when set, are the options a selector switches between; the
	// chart starts with the first.
	Choices []map[string]any `json:"choices,omitempty"`
	// Rows, when set, are the choices' datasets in compact form (see
	// compactRows); Option is then the template every choice is drawn in.
	Rows []json.RawMessage `json:"rows,omitempty"`
	// Select is the id of the selector element that switches the choices;
	// empty means ID + "-select".
	Select string `json:"select,omitempty"`
	Height int    `json:"-"` // pixels
}

// Colours, from the Tableau 10 palette: distinct, and readable by most
// colour-blind readers.
const (
	blue   = "#4e79a7"
	orange = "#f28e2b"
	red    = "#e15759"
	teal   = "#76b7b2"
	green  = "#59a14f"
	yellow = "#edc948"
	purple = "#b07aa1"
	grey   = "#79706e"
)

var palette = []string{blue, orange, red, teal, green, yellow, purple, "#ff9da7", "#9c755f", "#bab0ac"}

// echart is what go-echarts' rectangular charts have in common.
type echart interface {
	Validate()
	JSON() map[string]any
}

// optionOf returns a chart's ECharts option as plain JSON values, ready for
// the few keys go-echarts has no field for. Every number reaching
// go-echarts is a jsonNum (never NaN), so marshalling cannot fail.
func optionOf(c echart) map[string]any {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		panic("reports: chart option does not marshal: " + err.Error())
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic("reports: chart option does not unmarshal: " + err.Error())
	}
	return m
}

// series returns the i-th series of an option, for keys go-echarts lacks.
func series(m map[string]any, i int) map[string]any {
	return m["series"].([]any)[i].(map[string]any)
}

func globals(id string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithAnimation(false),
		charts.WithInitializationOpts(opts.Initialization{ChartID: id}),
	}
}

func barHeight(rows int) int { return max(120, 60+26*rows) }

// ciBars draws one bar per stock point, in the given order, with a whisker
// for the 95% confidence interval; shares are shown in percent. The value
// axis starts at axisMin percent.
func ciBars(id, name, color string, labels []string, sums []stats.Summary, axisMin float64) chartSpec {
	return whiskerBars(id, name, color, labels, sums, 100, opts.XAxis{Type: "value", Min: axisMin, Max: 100,
		AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}})
}

// unitBars is ciBars for figures in their own unit (units, money per
// day), on an axis from zero.
func unitBars(id, name, color string, labels []string, sums []stats.Summary) chartSpec {
	return whiskerBars(id, name, color, labels, sums, 1, opts.XAxis{Type: "value", Min: 0})
}

// whiskerBars draws bars of means times scale with whiskers for their 95%
// confidence interval, kept on the axis (at least zero, at most its max).
func whiskerBars(id, name, color string, labels []string, sums []stats.Summary, scale float64, axis opts.XAxis) chartSpec {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "28", Top: "12", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(axis),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)...)
	top := math.Inf(1)
	if m, ok := axis.Max.(int); ok {
		top = float64(m)
	}
	bars := make([]opts.BarData, len(sums))
	whiskers := make([]opts.BoxPlotData, len(sums))
	for i, s := range sums {
		m, lo, hi := s.Mean*scale, (s.Mean-s.CI95)*scale, (s.Mean+s.CI95)*scale
		if math.IsNaN(s.CI95) {
			lo, hi = m, m
		}
		lo, hi = max(lo, 0), min(hi, top)
		bars[i] = opts.BarData{Value: jsonNum(m)}
		whiskers[i] = opts.BoxPlotData{Value: []jsonNum{jsonNum(lo), jsonNum(m), jsonNum(m), jsonNum(m), jsonNum(hi)}}
	}
	bar.SetXAxis(labels).XYReversal()
	bar.AddSeries(name, bars, charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "35%"}))
	box := charts.NewBoxPlot()
	box.AddSeries("95% CI", whiskers, charts.WithItemStyleOpts(opts.ItemStyle{Color: "rgba(0,0,0,0)", BorderColor: "#333", BorderWidth: 1.2}))
	bar.Overlap(box)
	o := optionOf(bar)
	series(o, 1)["boxWidth"] = []int{9, 9}
	return chartSpec{ID: id, Kind: "ci", Option: o, Height: barHeight(len(labels))}
}

// stackedBars draws horizontal stacked bars, one per label, one segment per
// layer. Values are already in the unit of the axis.
func stackedBars(id, axisName, unitSuffix string, labels []string, layers []layer) chartSpec {
	bar := charts.NewBar()
	axis := opts.XAxis{Type: "value", Name: axisName, NameLocation: "middle", NameGap: 28}
	if unitSuffix != "" {
		axis.AxisLabel = &opts.AxisLabel{Formatter: types.FuncStr("{value}" + unitSuffix)}
	}
	bar.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "12", Right: "28", Top: "36", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(axis),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithLegendOpts(opts.Legend{Top: "0"}),
	)...)
	bar.SetXAxis(labels).XYReversal()
	for _, l := range layers {
		data := make([]opts.BarData, len(l.values))
		for i, v := range l.values {
			data[i] = opts.BarData{Value: jsonNum(v)}
		}
		bar.AddSeries(l.name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: l.color}),
			charts.WithBarChartOpts(opts.BarChart{Stack: "total", BarCategoryGap: "35%"}))
	}
	return chartSpec{ID: id, Kind: "plain", Option: optionOf(bar), Height: barHeight(len(labels)) + 40}
}

// layer is one segment of stacked bars.
type layer struct {
	name, color string
	values      []float64
}

// histogram draws grouped bars over categories (bins), one series per group.
func histogram(id, xName, yName string, bins []string, groups []layer) chartSpec {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(opts.Grid{Left: "40", Right: "28", Top: "40", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: xName, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName, NameLocation: "middle", NameGap: 44,
			AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithLegendOpts(opts.Legend{Top: "0"}),
	)...)
	bar.SetXAxis(bins)
	for _, g := range groups {
		data := make([]opts.BarData, len(g.values))
		for i, v := range g.values {
			data[i] = opts.BarData{Value: jsonNum(v)}
		}
		bar.AddSeries(g.name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: g.color}),
			charts.WithBarChartOpts(opts.BarChart{BarGap: "10%", BarCategoryGap: "25%"}))
	}
	return chartSpec{ID: id, Kind: "plain", Option: optionOf(bar), Height: 320}
}

// shade is a shaded stretch of time on the time-series charts.
type shade struct {
	label      string
	start, end float64 // days
	fill, text string  // colours
}

// stockSeriesOption draws one stock point's daily series in two panels that
// share the time axis: on hand and inventory position above, backorders
// below; each a mean line over its p10-p90 band, with shaded stretches
// (warm-up, disruption windows).
func stockSeriesOption(id string, rows [][nCols]jsonNum, horizon float64, shades []shade) map[string]any {
	line := twoPanelLine(id, horizon, "units", "56%", "17%")
	for _, q := range []struct {
		name, color string
		col, grid   int
	}{
		{"On hand", blue, colOnHand, 0},
		{"Inventory position", green, colPosition, 0},
		{"Backorders", red, colBackorders, 1},
	} {
		addBand(line, q.name, q.color, q.col, q.grid)
	}
	o := optionOf(line)
	o["dataset"] = map[string]any{"source": rows}
	for i, s := range o["series"].([]any) {
		s := s.(map[string]any)
		delete(s, "data")
		switch {
		case i == 2 || i == 8: // the mean lines of on hand (top panel) and backorders (bottom) carry the shading
			s["markArea"] = markAreas(shades, i == 2)
		case i%3 != 2: // band edges
			s["stackStrategy"] = "all" // stack the band on a negative edge too
		}
	}
	return o
}

// addBand adds a quantity as three series: the band's lower edge (invisible),
// the band's width stacked on it (filled), and the mean line.
func addBand(line *charts.Line, name, color string, col, grid int) {
	common := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false), XAxisIndex: grid, YAxisIndex: grid}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
	}
	stack := "band" + fmt.Sprint(col)
	edge := append(common,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Stack, s.Encode = stack, &opts.Encode{X: colDay, Y: col + 1}
		}),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}))
	band := append(common,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Stack, s.Encode = stack, &opts.Encode{X: colDay, Y: col + 2} }),
		charts.WithLineStyleOpts(opts.LineStyle{Opacity: opts.Float(0)}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Color: color, Opacity: opts.Float(0.22)}))
	mean := append(common,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Encode = &opts.Encode{X: colDay, Y: col} }),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 1.6}))
	line.AddSeries(name, nil, edge...)
	line.AddSeries(name, nil, band...)
	line.AddSeries(name, nil, mean...)
}

// twoPanelLine sets up a line chart of two panels over days 0..horizon:
// a tall one named top above, backorders below, sharing the time axis.
func twoPanelLine(id string, horizon float64, top, topHeight, bottomHeight string) *charts.Line {
	line := charts.NewLine()
	x := opts.XAxis{Type: "value", Min: 0, Max: jsonNum(horizon), SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
		AxisLabel: &opts.AxisLabel{Show: opts.Bool(false)}}
	xBottom := x
	xBottom.GridIndex, xBottom.Name, xBottom.NameLocation, xBottom.NameGap = 1, "day", "middle", 24
	xBottom.AxisLabel = nil
	line.SetGlobalOptions(append(globals(id),
		charts.WithGridOpts(
			opts.Grid{Left: "64", Right: "24", Top: "36", Height: topHeight},
			opts.Grid{Left: "64", Right: "24", Bottom: "40", Height: bottomHeight},
		),
		charts.WithXAxisOpts(x),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: top, NameLocation: "middle", NameGap: 46, SplitNumber: 4}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Top: "0"}),
	)...)
	line.ExtendXAxis(xBottom)
	line.ExtendYAxis(opts.YAxis{Type: "value", Name: "backorders", NameLocation: "middle", NameGap: 46, GridIndex: 1, SplitNumber: 2})
	return line
}

// markAreas shades stretches of time; labels go on the top panel only,
// each labelled stretch on its own line (the warm-up and the first windows
// of two disruptions often start within days of each other, and their
// labels would print on top of each other).
func markAreas(shades []shade, labelled bool) map[string]any {
	data := make([]any, 0, len(shades))
	row := 0
	for _, s := range shades {
		show := labelled && s.label != ""
		label := map[string]any{"show": show, "color": s.text, "position": "insideTopLeft", "fontSize": 11}
		if show {
			label["offset"] = []int{0, 13 * row}
			label["backgroundColor"] = "rgba(255,255,255,0.75)"
			row++
		}
		from := map[string]any{
			"name":      s.label,
			"xAxis":     jsonNum(s.start),
			"itemStyle": map[string]any{"color": s.fill},
			"label":     label,
		}
		data = append(data, []any{from, map[string]any{"xAxis": jsonNum(s.end)}})
	}
	return map[string]any{"silent": true, "data": data}
}
