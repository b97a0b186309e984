package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

// plantModel is a plant "p" making "item" into a finished-goods stock point
// at the plant, with customers there; components are added by the caller.
func plantModel(pl Plant, fg Policy, rate float64) *Model {
	pl.ID, pl.Makes = "p", "item"
	return &Model{
		Name: "plant", Horizon: 10, Replications: 1, Seed: 1,
		SKUs:    []SKU{{ID: "item"}, {ID: "part"}},
		Plants:  []Plant{pl},
		Stocks:  []StockPoint{{At: "p", SKU: "item", Source: "p", Policy: fg, HasInitial: true, Initial: dist.Const(0)}},
		Demands: []Demand{{ID: "p/item", At: "p", SKU: "item", Rate: rate, Size: dist.Const(1), Backorder: 1, Partial: true}},
	}
}

// withPart gives the plant one component, "part", one per unit, stocked at
// the plant with initial stock and a base-stock policy, bought from a
// supplier with the given lead time.
func withPart(m *Model, initial, S, lead float64) *Model {
	m.Plants[0].BOM = []Component{{SKU: "part", Qty: 1}}
	m.Suppliers = []Supplier{{ID: "vendor", LeadTime: dist.Const(lead)}}
	m.Lanes = []Lane{{From: "vendor", To: "p"}}
	m.Stocks = append([]StockPoint{{At: "p", SKU: "part", Source: "vendor", Policy: baseStock(S), HasInitial: true, Initial: dist.Const(initial)}}, m.Stocks...)
	return m
}

func receipts(t *testing.T, m *Model, sku string) []float64 {
	t.Helper()
	var out []float64
	require.NoError(t, Trace(m, 0, func(tr TraceRecord) {
		if tr.Event == "receipt" && tr.SKU == sku {
			out = append(out, tr.Time, tr.Qty)
		}
	}))
	return out
}

// By hand: base stock 30 starting empty orders 30 at time 0, rounded up to
// two batches of 20. Each takes a set-up of half a day and 20/10 = 2 days
// of work: the first ends at 2.5, the second at 5.
func TestPlantBatchesWithSetup(t *testing.T) {
	t.Parallel()
	m := plantModel(Plant{Capacity: 10, Batch: 20, Setup: 0.5}, baseStock(30), 1e-9)
	m.Demands = nil
	assert.Equal(t, []float64{2.5, 20, 5, 20}, receipts(t, m, "item"))
	res, err := Run(m, Options{Workers: 1})
	require.NoError(t, err)
	p := res.Plants[0]
	assert.InDelta(t, 4.0, p.Produced.Mean, 1e-12, "40 units over 10 days")
	assert.InDelta(t, 0.5, p.Utilisation.Mean, 1e-12, "busy 0 to 5")
}

// By hand: the plant needs 10 parts at time 0 and has none; the parts
// ordered at time 0 arrive at 3, so the run starts at 3 and ends at 4
// instead of 1: late by exactly the parts' late arrival, and starved of
// them for those 3 days.
func TestPlantWaitsForComponents(t *testing.T) {
	t.Parallel()
	m := withPart(plantModel(Plant{Capacity: 10}, baseStock(10), 1e-9), 0, 10, 3)
	m.Demands = nil
	assert.Equal(t, []float64{4, 10}, receipts(t, m, "item"))
	res, err := Run(m, Options{Workers: 1})
	require.NoError(t, err)
	assert.InDelta(t, 3.0, res.Plants[0].Starved[0].Mean, 1e-12)
	assert.InDelta(t, 1.0, res.Stocks[0].Metric("backorder_rate").Mean, 1e-12, "every part was waited for")

	stocked := withPart(plantModel(Plant{Capacity: 10}, baseStock(10), 1e-9), 10, 10, 3)
	stocked.Demands = nil
	assert.Equal(t, []float64{1, 10}, receipts(t, stocked, "item"))
}

