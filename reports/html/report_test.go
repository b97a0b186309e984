package html

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func render(t *testing.T, res *sim.Results, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, res, fakeMeta, opt))
	return b.Bytes()
}

// TestGolden compares whole reports, with a stub in place of the ECharts
// bundle, against testdata/*.html. Run `go test ./reports -update` after an
// intended change and review the diff: the chart options are one chart per
// line.
func TestGolden(t *testing.T) {
	t.Parallel()
	window := []Window{{Name: "Port strike", Start: 20, End: 30, Target: "mill"}}
	tests := []struct {
		name string
		res  *sim.Results
		opt  Options
	}{
		{"small", fakeResults(t, fakeModel(2), 60), Options{Script: stubScript, Renderer: "svg", Windows: window, Paths: fakePaths(60, 0, 1)}},
		{"selector", fakeResults(t, fakeModel(3), 60), Options{Script: stubScript, SmallMultiples: 3, MaxPoints: 25, Paths: fakePaths(60, 4, 3)}},
		{"network", fakeResults(t, fakeModel(1), 20), Options{Script: Script{URL: EChartsURL, Version: EChartsVersion}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, tt.res, tt.opt)
			path := filepath.Join("testdata", tt.name+".html")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./reports -update")
			if !bytes.Equal(want, got) {
				t.Errorf("%s differs from the report (run go test ./reports -update and review the diff)\n%s", path, firstDiff(want, got))
			}
		})
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return "line " + itoa(i+1) + ":\nwant: " + clip(w[i]) + "\ngot:  " + clip(g[i])
		}
	}
	return "lengths differ"
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// has and hasNot check a report for a substring without printing the
// whole report when they fail.
func has(t *testing.T, html, sub string, msg ...any) {
	t.Helper()
	if !strings.Contains(html, sub) {
		t.Errorf("report lacks %q %v", sub, msg)
	}
}

func hasNot(t *testing.T, html, sub string, msg ...any) {
	t.Helper()
	if i := strings.Index(html, sub); i >= 0 {
		t.Errorf("report has %q at %d %v: ...%s...", sub, i, msg, html[max(0, i-80):min(len(html), i+80)])
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	res := fakeResults(t, fakeModel(4), 90)
	opt := Options{Script: stubScript, Windows: []Window{{Name: "w", Start: 1, End: 2}}}
	assert.Equal(t, render(t, res, opt), render(t, res, opt))
}

func TestChartsOnePerSpec(t *testing.T) {
	t.Parallel()
	html := string(render(t, fakeResults(t, fakeModel(2), 60), Options{Script: stubScript}))
	var specs []chartSpec
	require.NoError(t, json.Unmarshal([]byte(chartDataOf(t, html)), &specs))
	var ids []string
	for _, s := range specs {
		ids = append(ids, s.ID)
		assert.Equal(t, 1, strings.Count(html, `id="`+s.ID+`"`), "one element for chart %s", s.ID)
		assert.Equal(t, false, s.Option["animation"], "chart %s animates", s.ID)
	}
	assert.Equal(t, []string{"chart-map", "chart-fill", "chart-backorder", "chart-stock-0", "chart-stock-1", "chart-stock-2", "chart-stock-3",
		"chart-waits", "chart-outcomes", "chart-lost", "chart-costs"}, ids)
}

// User text (scenario, site and window names) must never become markup or
// script, in the HTML or in the chart data.
func TestEscapesUserText(t *testing.T) {
	t.Parallel()
	m := fakeModel(1)
	evil := `<script>alert("x")</script>&amp;`
	m.Name, m.Description = evil, evil
	m.Stocks[2].At = "store</script><b>"
	res := fakeResults(t, m, 30)
	html := string(render(t, res, Options{Script: stubScript, Windows: []Window{{Name: evil, Start: 1, End: 2, Target: "<i>"}}}))
	hasNot(t, html, "<script>alert")
	hasNot(t, html, "</script><b>")
	hasNot(t, html, "<i>")
	has(t, html, "<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;amp;</h1>")
	// Only the page's own script elements.
	assert.Equal(t, 3, strings.Count(html, "<script"), "stub bundle, chart data, page script")
	var specs []chartSpec
	require.NoError(t, json.Unmarshal([]byte(chartDataOf(t, html)), &specs), "chart data is still valid JSON")
	raw, err := json.Marshal(specs)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `store\u003c/script\u003e\u003cb\u003e`, "the name survives, escaped")
}

func TestBundleIsInlinedSafely(t *testing.T) {
	t.Parallel()
	s := Script{Inline: []byte(`var a = "</script><!--"; /* x */`), License: []byte("Licence */ text </SCRIPT>"), Version: "1"}
	html := string(render(t, fakeResults(t, fakeModel(0), 10), Options{Script: s}))
	has(t, html, `var a = "<\/script><\!--";`)
	has(t, html, "Licence * / text <\\/SCRIPT>")
	hasNot(t, html, "echarts@", "no network script when inlined")
}

