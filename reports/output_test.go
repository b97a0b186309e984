package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// results builds a one-stock-point result by hand: fill rate known in both
// replications, backorder delay in one, cycle service level in none.
func results() *sim.Results {
	m := &sim.Model{Name: "n", Horizon: 10, Replications: 2, Seed: 3,
		Stocks: []sim.StockPoint{{At: "shop", SKU: "kettle", Source: "vendor", Policy: sim.Policy{Type: sim.BaseStock}}}}
	sr := sim.StockResult{At: "shop", SKU: "kettle"}
	for _, md := range sim.Metrics {
		vals := []float64{0.5, 0.7}
		switch md.Name {
		case "backorder_delay_days":
			vals = []float64{1.5, math.NaN()}
		case "cycle_service_level":
			vals = []float64{math.NaN(), math.NaN()}
		}
		sr.Metrics = append(sr.Metrics, stats.Summarize(vals))
	}
	return &sim.Results{Model: m, Derivations: []sim.Derivation{{OrderUpTo: 12}}, Stocks: []sim.StockResult{sr}}
}

func TestJSONContract(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, results(), sim.Meta{Version: "1.2.3", File: "f.toml", SHA256: "ab"}))
	var out map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &out))
	assert.Equal(t, float64(Schema), out["schema"])
	assert.Equal(t, "1.2.3", out["version"])
	stock := out["stock"].([]any)[0].(map[string]any)
	fill := stock["fill_rate"].(map[string]any)
	assert.Equal(t, []any{0.5, 0.7}, fill["values"])
	assert.InDelta(t, 0.6, fill["mean"], 1e-12)
	delay := stock["backorder_delay_days"].(map[string]any)
	assert.Equal(t, []any{1.5, nil}, delay["values"], "an undefined replication is null")
	assert.Nil(t, delay["ci95"], "no interval from one defined value")
	assert.NotContains(t, stock, "cycle_service_level", "a metric undefined everywhere is left out")
	assert.Equal(t, 12.0, stock["policy"].(map[string]any)["order_up_to"])
	// Metrics keep their documented order.
	assert.Less(t, strings.Index(b.String(), `"fill_rate"`), strings.Index(b.String(), `"cost_total"`))
}

func TestCSVReplications(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := NewFiles(context.Background(), io.Discard)
	require.NoError(t, WriteCSV(f, dir, results()))
	require.NoError(t, f.Commit())
	data, err := os.ReadFile(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 3)
	assert.True(t, strings.HasPrefix(lines[0], "replication,at,sku,fill_rate,"))
	assert.True(t, strings.HasPrefix(lines[2], "1,shop,kettle,0.7,"))
	_, err = os.Stat(filepath.Join(dir, "series.csv"))
	assert.True(t, os.IsNotExist(err), "no series were recorded")
}
