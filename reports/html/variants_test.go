package html

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
	"github.com/supplysim/supplysim/sim/stats"
)

// shifted returns fake results whose metric is moved by delta, with a
// little noise of its own per replication.
func shifted(t testing.TB, m *sim.Model, days int, metric string, delta float64) *sim.Results {
	res := fakeResults(t, m, days)
	k := sim.MetricIndex(metric)
	for i := range res.Stocks {
		vals := append([]float64(nil), res.Stocks[i].Metrics[k].Values...)
		for r := range vals {
			vals[r] += delta * (1 + 0.3*math.Sin(float64(r+i)))
		}
		res.Stocks[i].Metrics[k] = stats.Summarize(vals)
	}
	return res
}

func fakeComparison(t testing.TB) *compare.Comparison {
	m := fakeModel(2)
	runs := []compare.Run{
		{Name: "base", File: "testdata/fake.toml", Results: fakeResults(t, m, 60)},
		{Name: "more", File: "testdata/fake.toml", Changes: []string{"stock[store-*].policy.safety_stock.service_level=0.98"},
			Results: shifted(t, m, 60, "fill_rate", 0.01)},
	}
	c, err := compare.New(runs, nil)
	require.NoError(t, err)
	c.SetTarget(&compare.Target{Metric: "fill_rate", AtLeast: true, Bound: 0.9})
	return c
}

func fakeSweep(t testing.TB) *compare.Sweep {
	m := fakeModel(2)
	var points []compare.Point
	for i, v := range []string{"0.90", "0.95", "0.98"} {
		res := shifted(t, m, 60, "fill_rate", 0.01*float64(i))
		k := sim.MetricIndex("avg_on_hand")
		for s := range res.Stocks {
			vals := append([]float64(nil), res.Stocks[s].Metrics[k].Values...)
			for r := range vals {
				vals[r] += 5 * float64(i)
			}
			res.Stocks[s].Metrics[k] = stats.Summarize(vals)
		}
		points = append(points, compare.Point{Values: []string{v}, Results: res})
	}
	target := compare.Target{Metric: "fill_rate", AtLeast: true, Bound: 0.85}
	params := []compare.Param{{Path: "stock[store-*].policy.safety_stock.service_level", Values: []string{"0.90", "0.95", "0.98"}}}
	s, err := compare.NewSweep(params, points, compare.SweepOptions{Target: &target, TargetParam: 0,
		Addressed: []string{"store-1/widget", "store-2/widget"}})
	require.NoError(t, err)
	return s
}

