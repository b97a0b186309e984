package html

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/supplysim/supplysim/sim"
)

// maxPathCharts is how many sample paths a large network's report offers
// (its worst stock points by fill rate).
const maxPathCharts = 5

// PathStocks lists the stock points whose sample path a report of res
// draws, for sim.SamplePath: every one in a small network (see
// Options.SmallMultiples), else the few with the lowest fill rate.
func PathStocks(res *sim.Results, opt Options) []int {
	opt, _ = opt.withDefaults()
	if len(res.Stocks) <= opt.SmallMultiples {
		out := make([]int, len(res.Stocks))
		for i := range out {
			out[i] = i
		}
		return out
	}
	order := worstFirst(res)
	return order[:min(len(order), maxPathCharts)]
}

// pathOption draws one replication's sample path in the two panels of the
// band charts: on hand and inventory position as step lines above, with
// orders (triangles, on the position they raised) and receipts (diamonds,
// on the on hand they raised), backorders below. A busy path opens on
// a quarter after the warm-up, with a slider to move along the run.
func pathOption(id string, p sim.Path, horizon, warmup float64, shades []shade) map[string]any {
	line := twoPanelLine(id, horizon, "units", "56%", "17%")
	step := func(name, color string, y, grid int, width float32, dash string) {
		line.AddSeries(name, nil,
			charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false), Step: "end", XAxisIndex: grid, YAxisIndex: grid}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithLineStyleOpts(opts.LineStyle{Width: width, Type: dash}),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Encode = &opts.Encode{X: 0, Y: y} }))
	}
	step("On hand", blue, 1, 0, 1.4, "solid")
	step("Position", green, 3, 0, 1.2, "dashed")
	step("Backorders", red, 2, 1, 1.4, "solid")
	o := optionOf(line)
	rows := make([][4]jsonNum, len(p.Points))
	for i, q := range p.Points {
		rows[i] = [4]jsonNum{jsonNum(q.Time), jsonNum(q.OnHand), jsonNum(q.Backorders), jsonNum(q.Position)}
	}
	o["dataset"] = map[string]any{"source": rows}
	ss := o["series"].([]any)
	for _, s := range ss {
		delete(s.(map[string]any), "data")
	}
	ss[0].(map[string]any)["markArea"] = markAreas(shades, true)
	ss[2].(map[string]any)["markArea"] = markAreas(shades, false)
	marks := func(name, color, symbol string, ms []sim.PathMark, y func(sim.PathPoint) float64) {
		data := make([][3]jsonNum, len(ms))
		for i, m := range ms {
			data[i] = [3]jsonNum{jsonNum(m.Time), jsonNum(y(stateAt(p.Points, m.Time))), jsonNum(m.Qty)}
		}
		ss = append(ss, map[string]any{"type": "scatter", "name": name, "symbol": symbol, "symbolSize": 5,
			"itemStyle": map[string]any{"color": color}, "data": data, "z": 3, "encode": map[string]any{"x": 0, "y": 1}})
	}
	marks("Orders", purple, "triangle", p.Orders, func(q sim.PathPoint) float64 { return q.Position })
	marks("Receipts", orange, "diamond", p.Receipts, func(q sim.PathPoint) float64 { return q.OnHand })
	o["series"] = ss
	if len(p.Orders) > busyPath && horizon-warmup > zoomDays {
		window := map[string]any{"xAxisIndex": []int{0, 1}, "startValue": jsonNum(warmup), "endValue": jsonNum(warmup + zoomDays), "filterMode": "none"}
		slider := map[string]any{"type": "slider", "height": 12, "bottom": 2, "showDetail": false}
		inside := map[string]any{"type": "inside", "zoomOnMouseWheel": false, "moveOnMouseWheel": false}
		for k, v := range window {
			slider[k], inside[k] = v, v
		}
		o["dataZoom"] = []any{inside, slider}
		if grids, ok := o["grid"].([]any); ok && len(grids) == 2 {
			// Room for the slider under the day axis.
			grids[0].(map[string]any)["height"] = "52%"
			grids[1].(map[string]any)["bottom"] = "54"
		}
	}
	return o
}

// A path with more orders than busyPath opens on zoomDays after the
// warm-up: a year of a store's orders is a blur, a quarter a saw-tooth.
const (
	busyPath = 40
	zoomDays = 91
)

// stateAt is the path's state at time t: the last point at or before t.
func stateAt(ps []sim.PathPoint, t float64) sim.PathPoint {
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Time > t })
	if i == 0 {
		return sim.PathPoint{Time: t}
	}
	return ps[i-1]
}

// pathNote says what a sample path chart shows.
func pathNote(rep int, thinned bool) string {
	s := fmt.Sprintf("One replication (number %d) as it ran, event by event: on hand and inventory position (dashed) step at every demand, order and receipt; triangles mark orders placed (on the position they raised), diamonds receipts (on the on hand they raised); backorders below. The bands show what is typical; this shows the saw-tooth that makes them.", rep)
	s += " A busy path opens on the quarter after the warm-up: drag the slider below it to move along the run."
	if thinned {
		s += " The path was thinned to its first, last, lowest and highest points in each stretch of time, so every peak and trough still shows."
	}
	return s
}

func pathID(i int) string { return "chart-path-" + strconv.Itoa(i) }
