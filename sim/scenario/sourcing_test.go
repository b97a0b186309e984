package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

const supplyHead = `[scenario]
name = "supply"
horizon = "100d"

[[sku]]
id = "tee"
[[sku]]
id = "cap"

[[supplier]]
id = "mill"
lead_time = "30d"
unit_price = 4
terms = [{ sku = "cap", unit_price = 2.5, min_order = 100, order_multiple = 25 }]

[[supplier]]
id = "local"
lead_time = "5d"

[[warehouse]]
id = "dc"
[[warehouse]]
id = "store-a"
[[warehouse]]
id = "store-b"
`

func TestParseSourcesTermsAndLists(t *testing.T) {
	t.Parallel()
	m, _, err := Parse("s.toml", []byte(supplyHead+`
[[lane]]
from = "mill"
to = "dc"
[[lane]]
from = "local"
to = "dc"
[[lane]]
from = "dc"
to = ["store-a", "store-b"]
transit = "1d"

[[stock]]
at = "dc"
sku = ["tee", "cap"]
source = ["mill", "local"]
sourcing = "split"
shares = [0.7, 0.3]
policy = { type = "base_stock", S = 100 }

[[stock]]
at = ["store-a", "store-b"]
sku = ["tee", "cap"]
source = "dc"
policy = { type = "base_stock", S = 10 }

[[demand]]
at = ["store-a", "store-b"]
sku = "tee"
rate = 3

[[expect]]
at = "network"
metric = "fill_rate"
min = 0.5
`))
	require.NoError(t, err)
	require.Len(t, m.Lanes, 4)
	var names []string
	for _, s := range m.Stocks {
		names = append(names, s.Name())
	}
	assert.Equal(t, []string{"dc/tee", "dc/cap", "store-a/tee", "store-a/cap", "store-b/tee", "store-b/cap"}, names)
	assert.Equal(t, "store-b/tee", m.Demands[1].ID, "an expanded stream is named at/sku, so adding a store keeps the others' draws")
	sc := m.Stocks[0].Sourcing
	assert.Equal(t, sim.Split, sc.Rule)
	assert.Equal(t, []sim.Source{{Site: "mill", Share: 0.7}, {Site: "local", Share: 0.3}}, sc.Sources)
	assert.Equal(t, "mill", m.Stocks[0].Source)
	assert.Equal(t, sim.Terms{SKU: "tee", Price: 4}, m.Suppliers[0].TermsFor("tee"))
	assert.Equal(t, sim.Terms{SKU: "cap", Price: 2.5, MinOrder: 100, Multiple: 25}, m.Suppliers[0].TermsFor("cap"))
	assert.Equal(t, sim.NetworkAt, m.Expects[0].At)
}

func TestSupplyErrors(t *testing.T) {
	t.Parallel()
	stock := func(keys string) string {
		return supplyHead + "\n[[lane]]\nfrom = \"mill\"\nto = \"dc\"\n\n[[stock]]\nat = \"dc\"\nsku = \"tee\"\n" + keys + "\npolicy = { type = \"base_stock\", S = 10 }\n"
	}
	tests := []struct{ name, text, want string }{
		{"list source without its lane", stock(`source = ["mill", "local"]`),
			`s.toml:34:1: source: no lane from local to dc: every source needs its lane; hint: add a [[lane]] with from = "local", to = "dc"`},
		{"shares not adding up", stock("source = [\"mill\", \"dc\"]\nsourcing = \"split\"\nshares = [0.6, 0.3]"),
			"s.toml:36:1: shares: must add up to 1, got 0.9; hint: they are probabilities: write the last as 1 minus the others"},
		{"shares a rounding short of 1", stock("source = [\"mill\", \"dc\"]\nsourcing = \"split\"\nshares = [0.5, 0.499999999]"),
			"s.toml:36:1: shares: must add up to 1, got 0.999999999; hint:"},
		{"own site in a source list", stock("source = [\"mill\", \"dc\"]"),
			`s.toml:34:1: source: a stock point cannot be its own source; hint: order from a supplier, another warehouse or a plant, with a [[lane]] from it`},
		{"own site as the source", stock(`source = "dc"`),
			`s.toml:34:1: source: a stock point cannot be its own source; hint: order from a supplier, another warehouse or a plant, with a [[lane]] from it`},
		{"split without shares", stock("source = [\"mill\", \"mill\"]"), `source: element 2: "mill" is listed twice`},
		{"unknown rule", stock("source = [\"mill\"]\nsourcing = \"fastst\""), `sourcing: unknown sourcing rule "fastst"`},
		{"rule on one source", stock("source = \"mill\"\nsourcing = \"split\""), "sourcing: applies only to a stock point with several sources"},
		{"terms of an unknown sku", strings.Replace(stock(`source = "mill"`), `sku = "cap", unit_price`, `sku = "hat", unit_price`, 1),
			`terms[0].sku: unknown sku "hat"`},
		{"unknown list site", strings.Replace(stock(`source = "mill"`), `at = "dc"`, `at = ["dc", "dc2"]`, 1),
			`s.toml:32:1: at: unknown warehouse "dc2"`},
		{"network metric", stock(`source = "mill"`) + "[[expect]]\nat = \"network\"\nmetric = \"fill\"\nmin = 1\n",
			`metric: unknown network metric "fill"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Parse("s.toml", []byte(tt.text))
			var list ErrorList
			require.True(t, errors.As(err, &list), "%v", err)
			assert.Contains(t, list.Error(), tt.want)
		})
	}
}
