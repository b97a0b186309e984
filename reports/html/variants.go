package html

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
)

//go:embed variants.html
var variantsHTML string

// variantsTemplate holds the comparison and sweep pages, with the run
// report's shared pieces (style, chart and table blocks).
func variantsTemplate() *template.Template {
	t := template.Must(template.New("page").Parse(pageHTML))
	return template.Must(t.New("variants.html").Parse(variantsHTML))
}

// variantsPage is what the comparison and sweep pages show.
type variantsPage struct {
	Kind        string // "comparison" or "sweep"
	Title, Lead string
	Facts       []fact
	Nav         []fact // anchor, title
	Sections    []variantSection
	Glossary    []sim.Metric
	Version     string

	Renderer   string
	ChartData  template.JS
	Inline     template.JS
	License    template.JS
	ScriptURL  string
	EChartsVer string
}

// variantSection is a titled part of the page: prose, tables and charts.
type variantSection struct {
	ID, Title string
	Callouts  []string // the findings, in large type
	Notes     []string
	Tables    []titledTable
	Charts    []chartRef
	Pair      bool // charts two to a row
}

type titledTable struct {
	Title string
	Note  string
	Table table
}

func (p *variantsPage) finish(opt Options, specs []chartSpec) {
	p.Renderer, p.ScriptURL, p.EChartsVer = opt.Renderer, opt.Script.URL, opt.Script.Version
	if opt.Script.Offline() {
		p.Inline, p.License, p.ScriptURL = safeScript(opt.Script.Inline), licenseComment(opt.Script.License), ""
	}
	p.ChartData = chartData(specs)
}

