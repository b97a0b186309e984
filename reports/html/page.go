package html

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// page is everything the template shows. All text is plain and escaped by
// html/template; only the chart data and the ECharts script are trusted.
type page struct {
	Title, Description string
	Version            string // supplysim's
	Facts              []fact
	Worst              string
	Map                chartRef // the network, coloured by fill rate
	Summary            table
	SummaryData        template.JS // every summary row, when Summary shows only the first (see summaryData)
	Information        table       // forecasts, anchor_adjust, visibility; empty when unused

	Windows table      // empty when no windows were given
	Impact  table      // empty when the scenario has no disruptions
	Impacts []chartRef // per disruption, its daily extra backorders; none without twins

	Fill, Backorder chartRef
	FillAxisNote    string
	Rank            []ranking // large networks: what the service charts rank by, switched by a selector

	SeriesNote string
	Stocks     []stockCharts // small multiples: one chart per stock point
	Selector   *selector     // large networks: one chart and a selector
	PathNote   string        // what the sample paths show; empty without them
	PathSel    *selector     // large networks: the worst stock points' sample paths

	Waits, Outcomes, Lost, Costs chartRef

	Theory   table
	Policies table
	Network  table // network totals; empty for one stock point without terms
	Sources  table // per source of stock points with several or with terms
	Plants   table // production, utilisation, down and starved time; empty without plants
	Glossary []sim.Metric

	Renderer   string
	ChartData  template.JS
	NCols      int         // numbers per row of a compact series (see compactRows)
	Inline     template.JS // the ECharts bundle, when inlined
	License    template.JS
	ScriptURL  string
	EChartsVer string
}

type fact struct{ Name, Value string }

// chartRef places a chart in the page under its title and note; an empty
// ID means no chart, and the note says why.
type chartRef struct {
	ID          string
	Title, Note string
	Height      int
}

// stockCharts are a stock point's bands and, beside them, its sample path.
type stockCharts struct {
	Title       string
	Bands, Path chartRef
}

type selector struct {
	Chart  chartRef
	Labels []string
}

type table struct {
	ID     string // of the table element, for the page's script; may be empty
	Head   []string
	Rows   []row
	Narrow bool // as wide as its content, not the page
}

// IsNum reports whether column j holds numbers, to align its heading.
func (t table) IsNum(j int) bool {
	for _, r := range t.Rows {
		if r.Span == "" && j < len(r.Cells) {
			return r.Cells[j].Class == "num"
		}
	}
	return false
}

// Rest is the number of columns after the first, which a row's Span and
// Notes fill.
func (t table) Rest() int { return len(t.Head) - 1 }

type row struct {
	Cells []cell
	Span  string   // text spanning the columns after the first, instead of Cells[1:]
	Notes []string // small print under the row
}

func build(res *sim.Results, meta sim.Meta, opt Options) *page {
	m := res.Model
	b := &builder{res: res, opt: opt, labels: stockLabels(m)}
	b.order = worstFirst(res)
	p := &page{
		Title:       m.Name,
		Description: m.Description,
		Version:     meta.Version,
		Facts:       facts(res, meta, opt.Script),
		Worst:       b.worstSentence(),
		Information: b.information(),
		Windows:     windowTable(opt.Windows),
		Impact:      impactTable(res),
		Theory:      b.theory(),
		Policies:    b.policies(),
		Network:     networkTable(res),
		Sources:     sourcesTable(res),
		Plants:      plantsTable(res),
		Glossary:    sim.Metrics,
		NCols:       nCols,
		Renderer:    opt.Renderer,
		ScriptURL:   opt.Script.URL,
		EChartsVer:  opt.Script.Version,
	}
	p.Summary, p.SummaryData = summaryData(b.summary())
	if p.Title == "" {
		p.Title = "supplysim report"
	}
	if opt.Script.Offline() {
		p.Inline, p.License, p.ScriptURL = safeScript(opt.Script.Inline), licenseComment(opt.Script.License), ""
	}
	b.networkMap(p)
	b.serviceCharts(p)
	b.impactCharts(p)
	b.seriesCharts(p)
	b.waitCharts(p)
	b.costChart(p)
	p.ChartData = chartData(b.specs)
	return p
}