func TestNetworkFallbackSaysSo(t *testing.T) {
	t.Parallel()
	html := string(render(t, fakeResults(t, fakeModel(0), 10), Options{Script: Script{URL: EChartsURL, Version: EChartsVersion}}))
	has(t, html, `<script src="`+EChartsURL+`"></script>`)
	has(t, html, "loads its charts' library (Apache ECharts) from the network")
}

func TestSelectorForLargeNetworks(t *testing.T) {
	t.Parallel()
	html := string(render(t, fakeResults(t, fakeModel(5), 30), Options{Script: stubScript, SmallMultiples: 4}))
	has(t, html, `<select id="chart-stock-select">`)
	assert.Equal(t, 7+4, strings.Count(html, "<option value="), "every stock point, and four rankings")
	var specs []chartSpec
	require.NoError(t, json.Unmarshal([]byte(chartDataOf(t, html)), &specs))
	for _, s := range specs {
		if s.ID == "chart-stock" {
			// One template option, and each stock point's rows, compact.
			assert.Nil(t, s.Choices)
			assert.NotNil(t, s.Option)
			require.Len(t, s.Rows, 7)
			var flat []*float64
			require.NoError(t, json.Unmarshal(s.Rows[0], &flat))
			assert.Zero(t, len(flat)%nCols, "whole rows of %d numbers", nCols)
			assert.NotEmpty(t, flat)
			return
		}
	}
	t.Fatal("no chart-stock")
}

func TestWorstSentence(t *testing.T) {
	t.Parallel()
	res := fakeResults(t, fakeModel(2), 10)
	html := string(render(t, res, Options{Script: stubScript}))
	// Stock point 3 (store-2) has the lowest fill rate: 0.97 - 0.12.
	re := regexp.MustCompile(`Lowest fill rate: store-2: 1\d\.\d% of units backordered, mean wait 4\.\d+ days, \d(\.\d)?% lost \(fill rate 8\d\.\d%\)\.`)
	assert.True(t, re.MatchString(html), "worst sentence: %s", regexp.MustCompile(`class="callout">[^<]*`).FindString(html))
}

func TestTheorySection(t *testing.T) {
	t.Parallel()
	html := string(render(t, fakeResults(t, fakeModel(1), 10), Options{Script: stubScript}))
	has(t, html, "Poisson (exact)")
	has(t, html, "<td class=\"num\">69.7%</td>", "P(D <= 11) for D ~ Poisson(10)")
	has(t, html, "No closed form: sS policy")
	has(t, html, "No closed form: replenished from dc")
}

func TestOptionsValidated(t *testing.T) {
	t.Parallel()
	res := fakeResults(t, fakeModel(0), 10)
	var b bytes.Buffer
	assert.ErrorContains(t, Write(&b, res, fakeMeta, Options{Script: stubScript, Renderer: "webgl"}), "unknown renderer")
	assert.ErrorContains(t, Write(&b, res, fakeMeta, Options{Script: stubScript, Windows: []Window{{Name: "w", Start: 5, End: 1}}}), "before start")
	assert.Error(t, Write(&b, nil, fakeMeta, Options{}))
	assert.Zero(t, b.Len(), "nothing written on error")
}

// A year of a 50-stock-point network stays under 3 MB with the real bundle.
func TestSizeOfLargeReport(t *testing.T) {
	t.Parallel()
	m := fakeModel(48)
	m.Horizon = 365
	html := render(t, fakeResults(t, m, 365), Options{Script: stubScript})
	const bundle = 1_200_000 // echarts.min.js 6.1.0 is 1.12 MB, plus licences
	t.Logf("report without bundle: %d bytes", len(html))
	assert.Less(t, len(html)+bundle, 3_000_000)
}