// By hand: 20 units at 10 a day from time 0, with maintenance from day 1
// to day 3: one day's work before it, the second day's after it, so the
// run ends at 4; the plant was busy 2 days and down 2.
func TestPlantMaintenanceStopsProduction(t *testing.T) {
	t.Parallel()
	m := plantModel(Plant{Capacity: 10}, baseStock(20), 1e-9)
	m.Demands = nil
	m.Disruptions = []Disruption{{Name: "maintenance", Type: EquipmentFailure, Site: "p", Start: 1, Duration: 2, Probability: 1}}
	assert.Equal(t, []float64{4, 20}, receipts(t, m, "item"))
	res, err := Run(m, Options{Workers: 1})
	require.NoError(t, err)
	p := res.Plants[0]
	assert.InDelta(t, 0.2, p.Utilisation.Mean, 1e-12)
	assert.InDelta(t, 2.0, p.Down.Mean, 1e-12)

	half := plantModel(Plant{Capacity: 10}, baseStock(20), 1e-9)
	half.Demands = nil
	half.Disruptions = []Disruption{{Name: "slow", Type: CapacityLoss, Site: "p", Start: 1, Duration: 2, Probability: 1, Share: 0.5}}
	assert.Equal(t, []float64{3, 20}, receipts(t, half, "item"), "1 day at full rate, then 10 units at 5 a day")
}

// A plant making one unit at a time with exponential production times at
// rate mu, feeding a base-stock level S under Poisson demand at rate
// lambda, is an M/M/1 queue of outstanding orders N (Buzacott and
// Shanthikumar 1993, Stochastic Models of Manufacturing Systems, sec. 4.3;
// Zipkin 2000, Foundations of Inventory Management, sec. 8.3): with
// rho = lambda/mu, P(N = n) = (1-rho) rho^n, so the fill rate is
// P(N < S) = 1 - rho^S, mean backorders E[(N-S)+] = rho^(S+1)/(1-rho) and
// mean on hand E[(S-N)+] = S - rho/(1-rho) + rho^(S+1)/(1-rho).
func TestPlantMM1(t *testing.T) {
	t.Parallel()
	const lambda, mu, S = 1.0, 1.25, 5.0
	rho := lambda / mu
	m := plantModel(Plant{ProductionTime: dist.NewExponential(1 / mu), HasProductionTime: true}, baseStock(S), lambda)
	m.Stocks[0].HasInitial = false
	m.Horizon, m.Warmup, m.Replications = 20000, 500, 100
	res, err := Run(m, Options{NoSeries: true})
	require.NoError(t, err)
	st := res.Stocks[0]
	want := map[string]float64{
		"fill_rate":      1 - math.Pow(rho, S),
		"avg_backorders": math.Pow(rho, S+1) / (1 - rho),
		"avg_on_hand":    S - rho/(1-rho) + math.Pow(rho, S+1)/(1-rho),
	}
	for name, w := range want {
		got := st.Metric(name)
		se := got.SD / math.Sqrt(float64(got.N))
		t.Logf("%s: closed form %.4f, simulated %.4f ± %.4f (4 se)", name, w, got.Mean, 4*se)
		assert.InDelta(t, w, got.Mean, 4*se, name)
	}
	p := res.Plants[0]
	assert.InDelta(t, rho, p.Utilisation.Mean, 4*p.Utilisation.SD/math.Sqrt(100), "utilisation is rho")
}

// The run's estimate counts production runs and component draws, within
// the bounds of TestEstimateMatchesKernelEvents.
func TestPlantBudgetCountsProduction(t *testing.T) {
	t.Parallel()
	m := withPart(plantModel(Plant{Capacity: 3, Batch: 4, Setup: 0.1}, Policy{Type: RQ, Reorder: 6, HasReorder: true, Quantity: 8}, 2), 20, 20, 2)
	m.Horizon, m.Replications = 2000, 4
	est := EstimateRun(m, Options{Workers: 2})
	res, err := Run(m, Options{Workers: 2})
	require.NoError(t, err)
	ratio := float64(est.Events) / float64(res.KernelEvents)
	assert.True(t, ratio > 0.9 && ratio < 1.3, "estimate %d events, ran %d (ratio %.2f)", est.Events, res.KernelEvents, ratio)
}