// builder gathers the charts of a page in page order.
type builder struct {
	res    *sim.Results
	opt    Options
	labels []string // per stock point, in model order
	order  []int    // stock points, worst fill rate first
	specs  []chartSpec
}

func (b *builder) add(s chartSpec, title, note string) chartRef {
	b.specs = append(b.specs, s)
	return chartRef{ID: s.ID, Title: title, Note: note, Height: s.Height}
}

// stockLabels names stock points by site alone when the model has one SKU,
// else as site/SKU.
func stockLabels(m *sim.Model) []string {
	out := make([]string, len(m.Stocks))
	for i, s := range m.Stocks {
		out[i] = s.Name()
		if len(m.SKUs) <= 1 {
			out[i] = s.At
		}
	}
	return out
}

// worstFirst orders stock points by mean fill rate, lowest first; stock
// points without demand come last; ties keep model order.
func worstFirst(res *sim.Results) []int {
	order := make([]int, len(res.Stocks))
	for i := range order {
		order[i] = i
	}
	key := func(i int) float64 {
		f := res.Stocks[i].Metric("fill_rate").Mean
		if math.IsNaN(f) {
			return math.Inf(1)
		}
		return f
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	return order
}

// describe says where the report's charts come from, for the header.
func (s Script) describe() string {
	if !s.Offline() {
		return "Apache ECharts " + s.Version + ", loaded from " + s.URL + " (needs a network connection)"
	}
	return "Apache ECharts " + s.Version + ", inlined: the report works offline"
}

func facts(res *sim.Results, meta sim.Meta, s Script) []fact {
	m := res.Model
	charts := s.describe()
	return []fact{
		{"Scenario file", meta.File},
		{"Scenario SHA-256", meta.SHA256},
		{"supplysim version", meta.Version},
		{"Seed", strconv.FormatUint(m.Seed, 10)},
		{"Replications", strconv.Itoa(m.Replications)},
		{"Horizon", days(m.Horizon)},
		{"Warm-up", days(m.Warmup) + ", left out of every KPI"},
		{"Stock points", strconv.Itoa(len(m.Stocks))},
		{"Charts", charts},
	}
}

// worstSentence says in plain words how the worst stock point fares.
func (b *builder) worstSentence() string {
	if len(b.order) == 0 {
		return "The scenario has no stock points."
	}
	i := b.order[0]
	sr := &b.res.Stocks[i]
	fill := sr.Metric("fill_rate").Mean
	if math.IsNaN(fill) {
		return "No customer demand arrived after the warm-up."
	}
	bo, wait, lost := sr.Metric("backorder_rate").Mean, sr.Metric("backorder_delay_days").Mean, sr.Metric("lost_rate").Mean
	s := b.labels[i] + ": "
	if bo > 0 {
		s += fmt.Sprintf("%s of units backordered, mean wait %s days", pct(bo), num(wait))
	} else {
		s += "no units backordered"
	}
	if lost > 0 {
		s += fmt.Sprintf(", %s lost", pct(lost))
	}
	s += fmt.Sprintf(" (fill rate %s).", pct(fill))
	if len(b.order) > 1 {
		s = "Lowest fill rate: " + s
	}
	return s
}

func (b *builder) summary() table {
	t := table{ID: "stock-summary", Head: []string{"Stock point", "Demand / day", "Fill rate", "Backordered", "Lost", "Mean wait (days)",
		"On hand", "Backorders", "Cost / day"}}
	for i := range b.res.Stocks {
		sr := &b.res.Stocks[i]
		t.Rows = append(t.Rows, row{Cells: []cell{
			{Text: b.labels[i]},
			unitCell(sr.Metric("demand_per_day")),
			pctCell(sr.Metric("fill_rate")),
			pctCell(sr.Metric("backorder_rate")),
			pctCell(sr.Metric("lost_rate")),
			unitCell(sr.Metric("backorder_delay_days")),
			unitCell(sr.Metric("avg_on_hand")),
			unitCell(sr.Metric("avg_backorders")),
			unitCell(sr.Metric("cost_total")),
		}})
	}
	return t
}

func windowTable(ws []Window) table {
	if len(ws) == 0 {
		return table{}
	}
	t := table{Head: []string{"Window", "Hits", "From day", "To day", "Length (days)"}, Narrow: true}
	count := map[string]int{}
	for _, w := range ws {
		count[w.Name]++
	}
	shown := map[string]int{}
	for _, w := range ws {
		// A recurring or random disruption lists its first few windows and
		// a count: the charts shade them all.
		shown[w.Name]++
		switch n := shown[w.Name]; {
		case n <= maxWindowRows || count[w.Name] == maxWindowRows+1:
			t.Rows = append(t.Rows, row{Cells: []cell{
				{Text: w.Name}, {Text: w.Target},
				{Text: dayNum(w.Start), Class: "num"}, {Text: dayNum(w.End), Class: "num"}, {Text: dayNum(w.End - w.Start), Class: "num"},
			}})
		case n == maxWindowRows+1:
			t.Rows = append(t.Rows, row{Cells: []cell{{Text: w.Name}},
				Span: fmt.Sprintf("and %d more windows, shaded on the charts", count[w.Name]-maxWindowRows)})
		}
	}
	return t
}

// maxWindowRows is how many windows of one disruption the table lists.
const maxWindowRows = 3

// dayNum writes a time in days with one decimal at most: "73.5", "126".
func dayNum(x float64) string { return trimZeros(fixed(x, 1)) }

// serviceCharts draws fill rate and backorder rate per stock point, worst
// first, with CI whiskers. A network past SmallMultiples gets a selector
// that ranks the stock points by fill rate, backorders, units lost or
// cost: the first chart shows that figure, the second the backorder rate
// of the same stock points.
func (b *builder) serviceCharts(p *page) {
	all := len(b.res.Stocks)
	fill := b.charted()
	fillChart, axisMin := b.fillBars(fill)
	boChart := b.backorderBars(fill)
	if axisMin > 0 {
		p.FillAxisNote = fmt.Sprintf("The fill-rate axis starts at %g%%.", axisMin)
	}
	if all <= b.opt.SmallMultiples {
		p.Fill = b.add(fillChart, "Fill rate", "")
		p.Backorder = b.add(boChart, "Backorder rate", "")
		return
	}
	p.Rank = []ranking{{Label: "lowest fill rate", Title: "Fill rate",
		Note: rankNote(len(fill), all, "lowest fill rates", "fill rate", "lowest") + " " + p.FillAxisNote}}
	first, second := []map[string]any{fillChart.Option}, []map[string]any{boChart.Option}
	height := fillChart.Height
	for _, r := range []struct {
		label, title, top, what string
		key                     func(sr *sim.StockResult) stats.Summary
	}{
		{"most backorders", "Backorders (units)", "highest mean backorders", "mean backorders (units waiting, time-averaged)",
			func(sr *sim.StockResult) stats.Summary { return sr.Metric("avg_backorders") }},
		{"most units lost", "Units lost per day", "highest numbers of units lost per day", "units lost per day (lost_rate × demand per day)",
			unitsLost},
		{"highest cost", "Cost per day", "highest total costs per day", "total cost per day (cost_total)",
			func(sr *sim.StockResult) stats.Summary { return sr.Metric("cost_total") }},
	} {
		shown := b.top(func(i int) float64 { return r.key(&b.res.Stocks[i]).Mean })
		if len(shown) == 0 {
			continue // nothing to rank: no backorders, no units lost, no costs
		}
		sums := make([]stats.Summary, len(shown))
		for k, i := range shown {
			sums[k] = r.key(&b.res.Stocks[i])
		}
		c := unitBars("chart-fill", r.title, orange, b.pick(shown), sums)
		first = append(first, c.Option)
		second = append(second, b.backorderBars(shown).Option)
		height = max(height, c.Height)
		p.Rank = append(p.Rank, ranking{Label: r.label, Title: r.title, Note: rankNote(len(shown), all, r.top, r.what, "highest")})
	}
	p.Fill = b.add(chartSpec{ID: "chart-fill", Kind: "ci", Choices: first, Select: rankSelect, Height: height}, "", "")
	p.Backorder = b.add(chartSpec{ID: "chart-backorder", Kind: "ci", Choices: second, Select: rankSelect, Height: height}, "Backorder rate", "")
}

// rankSelect is the id of the selector that switches the service charts'
// ranking.
const rankSelect = "rank-select"

// ranking is one choice of the service charts' selector.
type ranking struct {
	Label string // in the selector: "most backorders"
	Title string // of the first chart
	Note  string
}

// rankNote says which stock points a ranking shows: top ("highest mean
// backorders") when it leaves some out, else all of them by what ("mean
// backorders"). Stock points with none of what is ranked are left out.
func rankNote(shown, all int, top, what, first string) string {
	var s string
	switch {
	case shown == all:
		s = fmt.Sprintf("All %d stock points by %s, %s first.", all, what, first)
	case shown < maxCharted:
		others := fmt.Sprintf("the other %d have none", all-shown)
		if all-shown == 1 {
			others = "the other one has none"
		}
		s = fmt.Sprintf("The %d %s of %d stock points, %s first; %s.", shown, top, all, first, others)
	default:
		s = fmt.Sprintf("The %d %s of %d stock points, %s first; the summary table lists every one.", shown, top, all, first)
	}
	return s + " Beside them, the backorder rate of the same stock points. Bars are means; whiskers span the 95% confidence interval."
}

// unitsLost is a stock point's units lost per day, replication by
// replication: its lost_rate times its units demanded per day.
func unitsLost(sr *sim.StockResult) stats.Summary {
	lost, demand := sr.Metric("lost_rate").Values, sr.Metric("demand_per_day").Values
	v := make([]float64, min(len(lost), len(demand)))
	for r := range v {
		v[r] = lost[r] * demand[r]
	}
	return stats.Summarize(v)
}

// pick returns the labels of the given stock points.
func (b *builder) pick(stocks []int) []string {
	out := make([]string, len(stocks))
	for k, i := range stocks {
		out[k] = b.labels[i]
	}
	return out
}

// fillBars draws the fill rates of the given stock points, on an axis
// that starts at the tens of percent below the lowest whisker, so that
// differences of a point or two stay visible; it returns the axis start.
func (b *builder) fillBars(stocks []int) (chartSpec, float64) {
	fill := make([]stats.Summary, len(stocks))
	lowest := 1.0
	for k, i := range stocks {
		fill[k] = b.res.Stocks[i].Metric("fill_rate")
		if lo := fill[k].Mean - cmp.Or(fill[k].CI95, 0); !math.IsNaN(lo) {
			lowest = min(lowest, lo)
		}
	}
	axisMin := math.Min(math.Floor(lowest*10)*10, 90)
	return ciBars("chart-fill", "Fill rate", blue, b.pick(stocks), fill, axisMin), axisMin
}

// backorderBars draws the backorder rates of the given stock points.
func (b *builder) backorderBars(stocks []int) chartSpec {
	bo := make([]stats.Summary, len(stocks))
	boMax := 0.0
	for k, i := range stocks {
		bo[k] = b.res.Stocks[i].Metric("backorder_rate")
		if s := bo[k]; !math.IsNaN(s.Mean) {
			boMax = max(boMax, s.Mean+cmp.Or(s.CI95, 0))
		}
	}
	return ciBarsAxis("chart-backorder", "Backorder rate", red, b.pick(stocks), bo, niceMax(boMax*100))
}

// ciBarsAxis is ciBars on a 0..max percent axis.
func ciBarsAxis(id, name, color string, labels []string, sums []stats.Summary, axisMax float64) chartSpec {
	s := ciBars(id, name, color, labels, sums, 0)
	s.Option["xAxis"].([]any)[0].(map[string]any)["max"] = axisMax
	return s
}

// niceMax rounds an axis maximum up to 1, 2, 2.5 or 5 times a power of ten.
func niceMax(x float64) float64 {
	if !(x > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if x <= f*p*1.0000001 {
			return f * p
		}
	}
	return 10 * p
}

func (b *builder) seriesCharts(p *page) {
	res := b.res
	if res.Days == 0 {
		p.SeriesNote = "This run kept no daily series."
		return
	}
	shades := []shade{}
	if w := res.Model.Warmup; w > 0 {
		shades = append(shades, shade{label: "warm-up", start: 0, end: math.Min(w, res.Model.Horizon),
			fill: "rgba(121,112,110,0.16)", text: "#555"})
	}
	labelled := map[string]bool{}
	for _, w := range b.opt.Windows {
		if w.Start >= res.Model.Horizon {
			continue // after the run: listed in the table, nothing to shade
		}
		// Only a disruption's first window is labelled: a recurring one
		// would otherwise write its name over the whole chart.
		label := ""
		if !labelled[w.Name] {
			labelled[w.Name] = true
			label = w.Name
			if w.Target != "" {
				label += " (" + w.Target + ")"
			}
		}
		shades = append(shades, shade{label: label, start: w.Start, end: math.Min(w.End, res.Model.Horizon),
			fill: "rgba(242,142,43,0.20)", text: "#a8530a"})
	}
	paths := map[int]sim.Path{}
	thinned := false
	for _, pa := range b.opt.Paths {
		if pa.Stock >= 0 && pa.Stock < len(res.Stocks) {
			paths[pa.Stock] = pa
			thinned = thinned || pa.Thinned
		}
	}
	if len(paths) > 0 {
		p.PathNote = pathNote(b.opt.PathRep, thinned)
	}
	var bucket int
	small := len(res.Stocks) <= b.opt.SmallMultiples
	points := b.opt.MaxPoints
	if !small {
		points = largePoints(len(res.Stocks), points)
	}
	var options []map[string]any
	var compact []json.RawMessage
	for i := range res.Stocks {
		var rows [][nCols]jsonNum
		rows, bucket = seriesRows(&res.Stocks[i], res.Days, points)
		if small {
			options = append(options, stockSeriesOption("chart-stock-"+strconv.Itoa(i), rows, res.Model.Horizon, shades))
			continue
		}
		compact = append(compact, compactRows(rows))
	}
	p.SeriesNote = "Mean across replications (line) with the 10th to 90th percentile band (shaded), sampled daily."
	if bucket > 1 {
		p.SeriesNote = fmt.Sprintf("Mean across replications (line), averaged over %d-day buckets; the shaded band runs from the lowest 10th to the highest 90th percentile within each bucket.", bucket)
	}
	if len(res.Stocks) <= b.opt.SmallMultiples {
		for i, o := range options {
			sc := stockCharts{Title: b.labels[i], Bands: b.add(chartSpec{ID: o2id(i), Kind: "series", Option: o, Height: 330}, "", "")}
			if pa, ok := paths[i]; ok {
				sc.Path = b.add(chartSpec{ID: pathID(i), Kind: "path", Option: pathOption(pathID(i), pa, res.Model.Horizon, res.Model.Warmup, shades), Height: 330},
					"", "")
			}
			p.Stocks = append(p.Stocks, sc)
		}
		return
	}
	template := stockSeriesOption("chart-stock", nil, res.Model.Horizon, shades)
	ref := b.add(chartSpec{ID: "chart-stock", Kind: "series", Option: template, Rows: compact, Height: 330}, "", "")
	p.Selector = &selector{Chart: ref, Labels: b.labels}
	if len(paths) == 0 {
		return
	}
	var choices []map[string]any
	var labels []string
	for _, pa := range b.opt.Paths {
		if _, ok := paths[pa.Stock]; ok {
			choices = append(choices, pathOption("chart-path", pa, res.Model.Horizon, res.Model.Warmup, shades))
			labels = append(labels, b.labels[pa.Stock])
		}
	}
	pref := b.add(chartSpec{ID: "chart-path", Kind: "path", Choices: choices, Height: 330},
		fmt.Sprintf("One replication of the %d stock points with the lowest fill rate", len(labels)), "")
	p.PathSel = &selector{Chart: pref, Labels: labels}
}

func o2id(i int) string { return "chart-stock-" + strconv.Itoa(i) }
