package html

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

// mapOption renders a model's report and returns its network map's option.
func mapOption(t *testing.T, m *sim.Model) map[string]any {
	t.Helper()
	b := &builder{res: fakeResults(t, m, 30), opt: Options{Script: stubScript}}
	p := &page{}
	b.networkMap(p)
	require.Equal(t, "chart-map", p.Map.ID)
	p2 := b
	for _, spec := range p2.specs {
		if spec.ID == "chart-map" {
			// As the page sees it.
			j, err := json.Marshal(spec.Option)
			require.NoError(t, err)
			var o map[string]any
			require.NoError(t, json.Unmarshal(j, &o))
			return o
		}
	}
	t.Fatal("no map spec")
	return nil
}

func TestNetworkMapLayers(t *testing.T) {
	t.Parallel()
	m := fakeModel(2)
	m.Disruptions = []sim.Disruption{{Name: "strike", Type: sim.LaneClosure, From: "mill", To: "dc"},
		{Name: "fire", Type: sim.EquipmentFailure, Site: "store-2"}}
	s := series(mapOption(t, m), 0)
	got := map[string][]any{}
	for _, d := range s["data"].([]any) {
		n := d.(map[string]any)
		got[n["name"].(string)] = n["value"].([]any)
	}
	// mill is a supplier (echelon 0); dc and shop are one step on; the
	// stores two; within a column, model order.
	assert.Equal(t, 0.0, got["mill"][0])
	assert.Equal(t, []any{1.0, 1.0}, []any{got["dc"][0], got["shop"][0]})
	assert.Equal(t, []any{2.0, 2.0}, []any{got["store-1"][0], got["store-2"][0]})
	assert.Less(t, got["store-1"][1], got["store-2"][1])
	var dashed []string
	for _, l := range s["links"].([]any) {
		l := l.(map[string]any)
		if l["lineStyle"].(map[string]any)["type"] == "dashed" {
			dashed = append(dashed, l["source"].(string)+">"+l["target"].(string))
		}
	}
	assert.Equal(t, []string{"mill>dc"}, dashed)
	for _, d := range s["data"].([]any) {
		n := d.(map[string]any)
		border := n["itemStyle"].(map[string]any)["borderColor"]
		assert.Equal(t, n["name"] == "store-2", border == red, "%s's border", n["name"])
	}
}

func TestNetworkMapGroupsStores(t *testing.T) {
	t.Parallel()
	s := series(mapOption(t, fakeModel(70)), 0)
	var names []string
	for _, d := range s["data"].([]any) {
		names = append(names, d.(map[string]any)["name"].(string))
	}
	assert.Equal(t, []string{"mill", "dc", "group:mill", "group:dc"}, names)
	assert.Equal(t, "1 store", s["data"].([]any)[2].(map[string]any)["label"].(map[string]any)["formatter"])
	assert.Contains(t, s["data"].([]any)[3].(map[string]any)["tip"], "70 stores supplied by dc")
}