func writeVariants(w io.Writer, p *variantsPage) error {
	var buf bytes.Buffer
	if err := variantsTemplate().ExecuteTemplate(&buf, "variants", p); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func identity(meta sim.Meta, m *sim.Model, s Script) []fact {
	charts := s.describe()
	return []fact{
		{"Scenario file", meta.File},
		{"Scenario SHA-256", meta.SHA256},
		{"supplysim version", meta.Version},
		{"Seed", strconv.FormatUint(m.Seed, 10) + ", the same for every run (common random numbers)"},
		{"Replications", strconv.Itoa(m.Replications) + " per run"},
		{"Horizon", days(m.Horizon)},
		{"Warm-up", days(m.Warmup) + ", left out of every KPI"},
		{"Charts", charts},
	}
}

// WriteComparison renders a comparison of variants as one self-contained
// page: what each run changes, every KPI's change against the baseline
// with its paired and unpaired intervals, bars per run, and the daily
// series of the runs overlaid. notes are printed under the summary (the
// precision search's outcome, say). Same input, same bytes.
func WriteComparison(w io.Writer, c *compare.Comparison, meta sim.Meta, notes []string, opt Options) error {
	if c == nil || len(c.Runs) < 2 {
		return errors.New("reports: a comparison needs two runs")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return err
	}
	b := &cmpBuilder{c: c, opt: opt, labels: stockLabels(c.Runs[0].Results.Model)}
	m := c.Runs[0].Results.Model
	p := &variantsPage{Kind: "comparison", Version: meta.Version,
		Title: m.Name + " — " + plural(len(c.Runs)-1, "variant") + " against " + c.Runs[0].Name,
		Lead:  m.Description, Facts: identity(meta, m, opt.Script)}
	p.Facts = append(p.Facts[:3], append([]fact{{"Runs", runNames(c)}}, p.Facts[3:]...)...)
	p.Nav = []fact{{"summary", "Summary"}, {"tradeoff", "Cost against service"}, {"changes", "Changes"}, {"values", "KPIs per run"}, {"series", "Stock over time"},
		{"method", "How to read it"}, {"glossary", "Glossary"}}
	sum := b.summary()
	sum.Callouts, sum.Notes = b.headlines(), nonEmpty(notes)
	if t := reports.ComparisonTargetText(c); t != "" {
		sum.Callouts = append(sum.Callouts, sentence(t))
	}
	p.Sections = []variantSection{sum, b.tradeoff(), b.changes(), b.values(), b.series(), methodSection(c)}
	p.Glossary = glossary(c.Metrics)
	p.finish(opt, b.specs)
	return writeVariants(w, p)
}

type cmpBuilder struct {
	c      *compare.Comparison
	opt    Options
	labels []string // stock point labels, model order
	specs  []chartSpec
}

func (b *cmpBuilder) add(s chartSpec, title, note string) chartRef {
	b.specs = append(b.specs, s)
	return chartRef{ID: s.ID, Title: title, Note: note, Height: s.Height}
}

func runNames(c *compare.Comparison) string {
	names := make([]string, len(c.Runs))
	for i, r := range c.Runs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ") + " (the first is the baseline)"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// stockIndex returns the index of a KPI's stock point in model order.
func (b *cmpBuilder) stockIndex(k compare.KPI) int {
	for i, s := range b.c.Runs[0].Results.Model.Stocks {
		if s.At == k.At && s.SKU == k.SKU {
			return i
		}
	}
	return -1
}

// headlines sum up, per variant, the first metric's significant changes.
func (b *cmpBuilder) headlines() []string {
	metric := b.c.Metrics[0]
	share := reports.IsShare(metric)
	var out []string
	for v := 1; v < len(b.c.Runs); v++ {
		sig, total := 0, 0
		var best compare.KPI
		bestAbs := -1.0
		for _, k := range b.c.KPIs {
			d := k.Diffs[v-1]
			if k.Metric != metric || math.IsNaN(d.Mean) {
				continue
			}
			total++
			if d.Significant {
				sig++
				if math.Abs(d.Mean) > bestAbs {
					best, bestAbs = k, math.Abs(d.Mean)
				}
			}
		}
		s := fmt.Sprintf("%s against %s: %s changes significantly at %d of %d stock points", b.c.Runs[v].Name, b.c.Runs[0].Name,
			reports.Label(metric), sig, total)
		if bestAbs >= 0 {
			d := best.Diffs[v-1]
			s += fmt.Sprintf(" (the largest: %s at %s)", reports.Change(d.Mean, d.Paired, share), b.labels[b.stockIndex(best)])
		}
		out = append(out, s+".")
	}
	if g := reports.PairingGain(b.c); g != "" {
		out = append(out, strings.ToUpper(g[:1])+g[1:])
	}
	return out
}

func (b *cmpBuilder) summary() variantSection {
	oneFile := true
	for _, r := range b.c.Runs {
		oneFile = oneFile && r.File == b.c.Runs[0].File
	}
	t := table{Head: []string{"Run", "What it changes"}}
	if !oneFile {
		t.Head = append(t.Head, "Scenario file")
	}
	for _, r := range b.c.Runs {
		what := strings.Join(r.Changes, "; ")
		if what == "" {
			what = "nothing: the scenario as written"
		}
		cells := []cell{{Text: r.Name}, {Text: what, Sub: r.Description}}
		if !oneFile {
			cells = append(cells, cell{Text: r.File})
		}
		t.Rows = append(t.Rows, row{Cells: cells})
	}
	return variantSection{ID: "summary", Title: "Summary", Tables: []titledTable{{Title: "Runs", Table: t}}}
}

// changes is the table of every change against the baseline, and a chart
// of the changes per metric with both intervals.
func (b *cmpBuilder) changes() variantSection {
	sec := variantSection{ID: "changes", Title: "Changes against " + b.c.Runs[0].Name, Pair: true,
		Notes: []string{"Each value is a variant's KPI minus the baseline's, averaged over the replications, ± the 95% half-width of that mean from the per-replication differences (paired t). " +
			"Bold: significant (paired test, Holm-corrected over the KPIs compared). The small print is the half-width an unpaired comparison of the same runs would give (Welch): " +
			"the gap between the two is what common random numbers buy. pp: percentage points."}}
	head := []string{"Stock point", "Variant"}
	for _, m := range b.c.Metrics {
		head = append(head, reports.Label(m))
	}
	t := table{Head: head}
	for _, at := range b.stockOrder() {
		for v := 1; v < len(b.c.Runs); v++ {
			r := row{Cells: []cell{{Text: b.labels[at]}, {Text: b.c.Runs[v].Name}}}
			for _, m := range b.c.Metrics {
				r.Cells = append(r.Cells, changeCell(b.kpi(at, m), v))
			}
			t.Rows = append(t.Rows, r)
		}
	}
	sec.Tables = []titledTable{{Table: t}}
	for _, m := range b.c.Metrics {
		sec.Charts = append(sec.Charts, b.changeChart(m))
	}
	return sec
}

func (b *cmpBuilder) stockOrder() []int {
	var out []int
	for i := range b.c.Runs[0].Results.Model.Stocks {
		out = append(out, i)
	}
	return out
}

func (b *cmpBuilder) kpi(stock int, metric string) compare.KPI {
	s := b.c.Runs[0].Results.Model.Stocks[stock]
	return *b.c.KPI(s.At, s.SKU, metric)
}

func changeCell(k compare.KPI, v int) cell {
	d := k.Diffs[v-1]
	share := reports.IsShare(k.Metric)
	c := cell{Text: reports.Change(d.Mean, d.Paired, share), Class: "num"}
	if math.IsNaN(d.Mean) {
		c.Text = dash
		return c
	}
	if d.Significant {
		c.Class = "num sig"
	}
	if !math.IsNaN(d.Welch) {
		scale := 1.0
		if share {
			scale = 100
		}
		c.Sub = "unpaired ± " + fixed(d.Welch*scale, 2)
	}
	return c
}

func (b *cmpBuilder) changeChart(metric string) chartRef {
	share := reports.IsShare(metric)
	scale, unit := 1.0, ""
	if share {
		scale, unit = 100, "pp"
	}
	var labels []string
	var bars []rowBar
	for _, at := range b.stockOrder() {
		k := b.kpi(at, metric)
		for v := 1; v < len(b.c.Runs); v++ {
			d := k.Diffs[v-1]
			labels = append(labels, b.labels[at]+" · "+b.c.Runs[v].Name)
			bars = append(bars, rowBar{mean: d.Mean * scale, lo: (d.Mean - d.Paired) * scale, hi: (d.Mean + d.Paired) * scale,
				lo2: (d.Mean - d.Welch) * scale, hi2: (d.Mean + d.Welch) * scale, color: palette[v%len(palette)],
				tooltip: "paired 95% CI ± " + fixed(d.Paired*scale, 2) + ", unpaired ± " + fixed(d.Welch*scale, 2) + ", significant: " + reports.Verdict(d)})
		}
	}
	id := "cmp-change-" + metric
	return b.add(rowBars(id, labels, bars, unit, nil), reports.Label(metric)+": change",
		"Dark whisker: paired 95% CI; light grey: unpaired.")
}

// values is the table of every run's KPIs and a bar chart per metric.
func (b *cmpBuilder) values() variantSection {
	sec := variantSection{ID: "values", Title: "KPIs per run", Pair: true,
		Notes: []string{"Mean across replications; the small number is the half-width of its 95% confidence interval, each run on its own. These intervals overlap far more than the changes above suggest: the runs share their random numbers, so their noise cancels in the differences."}}
	head := []string{"Stock point", "Run"}
	for _, m := range b.c.Metrics {
		head = append(head, reports.Label(m))
	}
	t := table{Head: head}
	for _, at := range b.stockOrder() {
		for v := range b.c.Runs {
			r := row{Cells: []cell{{Text: b.labels[at]}, {Text: b.c.Runs[v].Name}}}
			for _, m := range b.c.Metrics {
				s := b.kpi(at, m).Runs[v]
				if reports.IsShare(m) {
					r.Cells = append(r.Cells, pctCell(s))
				} else {
					r.Cells = append(r.Cells, unitCell(s))
				}
			}
			t.Rows = append(t.Rows, r)
		}
	}
	sec.Tables = []titledTable{{Table: t}}
	for _, m := range b.c.Metrics {
		sec.Charts = append(sec.Charts, b.valueChart(m))
	}
	return sec
}

func (b *cmpBuilder) valueChart(metric string) chartRef {
	share := reports.IsShare(metric)
	scale, unit := 1.0, ""
	var axisMin any
	if share {
		scale, unit, axisMin = 100, "%", 0
	}
	var labels []string
	var bars []rowBar
	for _, at := range b.stockOrder() {
		k := b.kpi(at, metric)
		for v, s := range k.Runs {
			labels = append(labels, b.labels[at]+" · "+b.c.Runs[v].Name)
			bars = append(bars, rowBar{mean: s.Mean * scale, lo: (s.Mean - s.CI95) * scale, hi: (s.Mean + s.CI95) * scale,
				lo2: math.NaN(), hi2: math.NaN(), color: palette[v%len(palette)], tooltip: "95% CI ± " + fixed(s.CI95*scale, 2)})
		}
	}
	if share {
		axisMin = shareAxisMin(bars)
	}
	return b.add(rowBars("cmp-value-"+metric, labels, bars, unit, axisMin), reports.Label(metric), "")
}

// shareAxisMin starts a percent axis at the tens below the lowest whisker,
// so that differences of a point stay visible; 0 for small shares.
func shareAxisMin(bars []rowBar) float64 {
	lowest := 100.0
	for _, b := range bars {
		if !math.IsNaN(b.lo) {
			lowest = math.Min(lowest, b.lo)
		}
	}
	return math.Max(0, math.Min(math.Floor(lowest/10)*10, 90))
}

// series overlays the runs' daily on hand and backorders per stock point.
func (b *cmpBuilder) series() variantSection {
	sec := variantSection{ID: "series", Title: "Stock over time",
		Notes: []string{"The mean over the replications of each day's on hand (above) and backorders (below), one line per run. The grey stretch is the warm-up."}}
	base := b.c.Runs[0].Results
	if base.Days == 0 {
		sec.Notes = []string{"This comparison kept no daily series."}
		return sec
	}
	for i := range base.Stocks {
		var lines []overlayLine
		for v, r := range b.c.Runs {
			sr := &r.Results.Stocks[i]
			if sr.OnHand.Days() == 0 {
				continue
			}
			onHand, _, _ := sr.OnHand.Values()
			backorders, _, _ := sr.Backorders.Values()
			lines = append(lines, overlayLine{name: r.Name, color: palette[v%len(palette)], onHand: onHand, backorders: backorders})
		}
		m := base.Model
		spec := overlaySeries(fmt.Sprintf("cmp-series-%d", i), lines, m.Horizon, m.Warmup, b.opt.MaxPoints)
		sec.Charts = append(sec.Charts, b.add(spec, b.labels[i], ""))
	}
	return sec
}

func methodSection(c *compare.Comparison) variantSection {
	return variantSection{ID: "method", Title: "How to read it", Notes: []string{
		"Common random numbers: every random source of the scenario (each demand stream, each lead time, each transit time, each disruption) draws from its own stream, seeded from the seed, the replication and the source's name. Replication i of every run therefore sees the same customers and the same delays; only the changes differ.",
		"Paired change: the KPI of a variant minus that of " + c.Runs[0].Name + ", replication by replication, averaged; its 95% confidence interval is mean ± t(0.975, n−1) × sd / √n over those n differences. The noise both runs share cancels, so the interval is narrow.",
		"Unpaired interval: what Welch's t-test would give if the same results came from independent runs: ± t × √(sd₁²/n + sd₂²/n). Pairing is worth the ratio of the two squared in replications.",
		fmt.Sprintf("Significant: the paired test rejects \"no change\" with Holm's correction over the %d KPIs and stock points of each variant's comparison, so that noise alone marks a change in at most 5%% of comparisons.", len(c.KPIs)),
	}}
}

// glossary lists the definitions of the metrics shown.
func glossary(metrics []string) []sim.Metric {
	var out []sim.Metric
	for _, m := range metrics {
		md := sim.Metrics[sim.MetricIndex(m)]
		if m == "cost_total" {
			md.Doc = "holding + backorder + lost-sale + ordering + transport costs, per day"
		}
		out = append(out, md)
	}
	return out
}

// tradeoff draws each run's network cost against its service, both with
// their 95% intervals, and rings the cheapest run meeting the target.
func (b *cmpBuilder) tradeoff() variantSection {
	c := b.c
	pts := make([]scatterPoint, len(c.Points))
	for i, p := range c.Points {
		f, k := p.Service, p.Cost
		pts[i] = scatterPoint{label: c.Runs[i].Name, x: k.Mean, y: f.Mean * 100,
			xlo: k.Mean - k.CI95, xhi: k.Mean + k.CI95, ylo: (f.Mean - f.CI95) * 100, yhi: (f.Mean + f.CI95) * 100,
			frontier: p.Frontier, chosen: i == c.Chosen, meetsTarget: p.Meets,
			tooltipLines: []string{
				"cost per day: " + num(k.Mean) + " ± " + num(k.CI95),
				"fill rate: " + fixed(f.Mean*100, 2) + "% ± " + fixed(f.CI95*100, 2),
			}}
		if i == c.Chosen {
			pts[i].tooltipLines = append(pts[i].tooltipLines, "the cheapest run meeting the target")
		}
	}
	target := math.NaN()
	if c.Target != nil && c.Target.Metric == "fill_rate" {
		target = c.Target.Bound * 100
	}
	note := "Each point is one run, at the network's mean cost per day (cost_total summed over every stock point) across and its demand-weighted fill rate up; whiskers span both 95% confidence intervals. Blue joins the runs no other run beats on both."
	if c.Target != nil {
		note += " The orange ring marks the cheapest run whose whole interval meets the target " + c.Target.String() + " (none when no run does)."
	} else {
		note += " With --target (such as fill_rate>=0.98) the cheapest run meeting it is ringed."
	}
	chart := frontierChart("chart-tradeoff", "cost per day", "runs", pts, target)
	return variantSection{ID: "tradeoff", Title: "Cost against service", Notes: []string{note},
		Charts: []chartRef{b.add(chart, "", "")}}
}
