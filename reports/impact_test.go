package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

func runScenario(t *testing.T, path string, reps int, opt sim.Options) *sim.Results {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	m, _, err := scenario.Parse(path, data)
	require.NoError(t, err)
	m.Replications = reps
	res, err := sim.Run(m, opt)
	require.NoError(t, err)
	return res
}

// The JSON carries each disruption's impact against its twin, network-wide
// and per stock point, with per-replication values; the window figures
// keep their own names; every stock point's outcomes add up to one.
func TestJSONImpactAndPartition(t *testing.T) {
	t.Parallel()
	res := runScenario(t, "../scenarios/conveyor-failure.toml", 4, sim.Options{})
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, res, sim.Meta{Version: "test"}))
	var out struct {
		Schema      int `json:"schema"`
		Disruptions []struct {
			Name       string         `json:"name"`
			FillDuring map[string]any `json:"window_fill_during"`
			Impact     struct {
				Network map[string]json.RawMessage `json:"network"`
				Stock   []map[string]any           `json:"stock"`
			} `json:"impact"`
		} `json:"disruptions"`
		All *struct {
			Removed []string `json:"removed"`
		} `json:"all_disruptions"`
		Stock []map[string]json.RawMessage `json:"stock"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &out))
	assert.Equal(t, 2, out.Schema)
	require.Len(t, out.Disruptions, 2)
	for _, d := range out.Disruptions {
		assert.NotNil(t, d.FillDuring)
		for _, key := range []string{"extra_backordered_units", "extra_lost_units", "extra_backorder_unit_days", "extra_cost",
			"fill_rate_lost", "time_to_impact_days", "recovery_days", "not_recovered", "peak_extra_backorders", "daily_extra_backorders"} {
			assert.Contains(t, d.Impact.Network, key, d.Name)
		}
		assert.Len(t, d.Impact.Stock, len(res.Stocks))
	}
	require.NotNil(t, out.All)
	assert.Equal(t, []string{"conveyor breakdown", "planned maintenance"}, out.All.Removed)

	parts := []string{"fill_rate", "filled_late_rate", "lost_at_once_rate", "cancel_rate", "waiting_at_end_rate"}
	for _, st := range out.Stock {
		if _, ok := st["fill_rate"]; !ok {
			continue // no demand
		}
		sum := make([]float64, 4)
		for _, p := range parts {
			var s struct{ Values []float64 }
			require.NoError(t, json.Unmarshal(st[p], &s), p)
			for r, v := range s.Values {
				sum[r] += v
			}
		}
		for r := range sum {
			assert.InDelta(t, 1, sum[r], 1e-9, "replication %d", r)
		}
	}
}

// The table sets where demand went, service targets and impact beside the
// KPIs; without twins it says impact was not measured.
func TestTableSections(t *testing.T) {
	t.Parallel()
	res := runScenario(t, "../scenarios/conveyor-failure.toml", 3, sim.Options{})
	var b strings.Builder
	require.NoError(t, WriteTable(&b, res))
	for _, want := range []string{"where the units demanded went (these add up to 100%)", "filled at once", "still waiting",
		"safety stock sized for a target", "cycle service level", "what each disruption changed", "conveyor breakdown", "all together"} {
		assert.Contains(t, b.String(), want)
	}
	res = runScenario(t, "../scenarios/conveyor-failure.toml", 3, sim.Options{NoImpact: true})
	b.Reset()
	require.NoError(t, WriteTable(&b, res))
	assert.Contains(t, b.String(), "impact not measured (--no-impact)")
	assert.NotContains(t, b.String(), "all together")
}
