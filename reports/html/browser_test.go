package html

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

// TestBrowser renders the report of a real run in headless Chromium with no
// network at all (an empty network namespace, `unshare -n`), and checks
// from the DOM that every chart drew SVG and that a window's label shows.
// It also takes a screenshot: set REPORT_SCREENSHOT_DIR to keep it.
//
// It skips when Chromium, unshare or the ECharts bundle is missing, unless
// CI is set: then it fails, so CI cannot pass without it.
func TestBrowser(t *testing.T) {
	t.Parallel()
	chromium := browserPrerequisites(t)
	script, _ := DefaultScript()

	data, err := os.ReadFile("../../scenarios/two-echelon.toml")
	require.NoError(t, err)
	m, _, err := scenario.Parse("scenarios/two-echelon.toml", data)
	require.NoError(t, err)
	m.Replications = 8
	res, err := sim.Run(m, sim.Options{})
	require.NoError(t, err)

	dir := t.TempDir()
	// Charts are drawn as they come into view, and all before printing:
	// each page draws them all once loaded (TestBrowserLargeReport checks
	// the drawing on scrolling).
	write := func(name string, res *sim.Results, meta sim.Meta, opt Options) string {
		var b bytes.Buffer
		require.NoError(t, Write(&b, res, meta, opt))
		page := b.String()
		end := strings.LastIndex(page, "</body>")
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(page[:end]+drawAll+page[end:]), 0o644))
		return path
	}
	page := write("report.html", res, sim.Meta{Version: "test", File: "scenarios/two-echelon.toml", SHA256: "0123abcd"},
		Options{Script: script, Renderer: "svg", Windows: []Window{{Name: "Port strike", Start: 200, End: 221, Target: "mill-dhaka"}}})
	// A network too large for small multiples: one time-series chart with
	// a selector.
	lm := fakeModel(12)
	lm.Horizon = 365
	large := write("large.html", fakeResults(t, lm, 365), fakeMeta, Options{Script: script, Renderer: "svg"})

	shots := os.Getenv("REPORT_SCREENSHOT_DIR")
	if shots == "" {
		shots = dir
	}
	// One browser run takes both the screenshot and the DOM. Runs go one
	// after another: in parallel they fight over the CPU and take longer.
	dom := runChromium(t, chromium, dir, "--window-size=1200,7000", "--hide-scrollbars",
		"--screenshot="+filepath.Join(shots, "report.png"), "--dump-dom", "file://"+page)
	largeDOM := runChromium(t, chromium, dir, "--dump-dom", "file://"+large)
	if t.Failed() {
		return
	}
	for id, chunk := range chartChunks(string(largeDOM), chartIDs(t, large)) {
		assert.True(t, strings.Contains(chunk, "<svg"), "large report: chart %s drew no SVG", id)
	}
	assert.True(t, strings.Contains(string(largeDOM), `<option value="13">store-12</option>`), "the selector lists every stock point")

	charts := chartIDs(t, page)
	require.NotEmpty(t, charts)
	for id, chunk := range chartChunks(string(dom), charts) {
		assert.True(t, strings.Contains(chunk, "<svg"), "chart %s drew no SVG", id)
		assert.GreaterOrEqual(t, strings.Count(chunk, "<path"), 4, "chart %s has almost nothing in it", id)
	}
	// Checked with booleans: a failure must not print the whole DOM.
	hasText := func(label string) bool {
		return regexp.MustCompile(`<text[^>]*>` + regexp.QuoteMeta(label) + `</text>`).Match(dom)
	}
	assert.True(t, hasText("Port strike (mill-dhaka)"), "the window's label is drawn")
	assert.True(t, hasText("warm-up"), "the warm-up's label is drawn")
	assert.False(t, strings.Contains(string(dom), `class="chart chart-error"`), "ECharts failed to load")
	png, err := os.ReadFile(filepath.Join(shots, "report.png"))
	require.NoError(t, err)
	assert.Greater(t, len(png), 50_000, "a screenshot with something on it")
}

// drawAll, put last into a page, makes it draw every chart once loaded,
// as it does before printing.
const drawAll = `<script>
window.addEventListener("load", function () {
  window.dispatchEvent(new Event("beforeprint"));
  window.dispatchEvent(new Event("afterprint"));
});
</script>`

