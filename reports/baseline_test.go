package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/scenario"
)

// runFile runs a scenario of testdata/check with the given seed.
func runFile(t *testing.T, name string, seed uint64) (*sim.Results, sim.Meta) {
	t.Helper()
	path := "../testdata/check/" + name
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	m, _, err := scenario.Parse(path, data)
	require.NoError(t, err)
	m.Seed = seed
	res, err := sim.Run(m, sim.Options{NoSeries: true})
	require.NoError(t, err)
	return res, sim.Meta{Version: "1.0.0", File: path, SHA256: strings.Repeat("ab", 32)}
}

func baselineJSON(t *testing.T, res *sim.Results, meta sim.Meta) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, res, meta))
	return b.Bytes()
}

// A baseline read back carries every per-replication value bit for bit,
// and metrics left out of the JSON (undefined everywhere) read as NaN.
func TestBaselineRoundTrip(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	b, err := ReadBaseline(bytes.NewReader(baselineJSON(t, res, meta)))
	require.NoError(t, err)
	assert.Equal(t, Schema, b.Schema)
	assert.Equal(t, "1.0.0", b.Version)
	assert.Equal(t, meta.SHA256, b.SHA256)
	assert.Equal(t, res.Model.Seed, b.Seed)
	assert.Equal(t, res.Model.Replications, b.Replications)
	assert.Equal(t, sim.MetricNames(), b.Metrics)
	require.Len(t, b.Stock, 1)
	bs := &b.Stock[0]
	assert.Equal(t, "shop", bs.At)
	assert.Equal(t, "kettle", bs.SKU)
	for i, md := range sim.Metrics {
		want := res.Stocks[0].Metrics[i]
		_, present := bs.Metrics[md.Name]
		assert.Equal(t, want.N > 0, present, "%s: left out of the JSON exactly when undefined everywhere", md.Name)
		got := b.Metric(bs, md.Name)
		require.Len(t, got.Values, len(want.Values), md.Name)
		for r := range want.Values {
			w, g := want.Values[r], got.Values[r]
			assert.True(t, math.Float64bits(w) == math.Float64bits(g) || (math.IsNaN(w) && math.IsNaN(g)),
				"%s replication %d: %v != %v", md.Name, r, w, g)
		}
		assert.Equal(t, want.N, got.N, md.Name)
	}
}

func TestCorruptBaselines(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	good := string(baselineJSON(t, res, meta))
	edit := func(f func(map[string]any)) string {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(good), &m))
		f(m)
		out, err := json.Marshal(m)
		require.NoError(t, err)
		return string(out)
	}
	stock := func(m map[string]any) map[string]any { return m["stock"].([]any)[0].(map[string]any) }
	cases := []struct {
		name, data, want string
	}{
		{"empty", " \n", "the file is empty"},
		{"cut short", good[:len(good)/2], "not valid JSON: the file is cut short (line"},
		{"syntax error", "{\n  \"schema\": 1,\n  oops\n}", "not valid JSON: line 3, column 3: invalid character 'o'"},
		{"not an object", "[1, 2]", "not a supplysim result"},
		{"no schema", `{"version": "1.0.0", "stock": []}`, `not a supplysim result: no "schema" key`},
		{"newer schema", edit(func(m map[string]any) { m["schema"] = Schema + 1 }), fmt.Sprintf("schema %d, but this supplysim reads schemas 1 to %d", Schema+1, Schema)},
		{"wrong type", edit(func(m map[string]any) { m["seed"] = "seven" }), `"seed" should be uint64, got string`},
		{"no stock", edit(func(m map[string]any) { delete(m, "stock") }), `no "stock" entries`},
		{"no replications", edit(func(m map[string]any) { m["replications"] = 0 }), `"replications" must be at least 1`},
		{"values missing", edit(func(m map[string]any) { delete(stock(m)["fill_rate"].(map[string]any), "values") }),
			`shop/kettle: fill_rate: expected an object with "values"`},
		{"values short", edit(func(m map[string]any) {
			f := stock(m)["fill_rate"].(map[string]any)
			f["values"] = f["values"].([]any)[1:]
		}), "shop/kettle: fill_rate has 7 values for 8 replications"},
		{"no at", edit(func(m map[string]any) { delete(stock(m), "at") }), `stock entry 1: no "at" string`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadBaseline(strings.NewReader(tc.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// A baseline written by a program that did not know a metric yet: that
// metric is not compared, and a note says so.
func TestBaselineFromOlderVersion(t *testing.T) {
	t.Parallel()
	res, meta := runFile(t, "pass.toml", 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal(baselineJSON(t, res, meta), &m))
	m["metrics"] = m["metrics"].([]any)[:1] // only fill_rate
	m["version"] = "0.9.0"
	data, err := json.Marshal(m)
	require.NoError(t, err)
	b, err := ReadBaseline(bytes.NewReader(data))
	require.NoError(t, err)
	c := check.Compare(res, meta, b, nil)
	assert.Equal(t, check.Paired, c.Mode)
	require.Len(t, c.KPIs, 1)
	assert.Equal(t, "fill_rate", c.KPIs[0].Metric)
	assert.Len(t, c.Notes, len(sim.Metrics)-1)
	assert.Contains(t, c.Notes[0], "order_fill_rate is not in the baseline (written by version 0.9.0): not compared")
}
