package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mixedFile uses every new supply and information feature at once: a plant
// with a bill of materials, a component from two suppliers with failover
// and purchase terms, priority allocation, a forecast, shrink with cycle
// counts, demand from a history, and four kinds of disruption, one of
// which (harmless) can change nothing.
const mixedFile = "../../testdata/valid/mixed.toml"

type mixedStat struct {
	Values []*float64 `json:"values"`
}

type mixedRun struct {
	Stock       []map[string]json.RawMessage `json:"stock"`
	Disruptions []struct {
		Name   string `json:"name"`
		Impact struct {
			Network map[string]json.RawMessage   `json:"network"`
			Stock   []map[string]json.RawMessage `json:"stock"`
		} `json:"impact"`
	} `json:"disruptions"`
	AllDisruptions json.RawMessage `json:"all_disruptions"`
	Network        json.RawMessage `json:"network"`
}

func readMixed(t *testing.T, path string) ([]byte, mixedRun) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var r mixedRun
	require.NoError(t, json.Unmarshal(data, &r))
	return data, r
}

func TestMixedValidatesAndRuns(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := supplysim(t, "validate", mixedFile)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "5 stock points, 3 demand streams")

	dir := t.TempDir()
	var outs [2][]byte
	var run mixedRun
	for i, w := range []string{"1", "3"} {
		path := filepath.Join(dir, "w"+w+".json")
		code, stdout, stderr := supplysim(t, "run", mixedFile, "--no-report", "--workers", w, "--json", path)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stdout, "what each disruption changed")
		outs[i], run = readMixed(t, path)
	}
	assert.True(t, string(outs[0]) == string(outs[1]), "the JSON depends on the number of workers")

	// The outcome of every unit demanded is one of five: they add up to 1
	// in every replication at every stock point with demand.
	parts := []string{"fill_rate", "filled_late_rate", "lost_at_once_rate", "cancel_rate", "waiting_at_end_rate"}
	require.Len(t, run.Stock, 5)
	for _, s := range run.Stock {
		var at, sku string
		require.NoError(t, json.Unmarshal(s["at"], &at))
		require.NoError(t, json.Unmarshal(s["sku"], &sku))
		var sums []float64
		for _, p := range parts {
			var st mixedStat
			require.NoError(t, json.Unmarshal(s[p], &st), p)
			if sums == nil {
				sums = make([]float64, len(st.Values))
			}
			require.Len(t, st.Values, len(sums))
			for i, v := range st.Values {
				require.NotNil(t, v, "%s/%s %s replication %d", at, sku, p, i)
				sums[i] += *v
			}
		}
		for i, sum := range sums {
			assert.InDelta(t, 1, sum, 1e-9, "%s/%s replication %d: the outcomes add up to %v", at, sku, i, sum)
		}
	}

	// A disruption that can change nothing has an impact of exactly zero,
	// at every stock point and for the network.
	var found bool
	for _, d := range run.Disruptions {
		if d.Name != "harmless" {
			continue
		}
		found = true
		for _, key := range []string{"extra_backordered_units", "extra_lost_units", "extra_backorder_unit_days", "extra_cost", "fill_rate_lost", "peak_extra_backorders"} {
			assertZeros(t, "network "+key, d.Impact.Network[key])
			for _, s := range d.Impact.Stock {
				assertZeros(t, fmt.Sprintf("%s %s", s["at"], key), s[key])
			}
		}
	}
	assert.True(t, found, "the harmless disruption is in the JSON")
}

func assertZeros(t *testing.T, what string, raw json.RawMessage) {
	t.Helper()
	var st mixedStat
	require.NoError(t, json.Unmarshal(raw, &st), what)
	require.NotEmpty(t, st.Values, what)
	for i, v := range st.Values {
		if assert.NotNil(t, v, "%s replication %d", what, i) {
			assert.Zero(t, *v, "%s replication %d", what, i)
		}
	}
}

// Removing the harmless disruption from the file changes no stock point's
// figures and no network figure, nor the impact of all disruptions together.
func TestMixedHarmlessDisruptionChangesNothing(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(mixedFile)
	require.NoError(t, err)
	text := string(data)
	i := strings.Index(text, "[[disruption]]\nname = \"harmless\"")
	j := strings.Index(text, "[[expect]]")
	require.True(t, i > 0 && j > i)
	dir := t.TempDir()
	csv, err := os.ReadFile("../../testdata/valid/mixed-sales.csv")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mixed-sales.csv"), csv, 0o644))
	without := filepath.Join(dir, "without.toml")
	require.NoError(t, os.WriteFile(without, []byte(text[:i]+text[j:]), 0o644))

	var runs [2]mixedRun
	for k, f := range []string{mixedFile, without} {
		path := filepath.Join(dir, fmt.Sprint(k, ".json"))
		code, _, stderr := supplysim(t, "run", f, "--no-report", "--json", path)
		require.Equal(t, exitOK, code, stderr)
		_, runs[k] = readMixed(t, path)
	}
	assert.Equal(t, runs[1].Stock, runs[0].Stock)
	assert.JSONEq(t, string(runs[1].Network), string(runs[0].Network))
	// Together, the disruptions change what they changed without it; only
	// recovery, counted from the end of the last window of any of them
	// (the harmless one's included), may differ.
	var all [2]struct {
		Network map[string]json.RawMessage   `json:"network"`
		Stock   []map[string]json.RawMessage `json:"stock"`
	}
	for k := range all {
		require.NoError(t, json.Unmarshal(runs[k].AllDisruptions, &all[k]))
		delete(all[k].Network, "recovery_days")
		delete(all[k].Network, "not_recovered")
		for _, s := range all[k].Stock {
			delete(s, "recovery_days")
			delete(s, "not_recovered")
		}
	}
	assert.Equal(t, all[1], all[0])
	require.Len(t, runs[0].Disruptions, len(runs[1].Disruptions)+1)
	for k, d := range runs[1].Disruptions {
		assert.Equal(t, d.Impact.Network, runs[0].Disruptions[k].Impact.Network, d.Name)
	}
}

// Three shards merged are the run, byte for byte: JSON, CSV and report.
func TestMixedShardsMergeToTheRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	one, merged := filepath.Join(dir, "one"), filepath.Join(dir, "merged")
	require.NoError(t, os.MkdirAll(one, 0o755))
	require.NoError(t, os.MkdirAll(merged, 0o755))
	code, _, stderr := supplysim(t, append([]string{"run", mixedFile}, outputArgs(one)...)...)
	require.Equal(t, exitOK, code, stderr)
	var parts []string
	for i := range 3 {
		part := filepath.Join(dir, fmt.Sprintf("part-%d.json", i))
		code, _, stderr := supplysim(t, "run", mixedFile, "--shard", fmt.Sprintf("%d/3", i), "--json", part)
		require.Equal(t, exitOK, code, stderr)
		parts = append(parts, part)
	}
	code, _, stderr = supplysim(t, append(append([]string{"merge"}, parts...), outputArgs(merged)...)...)
	require.Equal(t, exitOK, code, stderr)
	assertSameFiles(t, one, merged)
}

// check judges a network expectation on the mixed scenario.
func TestMixedCheckNetwork(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := supplysim(t, "check", mixedFile)
	require.Equal(t, exitOK, code, "%s\n%s", stdout, stderr)
	assert.Contains(t, stdout, "network")
	assert.Contains(t, stdout, "network customers are served")
}
