package scenario

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePlant(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("../../scenarios/sewing-plant.toml")
	require.NoError(t, err)
	m, _, err := Parse("sewing-plant.toml", text)
	require.NoError(t, err)
	require.Len(t, m.Plants, 1)
	p := m.Plants[0]
	assert.Equal(t, "sewing", p.ID)
	assert.Equal(t, "hoodie", p.Makes)
	assert.Equal(t, 60.0, p.Capacity)
	assert.Equal(t, 120.0, p.Batch)
	assert.InDelta(t, 4.0/24, p.Setup, 1e-12)
	require.Len(t, p.BOM, 2)
	assert.Equal(t, "fabric", p.BOM[0].SKU)
	assert.Equal(t, 1.5, p.BOM[0].Qty)
}

func TestPlantErrors(t *testing.T) {
	t.Parallel()
	const head = `[scenario]
name = "p"
horizon = "30d"
[[sku]]
id = "hoodie"
[[sku]]
id = "fabric"
[[supplier]]
id = "mill"
[[lane]]
from = "mill"
to = "sewing"
`
	const fabric = `
[[stock]]
at = "sewing"
sku = "fabric"
source = "mill"
policy = { type = "base_stock", S = 10 }
`
	const hoodie = `
[[stock]]
at = "sewing"
sku = "hoodie"
source = "sewing"
policy = { type = "base_stock", S = 10 }
`
	plant := func(bom string) string {
		return "[[plant]]\nid = \"sewing\"\nmakes = \"hoodie\"\ncapacity = 10\nbom = " + bom + "\n"
	}
	tests := []struct{ name, text, want string }{
		{"unknown component", head + plant(`[{ sku = "fabrik", qty = 1 }]`) + fabric + hoodie,
			`s.toml:17:1: bom: unknown sku "fabrik"; hint: did you mean "fabric"?`},
		{"no finished goods", head + plant(`[{ sku = "fabric", qty = 1 }]`) + fabric,
			`s.toml:15:1: makes: plant sewing has no stock point for its finished hoodie; hint: add a [[stock]] with at = "sewing", sku = "hoodie", source = "sewing" and a policy`},
		{"component not stocked", head + plant(`[{ sku = "fabric", qty = 1 }]`) + hoodie,
			`s.toml:17:1: bom: component fabric has no stock point at sewing; hint: add a [[stock]] with at = "sewing", sku = "fabric", a source and a policy`},
		{"finished SKU as a component", head + plant(`[{ sku = "hoodie", qty = 1 }]`) + hoodie,
			`s.toml:17:1: bom: "hoodie" cannot be a component of itself; hint: the bill of materials lists the SKUs the plant makes hoodie from`},
		{"no rate", head + "[[plant]]\nid = \"sewing\"\nmakes = \"hoodie\"\nbom = [{ sku = \"fabric\", qty = 1 }]\n" + fabric + hoodie,
			`s.toml:13:1: [[plant]]: missing capacity or production_time; hint: add capacity = 100 (units per day) or production_time = { dist = "exponential", mean = "15m" } (per unit)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Parse("s.toml", []byte(tt.text))
			var list ErrorList
			require.True(t, errors.As(err, &list), "%v", err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
