package scenario

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

func parseValid(t *testing.T, name string) (*sim.Model, []sim.Derivation) {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "valid")
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	// The history files a valid file names are beside it.
	opts := Options{ReadFile: func(file string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, file)) }}
	b, err := LoadWith(name, data, opts)
	require.NoError(t, err)
	m, derivs := b.Model()
	require.NotNil(t, m)
	require.Len(t, derivs, len(m.Stocks))
	return m, derivs
}

// TestParseValidFiles checks that every valid file decodes.
func TestParseValidFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "valid", "*.toml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			parseValid(t, filepath.Base(f))
		})
	}
}

// TestParseDefaults checks the defaults of every optional key.
func TestParseDefaults(t *testing.T) {
	t.Parallel()
	m, _ := parseValid(t, "minimal.toml")
	assert.Equal(t, "minimal", m.Name)
	assert.Equal(t, "", m.Description)
	assert.Equal(t, 90.0, m.Horizon)
	assert.Equal(t, 0.0, m.Warmup)
	assert.Equal(t, 10, m.Replications)
	assert.Equal(t, uint64(1), m.Seed)
	assert.Equal(t, []sim.SKU{{ID: "widget"}}, m.SKUs)
	assert.Equal(t, []sim.Supplier{{ID: "acme", LeadTime: dist.Const(0)}}, m.Suppliers)
	assert.Equal(t, []sim.Warehouse{{ID: "dc"}}, m.Warehouses)
	assert.Equal(t, []sim.Lane{{From: "acme", To: "dc", Transit: dist.Const(0)}}, m.Lanes)
	assert.Equal(t, []sim.StockPoint{{
		At: "dc", SKU: "widget", Source: "acme",
		Policy: sim.Policy{Type: sim.BaseStock, OrderUpTo: 20, HasOrderUpTo: true},
	}}, m.Stocks)
	assert.Equal(t, []sim.Demand{{
		ID: "dc/widget", At: "dc", SKU: "widget", Rate: 2, Size: dist.Const(1), Backorder: 1, Partial: true,
	}}, m.Demands)
	assert.Empty(t, m.Expects)
}

// TestParseEverything checks every key and distribution form of
// everything.toml, field by field.
func TestParseEverything(t *testing.T) {
	t.Parallel()
	m, _ := parseValid(t, "everything.toml")
	assert.Equal(t, "everything", m.Name)
	assert.Equal(t, "every key and distribution form", m.Description)
	assert.Equal(t, 730.0, m.Horizon)
	assert.Equal(t, 56.0, m.Warmup)
	assert.Equal(t, 5, m.Replications)
	assert.Equal(t, uint64(42), m.Seed)
	assert.Equal(t, []sim.SKU{
		{ID: "a", UnitCost: 10, HoldingRate: 0.2, BackorderCost: 0.5, LostSaleCost: 4.5, OrderCost: 25},
		{ID: "b"},
	}, m.SKUs)
	checkSuppliers(t, m.Suppliers)
	assert.Equal(t, []sim.Warehouse{{ID: "dc"}, {ID: "store1"}, {ID: "store2"}}, m.Warehouses)
	checkLanes(t, m.Lanes)
	checkStocks(t, m.Stocks)
	checkDemands(t, m.Demands)
	assert.Equal(t, []sim.Expectation{
		{At: "store1", SKU: "a", Metric: "fill_rate", Min: 0.9, HasMin: true},
		{Name: "cost cap", At: "*", SKU: "*", Metric: "cost_total", Max: 1000, HasMax: true, OnMean: true},
		{At: "store*", SKU: "*", Metric: "ready_rate", Min: 0.5, HasMin: true, Max: 1, HasMax: true},
	}, m.Expects)
}

