package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	singleStore = "../../scenarios/single-store.toml"
	twoEchelon  = "../../scenarios/two-echelon.toml"
	comparison  = "../../scenarios/safety-stock-comparison.toml"
)

func TestVariantCommandLines(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"listed in help", []string{"help"}, exitOK, []string{"compare    FILE...", "sweep      FILE "}, nil},
		{"compare flags", []string{"compare", "-h"}, exitOK, nil,
			[]string{"usage: supplysim compare [flags] FILE [FILE...]", "-variant NAME:PATH=VALUE[;PATH=VALUE...]", "-precision H", "-max-reps", "-set PATH=VALUE"}},
		{"sweep flags", []string{"sweep", "-h"}, exitOK, nil, []string{"usage: supplysim sweep [flags] FILE", "-param PATH", "-values START:STOP:STEP", "-target METRIC>=VALUE"}},

		{"run --set", []string{"run", singleStore, "--no-report", "--reps", "4", "--set", "stock[shop].policy.S=15"}, exitOK, []string{"shop/kettle  9"}, nil},
		{"run --set syntax", []string{"run", singleStore, "--set", "stock[shop].policy.S"}, exitUsage, nil,
			[]string{`invalid value "stock[shop].policy.S" for flag -set: "stock[shop].policy.S": expected stock[shop].policy.S=VALUE`}},
		{"run --set unknown stock", []string{"run", singleStore, "--set", "stock[shp].policy.S=3"}, exitError, nil,
			[]string{`single-store.toml: --set 'stock[shp].policy.S=3': stock[shp] matches no stock point; hint: did you mean "shop"?`}},
		{"run --set bad value", []string{"run", singleStore, "--set", "stock[shop].policy.S=-3"}, exitError, nil,
			[]string{"single-store.toml: --set 'stock[shop].policy.S=-3': stock point shop/kettle: policy.S: must not be negative, got -3"}},
		{"validate --set", []string{"validate", singleStore, "--set", "scenario.replication=3"}, exitError, nil,
			[]string{`unknown key "replication" in [scenario]; hint: did you mean "replications"?`}},
		{"check --set", []string{"check", singleStore, "--reps", "4", "--set", "stock[shop].policy.S=18"}, exitExpected,
			[]string{`FAIL  shop/kettle  fill_rate in [0.65, 0.75]`}, nil},

		{"compare no file", []string{"compare"}, exitUsage, nil, []string{"compare needs a scenario file"}},
		{"compare nothing to compare", []string{"compare", singleStore}, exitUsage, nil,
			[]string{"single-store.toml has no [[variant]] tables: nothing to compare it with"}},
		{"compare unknown variant", []string{"compare", comparison, "--variant", "z99"}, exitUsage, nil,
			[]string{"--variant z99: no [[variant]] of that name (the file has z90, z98, fill98, twice-weekly)"}},
		{"compare variant name taken", []string{"compare", singleStore, "--variant", "base:scenario.seed=2"}, exitUsage, nil,
			[]string{`the name "base" is taken`}},
		{"compare variant syntax", []string{"compare", singleStore, "--variant", "a:stock[shop]"}, exitUsage, nil,
			[]string{"--variant a: stock[shop]: name a key below it"}},
		{"compare variant bad path", []string{"compare", singleStore, "--variant", "a:stock[shop].policy.safety_stock.service_level=0.9"}, exitError, nil,
			[]string{"single-store.toml: --variant a: 'stock[shop].policy.safety_stock.service_level=0.9': stock point shop/kettle: policy.safety_stock: give S or safety_stock, not both",
				"to switch, remove S in the same changes: stock[shop].policy.S="}},
		{"compare files and variants", []string{"compare", singleStore, singleStore, "--variant", "a:scenario.seed=2"}, exitUsage, nil,
			[]string{"--variant makes variants of one scenario file"}},
		{"compare bad metric", []string{"compare", comparison, "--metrics", "fill"}, exitUsage, nil, []string{`--metrics: unknown metric "fill"`}},
		{"compare bad target", []string{"compare", comparison, "--target", "fill_rate>0.98"}, exitUsage, nil,
			[]string{"--target \"fill_rate>0.98\": write METRIC>=VALUE"}},
		{"compare target", []string{"compare", comparison, "--reps", "4", "--no-report", "--metrics", "fill_rate", "--target", "fill_rate>=0.5"}, exitOK,
			[]string{"target fill_rate>=0.5: cheapest run meeting it on its whole 95% CI: "}, nil},
		{"compare one rep", []string{"compare", comparison, "--reps", "1"}, exitUsage, nil, []string{"--reps must be at least 2"}},
		{"compare other network", []string{"compare", singleStore, twoEchelon, "--no-report"}, exitError, nil,
			[]string{"two-echelon has 4 stock points and single-store 1: compare variants of one network"}},

		{"sweep no param", []string{"sweep", singleStore}, exitUsage, nil, []string{"sweep needs --param PATH and --values"}},
		{"sweep values missing", []string{"sweep", singleStore, "--param", "stock[shop].policy.S"}, exitUsage, nil, []string{"give one --values after each --param"}},
		{"sweep bad values", []string{"sweep", singleStore, "--param", "stock[shop].policy.S", "--values", "16:8:1"}, exitUsage, nil,
			[]string{"--values 16:8:1: STOP must not be below START"}},
		{"sweep bad target", []string{"sweep", singleStore, "--param", "stock[shop].policy.S", "--values", "8:9:1", "--target", "fill>0.9"}, exitUsage, nil,
			[]string{"--target \"fill>0.9\": write METRIC>=VALUE"}},
		{"sweep bad param", []string{"sweep", singleStore, "--param", "stock[shops].policy.S", "--values", "8:9:1"}, exitError, nil,
			[]string{`--param stock[shops].policy.S: stock[shops] matches no stock point; hint: did you mean "shop"?`}},
		{"sweep bad value", []string{"sweep", singleStore, "--param", "stock[shop].policy.S", "--values", "-1,2"}, exitError, nil,
			[]string{"--param stock[shop].policy.S=-1: stock point shop/kettle: policy.S: must not be negative"}},
		{"sweep bad at", []string{"sweep", twoEchelon, "--param", "stock[dc-newark].policy.s", "--values", "1300", "--at", "stroe-*"}, exitError, nil,
			[]string{"--at stroe-*: stock[stroe-*] matches no stock point; hint: known stock points: dc-newark, store-soho, store-brooklyn, store-hoboken"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := supplysim(t, tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, stdout, s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, stderr, s)
			}
			assert.NotContains(t, stderr, "goroutine", "no stack traces")
		})
	}
}