// TestVariantGoldens compares the comparison and sweep pages, with a stub
// in place of the ECharts bundle, against testdata; run
// `go test ./reports -update` after an intended change.
func TestVariantGoldens(t *testing.T) {
	t.Parallel()
	opt := Options{Script: stubScript, Renderer: "svg"}
	pages := map[string]func(*bytes.Buffer) error{
		"compare": func(b *bytes.Buffer) error {
			return WriteComparison(b, fakeComparison(t), fakeMeta, []string{"precision met: a note"}, opt)
		},
		"sweep": func(b *bytes.Buffer) error { return WriteSweep(b, fakeSweep(t), fakeMeta, nil, opt) },
	}
	for name, write := range pages {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got, again bytes.Buffer
			require.NoError(t, write(&got))
			require.NoError(t, write(&again))
			assert.Equal(t, got.String(), again.String(), "the same input gives the same bytes")
			path := filepath.Join("testdata", name+".html")
			if *update {
				require.NoError(t, os.WriteFile(path, got.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./reports -update")
			if !bytes.Equal(want, got.Bytes()) {
				t.Errorf("%s differs from the page (run go test ./reports -update and review the diff)\n%s", path, firstDiff(want, got.Bytes()))
			}
		})
	}
}

func TestVariantPagesContent(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	require.NoError(t, WriteComparison(&b, fakeComparison(t), fakeMeta, nil, Options{Script: stubScript}))
	page := b.String()
	// Checked with booleans: a failure must not print the whole page.
	for _, s := range []string{"Fake chain — 1 variant against base", "stock[store-*].policy.safety_stock.service_level=0.98",
		`id="cmp-change-fill_rate"`, `id="cmp-value-cost_total"`, `id="cmp-series-2"`, "unpaired ± ", "Holm", "/* echarts stub */"} {
		assert.True(t, strings.Contains(page, s), s)
	}
	b.Reset()
	require.NoError(t, WriteSweep(&b, fakeSweep(t), fakeMeta, nil, Options{Script: stubScript}))
	page = b.String()
	for _, s := range []string{"sweep of stock[store-*].policy.safety_stock.service_level", `id="sweep-frontier"`, `id="sweep-achieved"`,
		"cheapest that meets it", "Target versus achieved", "Derived levels"} {
		assert.True(t, strings.Contains(page, s), s)
	}
	assert.Error(t, WriteComparison(&b, &compare.Comparison{}, fakeMeta, nil, Options{}))
	assert.Error(t, WriteSweep(&b, &compare.Sweep{}, fakeMeta, nil, Options{}))
}

// TestVariantsBrowser draws the comparison and sweep pages of real runs in
// headless Chromium with no network, and checks from the DOM that every
// chart drew SVG, whiskers included (they are a custom series the page's
// script draws).
func TestVariantsBrowser(t *testing.T) {
	t.Parallel()
	chromium := browserPrerequisites(t)
	script, _ := DefaultScript()
	data, err := os.ReadFile("../../scenarios/single-store.toml")
	require.NoError(t, err)
	base, err := scenario.Load("scenarios/single-store.toml", data)
	require.NoError(t, err)
	run := func(s string) *sim.Results {
		c, err := keypath.ParseChange(s)
		require.NoError(t, err)
		m, _, err := base.With([]keypath.Change{c})
		require.NoError(t, err)
		m.Replications = 6
		res, err := sim.Run(m, sim.Options{})
		require.NoError(t, err)
		return res
	}
	cmp, err := compare.New([]compare.Run{{Name: "base", Results: run("stock[shop].policy.S=12")},
		{Name: "S14", Results: run("stock[shop].policy.S=14")}}, []string{"fill_rate"}) // few charts: Chromium's time goes on drawing

	require.NoError(t, err)
	var points []compare.Point
	for _, v := range []string{"10", "12", "14", "16"} {
		points = append(points, compare.Point{Values: []string{v}, Results: run("stock[shop].policy.S=" + v)})
	}
	target := compare.Target{Metric: "fill_rate", AtLeast: true, Bound: 0.8}
	sw, err := compare.NewSweep([]compare.Param{{Path: "stock[shop].policy.S", Values: []string{"10", "12", "14", "16"}}}, points,
		compare.SweepOptions{Target: &target, TargetParam: -1})
	require.NoError(t, err)

	dir := t.TempDir()
	opt := Options{Script: script, Renderer: "svg"}
	write := func(name string, fn func(*bytes.Buffer) error) string {
		var b bytes.Buffer
		require.NoError(t, fn(&b))
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b.Bytes(), 0o644))
		return p
	}
	pages := []string{
		write("compare.html", func(b *bytes.Buffer) error { return WriteComparison(b, cmp, fakeMeta, nil, opt) }),
		write("sweep.html", func(b *bytes.Buffer) error { return WriteSweep(b, sw, fakeMeta, nil, opt) }),
	}
	// One page after another: in parallel the runs fight over the CPU.
	doms := make([]string, len(pages))
	for i, page := range pages {
		doms[i] = string(runChromium(t, chromium, dir, "--dump-dom", "file://"+page))
	}
	if t.Failed() {
		return
	}
	for i, page := range pages {
		dom := doms[i]
		assert.False(t, strings.Contains(dom, `class="chart chart-error"`), "%s: ECharts failed to load", page)
		for id, chunk := range chartChunks(dom, chartIDs(t, page)) {
			assert.True(t, strings.Contains(chunk, "<svg"), "%s: chart %s drew no SVG", page, id)
			assert.GreaterOrEqual(t, strings.Count(chunk, "<path"), 6, "%s: chart %s has almost nothing in it", page, id)
		}
	}
}
