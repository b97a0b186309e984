package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

func loadValid(t *testing.T, name string) *Base {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "valid", name))
	require.NoError(t, err)
	b, err := Load(name, data)
	require.NoError(t, err)
	return b
}

func changes(t *testing.T, texts ...string) []keypath.Change {
	t.Helper()
	var out []keypath.Change
	for _, s := range texts {
		c, err := keypath.ParseChange(s)
		require.NoError(t, err)
		c.Origin = "--set '" + s + "'"
		out = append(out, c)
	}
	return out
}

func stockAt(m *sim.Model, name string) sim.StockPoint {
	for _, s := range m.Stocks {
		if s.Name() == name {
			return s
		}
	}
	panic("no stock point " + name)
}

func TestVariantTables(t *testing.T) {
	t.Parallel()
	b := loadValid(t, "everything.toml")
	vs := b.Variants()
	require.Len(t, vs, 2)
	assert.Equal(t, "z98", vs[0].Name)
	assert.Equal(t, "stores sized for a 98% cycle service level", vs[0].Description)
	require.Len(t, vs[0].Changes, 2)
	assert.Equal(t, "stock[store1/a].policy.safety_stock.service_level=0.98", vs[0].Changes[0].Text)
	assert.Equal(t, `variant "z98": "stock[store1/a].policy.safety_stock.service_level=0.98"`, vs[0].Changes[0].Label())
	assert.Equal(t, "store2 by service level", vs[1].Name)
	assert.Len(t, vs[1].Changes, 3)

	m, _, err := b.With(vs[0].Changes)
	require.NoError(t, err)
	assert.Equal(t, sim.SafetyStock{Method: sim.SafetyServiceLevel, Value: 0.98}, stockAt(m, "store1/a").Policy.SafetyStock)
	for _, name := range []string{"store1/b", "store2/b"} {
		assert.True(t, stockAt(m, name).HasInitial, name)
		assert.Equal(t, 5.0, stockAt(m, name).Initial.Mean(), name)
	}
	assert.Empty(t, m.Expects[:0], "expectations are kept")
	assert.Len(t, m.Expects, 3)

	m, _, err = b.With(vs[1].Changes)
	require.NoError(t, err)
	p := stockAt(m, "store2/a").Policy
	assert.False(t, p.HasOrderUpTo)
	assert.Equal(t, sim.SafetyStock{Method: sim.SafetyServiceLevel, Value: 0.95}, p.SafetyStock)
	assert.InDelta(t, 0.5, math.Sqrt(m.Suppliers[0].LeadTime.Var())/m.Suppliers[0].LeadTime.Mean(), 1e-12)

	base, _ := b.Model()
	assert.Equal(t, 40.0, stockAt(base, "store2/a").Policy.OrderUpTo, "changes leave the base alone")
	assert.Equal(t, 0.95, stockAt(base, "store1/a").Policy.SafetyStock.Value)
}

func TestWithErrors(t *testing.T) {
	t.Parallel()
	b := loadValid(t, "everything.toml")
	tests := []struct {
		sets []string
		want string
	}{
		{[]string{"stock[store9].initial=1"},
			`everything.toml: --set 'stock[store9].initial=1': stock[store9] matches no stock point; hint: did you mean "store1"?`},
		{[]string{"stok[*].initial=1"}, `unknown section "stok"; hint: did you mean "stock"?`},
		{[]string{"stock[store*/a].policy.safety_stock.service_level=1.2"},
			"--set 'stock[store*/a].policy.safety_stock.service_level=1.2': stock points store1/a, store2/a: policy.safety_stock.service_level: must be between 0 and 1, both excluded, got 1.2"},
		{[]string{"stock[store2/a].policy.safety_stock.service_level=0.9"},
			"give S or safety_stock, not both; hint: base_stock takes S or safety_stock; to switch, remove S in the same changes: stock[store2/a].policy.S= (an empty value removes a key)"},
		{[]string{"stock[*].polcy.type=rQ"},
			`stock points dc/a, store1/a, store2/a, store2/b, dc/b, store1/b: unknown key "polcy" in [[stock]]; hint: did you mean "policy"?`},
		{[]string{"scenario.replication=5"}, `--set 'scenario.replication=5': unknown key "replication" in [scenario]; hint: did you mean "replications"?`},
		{[]string{"scenario.seed=1", "sku[a].id=z"},
			`--set 'sku[a].id=z': stock points dc/a, store1/a, store2/a: sku: unknown sku "a"`},
	}
	for _, tt := range tests {
		_, _, err := b.With(changes(t, tt.sets...))
		require.Error(t, err, tt.sets)
		var list ErrorList
		require.True(t, errors.As(err, &list))
		assert.Contains(t, err.Error(), tt.want)
		for _, e := range list {
			assert.Equal(t, "everything.toml", e.File)
			assert.Zero(t, e.Line, "a changed scenario has no lines")
		}
	}
}

func TestSelect(t *testing.T) {
	t.Parallel()
	b := loadValid(t, "everything.toml")
	p, err := keypath.ParsePath("stock[store*].policy.S")
	require.NoError(t, err)
	names, err := b.Select(p, "--param stock[store*].policy.S")
	require.NoError(t, err)
	assert.Equal(t, []string{"store1/a", "store2/a", "store2/b", "store1/b"}, names)
	p, _ = keypath.ParsePath("stock[nowhere].policy.S")
	_, err = b.Select(p, "--param stock[nowhere].policy.S")
	assert.ErrorContains(t, err, "--param stock[nowhere].policy.S: stock[nowhere] matches no stock point; hint: known stock points: dc, store1, store2")
}