// compareJSON is what the tests read of `compare --json`.
type compareJSON struct {
	Schema       int    `json:"schema"`
	Kind         string `json:"kind"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Runs         []struct {
		Name    string   `json:"name"`
		Changes []string `json:"changes"`
	} `json:"runs"`
	Stock []struct {
		At, SKU string
		KPIs    []struct {
			Metric string `json:"metric"`
			Runs   []struct {
				Run    string     `json:"run"`
				Values []*float64 `json:"values"`
			} `json:"runs"`
			Changes []struct {
				Run         string     `json:"run"`
				Mean        *float64   `json:"mean"`
				CI95Paired  *float64   `json:"ci95_paired"`
				CI95Welch   *float64   `json:"ci95_unpaired"`
				Significant bool       `json:"significant"`
				Values      []*float64 `json:"values"`
			} `json:"changes"`
		} `json:"kpis"`
	} `json:"stock"`
	Precision *struct {
		Met          bool  `json:"met"`
		Rounds       []int `json:"rounds"`
		PairedNeeded int   `json:"replications_needed_paired"`
		IndepNeeded  int   `json:"replications_needed_independent"`
	} `json:"precision"`
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, v))
}

// A variant identical to the baseline differs by exactly zero in every
// replication; a higher S fills better, significantly, with a paired
// interval far narrower than the unpaired one.
func TestCompareVariants(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j := filepath.Join(dir, "cmp.json")
	code, stdout, stderr := supplysim(t, "compare", singleStore, "--reps", "10", "--json", j, "--no-report",
		"--variant", "same:stock[shop].policy.S=12", "--variant", "more:stock[shop].policy.S=14")
	require.Equal(t, exitOK, code, stderr)
	for _, s := range []string{"2 variants against base, 10 replications each, seed 1 (common random numbers)",
		"same  stock[shop].policy.S=12", "change vs base (paired)", "unpaired CI", "Holm-corrected", "pairing: the fill rate changes are"} {
		assert.Contains(t, stdout, s)
	}
	var out compareJSON
	readJSON(t, j, &out)
	assert.Equal(t, 1, out.Schema)
	assert.Equal(t, "comparison", out.Kind)
	assert.Equal(t, 10, out.Replications)
	require.Len(t, out.Runs, 3)
	assert.Equal(t, []string{"stock[shop].policy.S=14"}, out.Runs[2].Changes)
	require.Len(t, out.Stock, 1)
	for _, k := range out.Stock[0].KPIs {
		same, more := k.Changes[0], k.Changes[1]
		require.Len(t, same.Values, 10)
		for _, v := range same.Values {
			require.NotNil(t, v, k.Metric)
			assert.Zero(t, *v, k.Metric)
		}
		assert.False(t, same.Significant, k.Metric)
		if k.Metric == "fill_rate" {
			for r, v := range more.Values {
				assert.Positive(t, *v, "replication %d", r)
			}
			assert.True(t, more.Significant)
			assert.Less(t, *more.CI95Paired, *more.CI95Welch)
		}
	}
}

// The file's own [[variant]] tables run when no --variant is given; with
// --precision, replications are added until the paired interval is narrow
// enough, and the output says how many an unpaired comparison would need.
func TestCompareFileVariantsWithPrecision(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j := filepath.Join(dir, "cmp.json")
	code, stdout, stderr := supplysim(t, "compare", comparison, "--reps", "6", "--json", j, "--no-report",
		"--metrics", "avg_on_hand", "--precision", "0.01", "--precision-metric", "fill_rate")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "4 variants against base")
	assert.Contains(t, stdout, "twice-weekly  stock[store-*].policy.review=3.5d")
	assert.Contains(t, stdout, "fill rate", "the precision metric is shown too")
	assert.Contains(t, stdout, "precision met: the widest 95% half-width of paired change of fill_rate is")
	assert.Contains(t, stdout, "paired (common random numbers),")
	var out compareJSON
	readJSON(t, j, &out)
	require.NotNil(t, out.Precision)
	assert.True(t, out.Precision.Met)
	assert.Equal(t, 6, out.Precision.Rounds[0])
	assert.Positive(t, out.Precision.PairedNeeded)
	assert.Positive(t, out.Precision.IndepNeeded)

	code, stdout, stderr = supplysim(t, "compare", comparison, "--variant", "z98", "--reps", "4", "--no-report",
		"--precision", "0.00001", "--max-reps", "9")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "precision NOT met: stopped at the maximum of 9 replications (--max-reps)")
	assert.Contains(t, stdout, "rounds of 4, 9 replications")
}

// Several files of one network compare as runs; the report is written
// where -o says, and JSON and HTML do not depend on the number of workers.
func TestCompareFilesDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, err := os.ReadFile(singleStore)
	require.NoError(t, err)
	more := filepath.Join(dir, "more-stock.toml")
	require.NoError(t, os.WriteFile(more, []byte(strings.Replace(string(data), "S = 12 }", "S = 14 }", 1)), 0o644))
	outputs := func(workers string) (string, string) {
		j, h := filepath.Join(dir, "w"+workers+".json"), filepath.Join(dir, "w"+workers+".html")
		code, stdout, stderr := supplysim(t, "compare", singleStore, more, "--reps", "5", "--workers", workers, "--json", j, "-o", h)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stdout, "1 variant against single-store")
		assert.Regexp(t, `more-stock +`+regexp.QuoteMeta(more), stdout)
		assert.Contains(t, stdout, "report: "+h)
		read := func(p string) string {
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			return string(b)
		}
		return read(j), read(h)
	}
	j1, h1 := outputs("1")
	j3, h3 := outputs("3")
	assert.Equal(t, j1, j3)
	assert.Equal(t, h1, h3)
	// Checked with booleans: a failure must not print the whole page.
	for _, s := range []string{"<title>Single store, base stock — 1 variant against single-store · supplysim comparison</title>",
		`id="cmp-change-fill_rate"`, `id="cmp-series-0"`, "Holm", `"animation":false`} {
		assert.True(t, strings.Contains(h1, s), s)
	}
}

type sweepJSON struct {
	Kind   string `json:"kind"`
	Chosen *int   `json:"chosen"`
	Params []struct {
		Path   string   `json:"path"`
		Values []string `json:"values"`
	} `json:"params"`
	Points []struct {
		Values   []string `json:"values"`
		FillRate struct {
			Mean float64 `json:"mean"`
		} `json:"fill_rate"`
		Frontier bool     `json:"frontier"`
		Meets    bool     `json:"meets_target"`
		Levels   []string `json:"derived_levels"`
	} `json:"points"`
}

func TestSweep(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j, h := filepath.Join(dir, "sweep.json"), filepath.Join(dir, "sweep.html")
	code, stdout, stderr := supplysim(t, "sweep", singleStore, "--param", "stock[shop].policy.S", "--values", "12:16:2",
		"--target", "fill_rate>=0.9", "--reps", "8", "--json", j, "-o", h)
	require.Equal(t, exitOK, code, stderr)
	for _, s := range []string{"sweep of 3 settings, 8 replications each", "stock[shop].policy.S", "<- cheapest",
		"target fill_rate>=0.9 (on the 95% CI's lower end): the cheapest setting that meets it is stock[shop].policy.S=16", "report: " + h} {
		assert.Contains(t, stdout, s)
	}
	var out sweepJSON
	readJSON(t, j, &out)
	assert.Equal(t, "sweep", out.Kind)
	assert.Equal(t, []string{"12", "14", "16"}, out.Params[0].Values)
	require.Len(t, out.Points, 3)
	require.NotNil(t, out.Chosen)
	assert.Equal(t, 2, *out.Chosen)
	for i, p := range out.Points {
		assert.True(t, p.Frontier)
		if i > 0 {
			assert.Greater(t, p.FillRate.Mean, out.Points[i-1].FillRate.Mean)
		}
	}
	html, err := os.ReadFile(h)
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(html), `id="sweep-frontier"`))

	// A service-level sweep shows target versus achieved, a grid of two
	// parameters runs every combination, and a target nobody meets says so.
	code, stdout, stderr = supplysim(t, "sweep", comparison, "--param", "stock[store-*].policy.safety_stock.service_level", "--values", "0.90,0.98",
		"--param", "stock[store-*].policy.review", "--values", "7d,3.5d", "--target", "fill_rate>=0.9999", "--reps", "4", "--no-report", "--cost")
	require.Equal(t, exitOK, code, stderr)
	for _, s := range []string{"sweep of 4 settings", "stock[store-*].policy.review", "  3.5d  ", "achieved cycle service level",
		"S=", "no setting meets it; the closest is", "target versus achieved (cycle service level of store-soho/hoodie-m, store-brooklyn/hoodie-m)", "cost/day"} {
		assert.Contains(t, stdout, s)
	}

	code, stdout, stderr = supplysim(t, "sweep", singleStore, "--param", "stock[shop].policy.S", "--values", "10,14", "--reps", "4",
		"--no-report", "--precision", "0.02")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "precision met: the widest 95% half-width of fill_rate is")
}