func checkSuppliers(t *testing.T, got []sim.Supplier) {
	t.Helper()
	want := []sim.Supplier{
		{ID: "s1", LeadTime: dist.Const(0.5), Capacity: 500},
		{ID: "s2", LeadTime: dist.NewUniform(1, 3)},
		{ID: "s3", LeadTime: dist.NewLogNormal(30, 0.2)},
		{ID: "s4", LeadTime: dist.NewLogNormalMuSigma(2, 0.5)},
		{ID: "s5", LeadTime: dist.NewGamma(4, 1.5)},
		{ID: "s6", LeadTime: dist.NewGammaMeanCV(7, 0.5)},
		{ID: "s7", LeadTime: dist.NewExponential(90.0 / 1440)},
		{ID: "s8", LeadTime: dist.NewEmpirical([]float64{1, 2, 3}, []float64{1, 2, 1})},
		{ID: "s9", LeadTime: dist.Const(4.5)},
	}
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].ID, got[i].ID)
		assert.Equal(t, want[i].Capacity, got[i].Capacity, want[i].ID)
		assertDist(t, want[i].LeadTime, got[i].LeadTime, want[i].ID)
	}
}

func checkLanes(t *testing.T, got []sim.Lane) {
	t.Helper()
	want := []sim.Lane{
		{From: "s1", To: "dc", Transit: dist.NewTriangular(18, 21, 30), CostPerUnit: 0.4},
		{From: "dc", To: "store1", Transit: dist.Const(2)},
		{From: "dc", To: "store2", Transit: dist.NewNormal(2, 0.25)},
		{From: "s2", To: "store2", Transit: dist.NewNormal(2, 0.2)},
		{From: "s3", To: "dc", Transit: dist.Const(7)},
		{From: "s4", To: "dc", Transit: dist.NewDiscreteUniform(1, 3)},
		{From: "s5", To: "dc", Transit: dist.NewPoisson(2)},
		{From: "s6", To: "dc", Transit: dist.NewGeometric(2)},
	}
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, [2]string{want[i].From, want[i].To}, [2]string{got[i].From, got[i].To})
		assert.Equal(t, want[i].CostPerUnit, got[i].CostPerUnit)
		assertDist(t, want[i].Transit, got[i].Transit, want[i].From+"->"+want[i].To)
	}
}

func checkStocks(t *testing.T, got []sim.StockPoint) {
	t.Helper()
	want := []sim.StockPoint{
		{At: "dc", SKU: "a", Source: "s1", Initial: dist.Const(3000), HasInitial: true,
			Policy:     sim.Policy{Type: sim.SS, Review: 7, Reorder: 2000, HasReorder: true, OrderUpTo: 6000, HasOrderUpTo: true},
			Allocation: sim.Allocation{Rule: sim.AllocShares, Shares: []sim.Share{{Site: "store1", Weight: 0.6}, {Site: "store2", Weight: 0.4}}}},
		{At: "store1", SKU: "a", Source: "dc", Initial: dist.NewPoisson(50), HasInitial: true,
			Policy: sim.Policy{Type: sim.RQ, Quantity: 120, SafetyStock: sim.SafetyStock{Method: sim.SafetyServiceLevel, Value: 0.95}}},
		{At: "store2", SKU: "a", Source: "dc", Initial: dist.NewNegBinomialMeanVar(30, 60), HasInitial: true,
			Policy: sim.Policy{Type: sim.BaseStock, OrderUpTo: 40, HasOrderUpTo: true}},
		{At: "store2", SKU: "b", Source: "s2", Initial: dist.NewNegBinomial(3, 0.5), HasInitial: true,
			Policy: sim.Policy{Type: sim.RS, Review: 7, SafetyStock: sim.SafetyStock{Method: sim.SafetyFillRate, Value: 0.98}}},
		{At: "dc", SKU: "b", Source: "s3", Initial: dist.NewEmpirical([]float64{10, 20}, nil), HasInitial: true,
			Policy:     sim.Policy{Type: sim.SS, Quantity: 200, SafetyStock: sim.SafetyStock{Method: sim.SafetyDaysOfCover, Value: 5}},
			Allocation: sim.Allocation{Rule: sim.AllocPriority}},
		{At: "store1", SKU: "b", Source: "dc",
			Policy:     sim.Policy{Type: sim.BaseStock, Review: 3, SafetyStock: sim.SafetyStock{Method: sim.SafetyUnits, Value: 10}},
			Allocation: sim.Allocation{Priority: 1}},
	}
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		assertDist(t, w.Initial, g.Initial, w.Name())
		w.Initial, g.Initial = dist.Dist{}, dist.Dist{}
		assert.Equal(t, w, g)
	}
}

