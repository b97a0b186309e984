package sim_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

// network has independent stores, a DC with its stores, two stores sharing
// a supplier's capacity, a site whose handling capacity ships two SKUs to
// two stores, a store with two sources, one of them the DC, and a plant
// with its finished goods and its component.
const network = `
[scenario]
name = "groups"
horizon = "120d"
warmup = "20d"
replications = 3
[[sku]]
id = "k"
unit_cost = 1
[[sku]]
id = "j"
unit_cost = 1
[[sku]]
id = "hoodie"
unit_cost = 10
[[sku]]
id = "fabric"
unit_cost = 2
[[supplier]]
id = "vendor"
lead_time = { dist = "gamma", mean = "4d", cv = 0.5 }
[[supplier]]
id = "mill"
lead_time = "2d"
capacity = 12
[[plant]]
id = "sewing"
makes = "hoodie"
capacity = 5
batch = 10
bom = [{ sku = "fabric", qty = 2 }]
[[warehouse]]
id = "a"
[[warehouse]]
id = "b"
[[warehouse]]
id = "dc"
[[warehouse]]
id = "c"
[[warehouse]]
id = "d"
[[warehouse]]
id = "e"
[[warehouse]]
id = "f"
[[warehouse]]
id = "busy"
capacity = 9
[[warehouse]]
id = "g"
[[warehouse]]
id = "h"
[[warehouse]]
id = "i"
[[lane]]
from = "vendor"
to = ["a", "b", "dc", "busy", "g"]
transit = "1d"
[[lane]]
from = "dc"
to = ["c", "d", "g"]
transit = "1d"
[[lane]]
from = "busy"
to = ["h", "i"]
transit = "1d"
[[lane]]
from = "vendor"
to = "sewing"
transit = "2d"
[[lane]]
from = "mill"
to = ["e", "f"]
transit = "1d"
[[stock]]
at = ["a", "b", "dc", "busy"]
sku = "k"
source = "vendor"
policy = { type = "rQ", r = 6, Q = 20 }
[[stock]]
at = "busy"
sku = "j"
source = "vendor"
policy = { type = "rQ", r = 6, Q = 20 }
[[stock]]
at = "h"
sku = "k"
source = "busy"
policy = { type = "base_stock", S = 12 }
[[stock]]
at = "i"
sku = "j"
source = "busy"
policy = { type = "base_stock", S = 16 }
[[stock]]
at = ["c", "d"]
sku = "k"
source = "dc"
policy = { type = "base_stock", S = 12 }
[[stock]]
at = ["e", "f"]
sku = "k"
source = "mill"
policy = { type = "base_stock", S = 14 }
[[stock]]
at = "g"
sku = "k"
source = ["vendor", "dc"]
sourcing = "fastest"
policy = { type = "base_stock", S = 12 }
[[stock]]
at = "sewing"
sku = "fabric"
source = "vendor"
policy = { type = "rQ", r = 20, Q = 40 }
[[stock]]
at = "sewing"
sku = "hoodie"
source = "sewing"
policy = { type = "rQ", r = 8, Q = 20 }
[[demand]]
at = "sewing"
sku = "hoodie"
rate = 2
[[demand]]
at = ["a", "b", "c", "d", "e", "f", "busy", "g"]
sku = "k"
rate = 2
[[demand]]
at = ["busy", "i"]
sku = "j"
rate = 3
[[demand]]
at = "h"
sku = "k"
rate = 3
`

func load(t *testing.T, name string, src []byte) *sim.Model {
	t.Helper()
	b, err := scenario.LoadWith(name, src, scenario.Options{ReadFile: func(f string) ([]byte, error) {
		return os.ReadFile(filepath.Join(filepath.Dir(name), f))
	}})
	require.NoError(t, err)
	m, _ := b.Model()
	return m
}

// Stock points that share a lane, a capacity or a demand signal are one
// group; the rest stand alone.
func TestGroupsFollowWhatStockPointsShare(t *testing.T) {
	t.Parallel()
	m := load(t, "groups.toml", []byte(network))
	assert.Equal(t, [][]string{
		{"a/k"}, {"b/k"},
		{"dc/k", "c/k", "d/k", "g/k"},
		{"busy/k", "busy/j", "h/k", "i/j"},
		{"e/k", "f/k"},
		{"sewing/fabric", "sewing/hoodie"},
	}, sim.GroupsOf(m))
}

// Running the groups one after another gives the same replications, bit
// for bit, as one queue over the whole network: the example lessons, the
// valid test files, and the network above.
func TestGroupsChangeNothing(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../scenarios/*.toml")
	require.NoError(t, err)
	valid, err := filepath.Glob("../testdata/valid/*.toml")
	require.NoError(t, err)
	files = append(files, valid...)
	require.NotEmpty(t, files)
	models := map[string]*sim.Model{"groups.toml": load(t, "groups.toml", []byte(network))}
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		models[f] = load(t, f, src)
	}
	for name, m := range models {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			reps := sim.AllReplications(min(m.Replications, 3))
			opt := sim.Options{Workers: 1}
			grouped, err := sim.RunPart(m, opt, reps)
			require.NoError(t, err)
			whole, err := sim.RunPartOneQueue(m, opt, reps)
			require.NoError(t, err)
			require.Len(t, grouped.Results, len(reps))
			for r := range reps {
				// %v prints every float exactly (shortest round trip) and NaN as NaN.
				assert.Equal(t, fmt.Sprintf("%v", whole.Results[r]), fmt.Sprintf("%v", grouped.Results[r]), "replication %d", r)
			}
		})
	}
}
