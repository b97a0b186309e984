package theory

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

// store is a one-store model: vendor -> store, Poisson unit demand.
func store(lead dist.Dist, p sim.Policy, d sim.Demand) *sim.Model {
	d.ID, d.At, d.SKU = "store/item", "store", "item"
	if d.Size.Kind == dist.Constant && d.Size.A == 0 {
		d.Size = dist.Const(1)
	}
	return &sim.Model{
		Name: "store", Horizon: 1000, Warmup: 50, Replications: 2, Seed: 1,
		SKUs:       []sim.SKU{{ID: "item"}},
		Suppliers:  []sim.Supplier{{ID: "vendor", LeadTime: lead}},
		Warehouses: []sim.Warehouse{{ID: "store"}},
		Lanes:      []sim.Lane{{From: "vendor", To: "store"}},
		Stocks:     []sim.StockPoint{{At: "store", SKU: "item", Source: "vendor", Policy: p}},
		Demands:    []sim.Demand{d},
	}
}

func analyze(t *testing.T, m *sim.Model, i int) Analysis {
	t.Helper()
	deriv, errs := sim.Derive(m)
	require.Empty(t, errs)
	return Analyze(m, i, deriv[i])
}

var (
	bs12 = sim.Policy{Type: sim.BaseStock, OrderUpTo: 12, HasOrderUpTo: true}
	rq   = sim.Policy{Type: sim.RQ, Reorder: 22, HasReorder: true, Quantity: 15}
	full = sim.Demand{Rate: 2, Backorder: 1, Partial: true}
)

func TestAnalyzeExactPoisson(t *testing.T) {
	t.Parallel()
	a := analyze(t, store(dist.Const(5), bs12, full), 0)
	assert.Equal(t, Poisson, a.Method)
	assert.True(t, a.Exact(), "notes: %v", a.Notes)
	assert.InDelta(t, 10, a.LTDMean, 1e-12)
	assert.Equal(t, PoissonBaseStock(10, 12), a.KPIs)

	a = analyze(t, store(dist.Const(2), rq, sim.Demand{Rate: 10, Backorder: 1, Partial: true}), 0)
	assert.True(t, a.Exact())
	assert.InDelta(t, 0.934729, a.KPIs.FillRate, 5e-7)
}

func TestAnalyzeNormal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		m       *sim.Model
		notes   int
		ltdMean float64 // demand per day x lead time
		S       float64
	}{
		{"variable lead time", store(dist.NewLogNormal(5, 0.3), bs12, full), 1, 10, 12},
		{"batch sizes", store(dist.Const(5), bs12, sim.Demand{Rate: 2, Size: dist.NewGeometric(1.5), Backorder: 1, Partial: true}), 1, 15, 12},
		{"weekly profile", store(dist.Const(5), bs12, sim.Demand{Rate: 2, Weekly: []float64{1, 1, 1, 1, 1, 2, 2}, Backorder: 1, Partial: true}), 1, 2 * 9.0 / 7 * 5, 12},
		{"fractional level", store(dist.Const(5), sim.Policy{Type: sim.BaseStock, OrderUpTo: 12.5, HasOrderUpTo: true}, full), 0, 10, 12.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, tt.m, 0)
			assert.Equal(t, Normal, a.Method)
			assert.False(t, a.Exact())
			assert.Len(t, a.Notes, tt.notes, "%v", a.Notes)
			assert.Greater(t, a.LTDSD, 0.0)
			assert.InDelta(t, tt.ltdMean, a.LTDMean, 1e-9)
			assert.Equal(t, NormalBaseStock(a.LTDMean, a.LTDSD, tt.S), a.KPIs)
		})
	}
}

func TestAnalyzeNotes(t *testing.T) {
	t.Parallel()
	m := store(dist.Const(5), bs12, sim.Demand{Rate: 2, Backorder: 0.8, Patience: dist.Const(3), HasPatience: true, Partial: true})
	m.Suppliers[0].Capacity = 50
	a := analyze(t, m, 0)
	assert.Equal(t, Poisson, a.Method, "the formula still applies, with caveats")
	assert.False(t, a.Exact())
	require.Len(t, a.Notes, 3)
	assert.Contains(t, a.Notes[0], "20% of short customers leave at once")
	assert.Contains(t, a.Notes[1], "cancel")
	assert.Contains(t, a.Notes[2], "supplier vendor makes at most 50 units a day")
}

func TestAnalyzeNotApplicable(t *testing.T) {
	t.Parallel()
	twoEchelon := func(dcPolicy sim.Policy) *sim.Model {
		m := store(dist.Const(5), rq, full)
		m.Warehouses = append(m.Warehouses, sim.Warehouse{ID: "dc"})
		m.Lanes = []sim.Lane{{From: "vendor", To: "dc"}, {From: "dc", To: "store", Transit: dist.Const(1)}}
		m.Stocks[0].Source = "dc"
		m.Stocks = append(m.Stocks, sim.StockPoint{At: "dc", SKU: "item", Source: "vendor", Policy: dcPolicy})
		return m
	}
	sS := sim.Policy{Type: sim.SS, Reorder: 5, HasReorder: true, OrderUpTo: 20, HasOrderUpTo: true}
	periodic := bs12
	periodic.Review = 7
	tests := []struct {
		name, reason string
		m            *sim.Model
		i            int
	}{
		{"sS", "sS policy", store(dist.Const(5), sS, full), 0},
		{"periodic", "periodic review every 7 days", store(dist.Const(5), periodic, full), 0},
		{"downstream store", "replenished from dc", twoEchelon(rq), 0},
		{"upstream DC", "serves other stock points (store)", twoEchelon(rq), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, tt.m, tt.i)
			assert.Equal(t, NotApplicable, a.Method)
			assert.Contains(t, a.Reason, tt.reason)
			assert.Zero(t, a.KPIs)
		})
	}
}

// Where Analyze calls a formula exact, the engine agrees within 4 standard
// errors (see sim/theory_test.go for the tolerance's reasoning).
func TestAnalyzeAgreesWithSimulation(t *testing.T) {
	t.Parallel()
	models := []*sim.Model{
		store(dist.Const(5), bs12, full),
		store(dist.Const(2), rq, sim.Demand{Rate: 10, Backorder: 1, Partial: true}),
	}
	for _, m := range models {
		m.Horizon, m.Warmup, m.Replications = 1000, 50, 30
		a := analyze(t, m, 0)
		require.True(t, a.Exact())
		res, err := sim.Run(m, sim.Options{NoSeries: true})
		require.NoError(t, err)
		for name, want := range map[string]float64{"fill_rate": a.KPIs.FillRate, "avg_backorders": a.KPIs.Backorders, "avg_on_hand": a.KPIs.OnHand} {
			s := res.Stocks[0].Metric(name)
			se := s.SD / math.Sqrt(float64(s.N))
			assert.InDelta(t, want, s.Mean, 4*se, "%s %s", m.Stocks[0].Policy.Type, name)
		}
	}
}