func checkDemands(t *testing.T, got []sim.Demand) {
	t.Helper()
	want := []sim.Demand{
		{ID: "store1/a", At: "store1", SKU: "a", Rate: 12, Size: dist.NewGeometric(1.4),
			Weekly: []float64{0.8, 0.9, 0.9, 1.0, 1.2, 1.5, 1.4}, Backorder: 0.85,
			Patience: dist.NewExponential(10), HasPatience: true, Partial: true},
		{ID: "store1/a#2", At: "store1", SKU: "a", Every: 7, Size: dist.NewUniform(10, 20), Backorder: 1, Priority: 2},
		{ID: "promo", At: "store2", SKU: "a", Rate: 3.5, Size: dist.NewGammaMeanCV(2, 0.5),
			Yearly: []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3}, Trend: 0.1, Backorder: 1,
			Patience: dist.Const(5), HasPatience: true, Partial: true},
		{ID: "store2/b", At: "store2", SKU: "b", Rate: 2, Size: dist.NewLogNormal(3, 1), Partial: true},
		{ID: "store1/b", At: "store1", SKU: "b", Rate: 1, Size: dist.NewTriangular(1, 2, 5), Backorder: 1,
			Patience: dist.NewLogNormal(3, 0.5), HasPatience: true, Partial: true},
		{ID: "dc/b", At: "dc", SKU: "b", Rate: 0.5, Size: dist.NewNormal(4, 1), Backorder: 1, Partial: true},
		{ID: "store1/a#3", At: "store1", SKU: "a", Rate: 1, Size: dist.Const(2), Backorder: 1, Partial: true},
	}
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		assertDist(t, w.Size, g.Size, w.ID+" size")
		assertDist(t, w.Patience, g.Patience, w.ID+" patience")
		w.Size, g.Size, w.Patience, g.Patience = dist.Dist{}, dist.Dist{}, dist.Dist{}, dist.Dist{}
		assert.Equal(t, w, g)
	}
}

// assertDist compares distributions allowing for rounding in unit
// conversions ("36h" is 1.5 days).
func assertDist(t *testing.T, want, got dist.Dist, name string) {
	t.Helper()
	assert.Equal(t, want.Kind, got.Kind, name)
	assert.InDelta(t, want.A, got.A, 1e-12, name)
	assert.InDelta(t, want.B, got.B, 1e-12, name)
	assert.InDelta(t, want.C, got.C, 1e-12, name)
	assert.InDeltaSlice(t, want.Values, got.Values, 1e-12, name)
	assert.InDeltaSlice(t, want.Weights, got.Weights, 1e-12, name)
}

// TestParseDerivations checks that Parse hands back sim.Derive's results:
// the apparel store's reorder level comes from its 95% service level.
func TestParseDerivations(t *testing.T) {
	t.Parallel()
	m, derivs := parseValid(t, "apparel.toml")
	require.Len(t, derivs, 2)
	assert.False(t, derivs[0].Derived, "dc-newark gives s and S")
	assert.True(t, derivs[1].Derived, "store-soho derives r")
	assert.Equal(t, 120.0, derivs[1].Quantity)
	assert.False(t, m.Stocks[1].Policy.HasReorder)
}