// browserPrerequisites returns the Chromium binary, or skips (fails in CI)
// when the test cannot run here.
func browserPrerequisites(t testing.TB) string {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf(format+" (CI is set: install chromium, run reports/html/assets.sh)", args...)
		}
		t.Skipf(format, args...)
	}
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		missing("chromium is not installed (apt-get install chromium)")
	}
	if err := exec.Command("unshare", "-n", "true").Run(); err != nil {
		missing("cannot make an empty network namespace with unshare -n: %v", err)
	}
	if _, ok := DefaultScript(); !ok {
		missing("the ECharts bundle is not embedded (run reports/html/assets.sh)")
	}
	return chromium
}

// runChromium runs headless Chromium on a page, inside an empty network
// namespace, on virtual time (timers run at once, so scripts that wait
// finish within the run), and returns its standard output.
func runChromium(t testing.TB, chromium, dir string, args ...string) []byte {
	t.Helper()
	return execChromium(t, chromium, dir, append([]string{"--virtual-time-budget=10000"}, args...)...)
}

// execChromium runs headless Chromium in an empty network namespace, with
// a fresh profile, and returns its standard output.
func execChromium(t testing.TB, chromium, dir string, args ...string) []byte {
	t.Helper()
	profile, err := os.MkdirTemp(dir, "profile")
	if err != nil {
		t.Error(err)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	argv := append([]string{"-n", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile}, args...)
	cmd := exec.CommandContext(ctx, "unshare", argv...)
	cmd.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS=disabled:")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	t.Logf("chromium %s: %.1fs", filepath.Base(args[len(args)-1]), time.Since(start).Seconds())
	if err != nil {
		t.Errorf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// readyMillis opens a page in headless Chromium, 1,400 by 1,000 pixels, in
// real time, and returns how long the page took to be drawn: the
// data-ready-ms its script writes on the body, in milliseconds from the
// start of navigation (HTML parsing, the ECharts bundle, the page's
// scripts and the charts they draw at once).
func readyMillis(t testing.TB, chromium, dir, page string) float64 {
	t.Helper()
	dom := execChromium(t, chromium, dir, "--window-size=1400,1000", "--dump-dom", "file://"+page)
	m := regexp.MustCompile(`<body[^>]* data-ready-ms="(\d+)"`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("%s: the page wrote no data-ready-ms", page)
	}
	ms, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	return ms
}

// chartIDs reads the chart ids from a report's chart data.
func chartIDs(t *testing.T, page string) []string {
	t.Helper()
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	var specs []struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal([]byte(chartDataOf(t, string(html))), &specs))
	ids := make([]string, len(specs))
	for i, s := range specs {
		ids[i] = s.ID
	}
	return ids
}

// chartDataOf returns the JSON inside a report's chart-data script element.
func chartDataOf(t *testing.T, html string) string {
	t.Helper()
	const open = `<script type="application/json" id="chart-data">`
	start := strings.Index(html, open)
	require.GreaterOrEqual(t, start, 0, "no chart data")
	rest := html[start+len(open):]
	return rest[:strings.Index(rest, "</script>")]
}

// chartChunks cuts a DOM into the markup of each chart element: from its
// opening tag to the next chart's (or the end of the page).
func chartChunks(dom string, ids []string) map[string]string {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		start := strings.Index(dom, `id="`+id+`"`)
		if start < 0 {
			out[id] = ""
			continue
		}
		rest := dom[start:]
		if next := strings.Index(rest[1:], `class="chart`); next >= 0 {
			rest = rest[:next+1]
		}
		out[id] = rest
	}
	return out
}

// interact is put last into a copy of a large network's report: once the
// page is drawn it records what the reader sees first, jumps to the last
// chart, then filters, sorts, shows all, opens a stock point's chart from
// its row, prints, and ranks the stock points by cost, and writes what it
// found into the body's data-result attribute.
const interact = `<script>
window.addEventListener("load", function () {
  var out = {}, tb = document.querySelector("#stock-summary tbody"), ids = [];
  JSON.parse(document.getElementById("chart-data").textContent).forEach(function (s) { ids.push(s.id); });
  function drawn(id) { return !!document.getElementById(id).querySelector("canvas, svg"); }
  function names() { return Array.prototype.map.call(tb.rows, function (r) { return r.cells[0].textContent; }); }
  out.rows = tb.rows.length;
  out.more = tb.rows[tb.rows.length - 1].textContent;
  out.drawn = ids.filter(drawn);
  document.getElementById("chart-costs").scrollIntoView();
  setTimeout(function () {
    out.scrolled = ids.filter(drawn);
    window.scrollTo(0, 0);
    var box = document.querySelector("input.filter");
    box.value = "store-2"; box.dispatchEvent(new Event("input"));
    out.filtered = names();
    box.value = ""; box.dispatchEvent(new Event("input"));
    document.querySelectorAll("#stock-summary th")[2].click();
    tb.querySelector("tr.more button").click();
    out.fills = Array.prototype.map.call(tb.rows, function (r) { return r.cells[2].firstChild.nodeValue; });
    var row = tb.rows[150], sel = document.getElementById("chart-stock-select");
    row.click();
    out.opened = [row.cells[0].textContent, sel.options[sel.selectedIndex].text];
    window.dispatchEvent(new Event("beforeprint"));
    out.undrawn = ids.filter(function (id) { return !drawn(id); });
    window.dispatchEvent(new Event("afterprint"));
    var rank = document.getElementById("rank-select");
    rank.value = "3"; rank.dispatchEvent(new Event("change"));
    out.ranking = Array.prototype.filter.call(document.querySelectorAll('[data-for="rank-select"]'), function (p) { return !p.hidden; })
      .map(function (p) { return p.textContent; });
    document.body.setAttribute("data-result", JSON.stringify(out));
  }, 3000);
});
</script>`

// TestBrowserLargeReport opens the report of a network of 252 stock points
// in a window 1,400 pixels wide and checks that it draws only the charts
// near the top and then those scrolled to, writes the first 100 summary
// rows, filters and sorts over every row, shows them all on request, opens
// a stock point's chart from its row, draws every chart before printing,
// switches the ranking's note and title with its selector, and logs no
// error.
func TestBrowserLargeReport(t *testing.T) {
	t.Parallel()
	chromium := browserPrerequisites(t)
	script, _ := DefaultScript()
	dir := t.TempDir()
	var b bytes.Buffer
	require.NoError(t, Write(&b, fakeResults(t, fakeModel(250), 200), fakeMeta, Options{Script: script}))
	page := b.String()
	end := strings.LastIndex(page, "</body>")
	page = strings.Replace(page[:end], "<head>", "<head>"+probe, 1) + interact + page[end:]
	path := filepath.Join(dir, "large.html")
	require.NoError(t, os.WriteFile(path, []byte(page), 0o644))

	dom := runChromium(t, chromium, dir, "--window-size=1400,1000", "--dump-dom", "file://"+path)
	attr := func(name string, v any) {
		t.Helper()
		got := regexp.MustCompile(name + `="([^"]*)"`).FindSubmatch(dom)
		require.NotNil(t, got, "the page wrote no %s", name)
		require.NoError(t, json.Unmarshal([]byte(html.UnescapeString(string(got[1]))), v))
	}
	var p probeResult
	attr("data-probe", &p)
	assert.Empty(t, p.Errors)
	var r struct {
		Rows                             int
		More                             string
		Drawn, Scrolled, Undrawn, Opened []string
		Filtered, Fills, Ranking         []string
	}
	attr("data-result", &r)
	assert.Equal(t, maxSummaryRows+1, r.Rows, "the first 100 rows and one that counts the others")
	assert.Equal(t, "…Showing 100 of 252 stock points. Show all 252", r.More)
	assert.Contains(t, r.Drawn, "chart-map", "the chart at the top is drawn at once")
	assert.NotContains(t, r.Drawn, "chart-costs", "the charts far below are not drawn before they are scrolled to")
	assert.Contains(t, r.Scrolled, "chart-costs", "a chart is drawn when scrolled to")
	assert.NotContains(t, r.Scrolled, "chart-stock", "charts scrolled past are not drawn")
	assert.Len(t, r.Filtered, 62, "store-2, store-20 to 29 and store-200 to 250, found beyond the first 100 rows")
	assert.Contains(t, r.Filtered, "store-250")
	require.Len(t, r.Fills, 252, "every row, shown on request")
	fills := make([]float64, len(r.Fills))
	for i, f := range r.Fills {
		x, err := strconv.ParseFloat(strings.TrimSuffix(f, "%"), 64)
		require.NoError(t, err, "row %d", i)
		fills[i] = x
	}
	assert.True(t, slices.IsSorted(fills), "sorted by fill rate, lowest first, over every row")
	assert.Equal(t, r.Opened[0], r.Opened[1], "clicking a row chooses its stock point's chart")
	assert.Empty(t, r.Undrawn, "every chart is drawn before printing")
	require.Len(t, r.Ranking, 2, "one note and one title show for the chosen ranking")
	assert.True(t, strings.HasPrefix(r.Ranking[0], "The 40 highest total costs per day of 252 stock points"), r.Ranking[0])
	assert.Equal(t, "Cost per day", r.Ranking[1])
}