// The version the code names is the one package.json pins.
func TestEChartsVersionPinned(t *testing.T) {
	t.Parallel()
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	data, err := os.ReadFile("package.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &pkg))
	assert.Equal(t, EChartsVersion, pkg.Dependencies["echarts"], "package.json must pin the exact version")

	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	data, err = os.ReadFile("package-lock.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &lock))
	assert.Equal(t, EChartsVersion, lock.Packages["node_modules/echarts"].Version)

	if s, ok := DefaultScript(); ok {
		assert.Equal(t, EChartsVersion, s.Version, "reports/html/assets holds another version: rerun reports/html/assets.sh")
		assert.Contains(t, string(s.License), "Apache License")
	}
}

func TestNoSeries(t *testing.T) {
	t.Parallel()
	res := fakeResults(t, fakeModel(1), 0)
	html := string(render(t, res, Options{Script: stubScript}))
	has(t, html, "This run kept no daily series.")
	hasNot(t, html, `"chart-stock`)
}

// The summary shows the information table only for scenarios that use
// forecasts, anchor_adjust or visibility.
func TestInformationTable(t *testing.T) {
	t.Parallel()
	m := &sim.Model{Name: "info", Horizon: 60, Replications: 2, Seed: 1,
		SKUs:       []sim.SKU{{ID: "x"}},
		Suppliers:  []sim.Supplier{{ID: "v", LeadTime: dist.Const(2)}},
		Warehouses: []sim.Warehouse{{ID: "shop"}},
		Lanes:      []sim.Lane{{From: "v", To: "shop"}},
		Stocks: []sim.StockPoint{{At: "shop", SKU: "x", Source: "v", Policy: sim.Policy{Type: sim.BaseStock, OrderUpTo: 10, HasOrderUpTo: true},
			Visibility: sim.Visibility{Shrink: 0.5}}},
		Demands: []sim.Demand{{ID: "d", At: "shop", SKU: "x", Rate: 2, Size: dist.Const(1), Backorder: 1, Partial: true}},
	}
	res, err := sim.Run(m, sim.Options{})
	require.NoError(t, err)
	html := string(render(t, res, Options{}))
	has(t, html, "<h3>Forecasts, ordering and visibility</h3>")
	has(t, html, "record error (units)")
	m.Stocks[0].Visibility = sim.Visibility{}
	res, err = sim.Run(m, sim.Options{})
	require.NoError(t, err)
	hasNot(t, string(render(t, res, Options{})), "Forecasts, ordering and visibility")
}

// A network of more than maxSummaryRows stock points writes the first of
// them as rows and all of them as data for the page's script; its cost
// chart shows the costliest maxCharted, highest first.
func TestLargeSummaryAndCosts(t *testing.T) {
	t.Parallel()
	m := fakeModel(148)
	m.Stocks[140].At = "store</script>"
	html := string(render(t, fakeResults(t, m, 30), Options{Script: stubScript}))
	table := html[strings.Index(html, `<table id="stock-summary">`):]
	table = table[:strings.Index(table, "</table>")]
	assert.Equal(t, maxSummaryRows+1, strings.Count(table, "<tr>")-1, "100 rows and one that counts the others, besides the heading")
	has(t, table, "and 50 more stock points: filter or sort the table to reach them, or show them all.")

	const open = `<script type="application/json" id="summary-data">`
	require.Contains(t, html, open)
	data := html[strings.Index(html, open)+len(open):]
	data = data[:strings.Index(data, "</script>")]
	hasNot(t, data, "store</script>")
	var rows [][]string
	require.NoError(t, json.Unmarshal([]byte(data), &rows))
	require.Len(t, rows, 150)
	assert.Equal(t, "store</script>", rows[140][0])
	assert.Len(t, rows[0], 17, "the name, then text and small print of eight figures")
	assert.Equal(t, []string{"dc", "2.01", "± 0.07"}, rows[0][:3])
	has(t, table, `<td>dc</td><td class="num">2.01<small>± 0.07</small></td>`, "the same text in the rows")

	var specs []chartSpec
	require.NoError(t, json.Unmarshal([]byte(chartDataOf(t, html)), &specs))
	for _, s := range specs {
		if s.ID != "chart-costs" {
			continue
		}
		labels := s.Option["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
		assert.Len(t, labels, maxCharted)
		return
	}
	t.Fatal("no cost chart")
}

// Past SmallMultiples, the service charts rank the stock points by fill
// rate, backorders, units lost and cost, switched by one selector, and
// each ranking's note says which stock points it shows.
func TestRankings(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		stores int
		notes  []string
	}{
		{13, []string{"All 15 stock points by fill rate, lowest first.", "All 15 stock points by mean backorders (units waiting, time-averaged), highest first.",
			"The 12 highest numbers of units lost per day of 15 stock points, highest first; the other 3 have none.", "All 15 stock points by total cost per day (cost_total), highest first."}},
		{58, []string{"The 40 lowest fill rates of 60 stock points, lowest first;", "The 40 highest mean backorders of 60 stock points, highest first;",
			"The 40 highest numbers of units lost per day of 60 stock points, highest first;", "The 40 highest total costs per day of 60 stock points, highest first;"}},
	} {
		res := fakeResults(t, fakeModel(tt.stores), 30)
		html := string(render(t, res, Options{Script: stubScript}))
		has(t, html, `<select id="rank-select">`)
		for k, n := range tt.notes {
			has(t, html, fmt.Sprintf(`<p class="note" data-for="rank-select" data-choice="%d"`, k), n)
			has(t, html, n)
		}
		var specs []chartSpec
		require.NoError(t, json.Unmarshal([]byte(chartDataOf(t, html)), &specs))
		byID := map[string]chartSpec{}
		for _, s := range specs {
			byID[s.ID] = s
		}
		for _, id := range []string{"chart-fill", "chart-backorder"} {
			assert.Equal(t, "rank-select", byID[id].Select, id)
			assert.Len(t, byID[id].Choices, 4, id)
		}
		// The units-lost ranking: lost_rate × demand_per_day, highest first.
		label := func(o map[string]any, k int) string {
			return o["yAxis"].([]any)[0].(map[string]any)["data"].([]any)[k].(string)
		}
		lost := byID["chart-fill"].Choices[2]
		most := 0
		for i := range res.Stocks {
			if unitsLost(&res.Stocks[i]).Mean > unitsLost(&res.Stocks[most]).Mean {
				most = i
			}
		}
		assert.Equal(t, res.Stocks[most].At, label(lost, 0))
		assert.Equal(t, label(lost, 0), label(byID["chart-backorder"].Choices[2], 0), "the backorder rates of the same stock points")
	}
}
