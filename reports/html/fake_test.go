package html

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
	"github.com/supplysim/supplysim/sim/stats"
)

// stubScript stands in for the ECharts bundle in golden files.
var stubScript = Script{Inline: []byte("/* echarts stub */"), License: []byte("stub licence"), Version: "0.0.0-stub"}

var fakeMeta = sim.Meta{Version: "9.9.9", File: "testdata/fake.toml", SHA256: "5eed" + "0000000000000000000000000000000000000000000000000000000000"}

// fakeModel is a network of a supplier, a DC and stores, plus one shop
// replenished straight from the supplier (where exact theory applies).
func fakeModel(stores int) *sim.Model {
	m := &sim.Model{
		Name: "Fake chain", Description: "A made-up network for golden files.",
		Horizon: 60, Warmup: 10, Replications: 5, Seed: 42,
		SKUs:       []sim.SKU{{ID: "widget", UnitCost: 10, HoldingRate: 0.2, BackorderCost: 1, LostSaleCost: 5, OrderCost: 20}},
		Suppliers:  []sim.Supplier{{ID: "mill", LeadTime: dist.Const(5)}},
		Warehouses: []sim.Warehouse{{ID: "dc"}, {ID: "shop"}},
		Lanes: []sim.Lane{
			{From: "mill", To: "dc", Transit: dist.NewTriangular(2, 3, 5), CostPerUnit: 0.5},
			{From: "mill", To: "shop"},
		},
		Stocks: []sim.StockPoint{
			{At: "dc", SKU: "widget", Source: "mill", Policy: sim.Policy{Type: sim.SS, Review: 7,
				Reorder: 200, HasReorder: true, OrderUpTo: 400, HasOrderUpTo: true}},
			{At: "shop", SKU: "widget", Source: "mill", Policy: sim.Policy{Type: sim.BaseStock, OrderUpTo: 12, HasOrderUpTo: true}},
		},
		Demands: []sim.Demand{{ID: "shop/widget", At: "shop", SKU: "widget", Rate: 2, Size: dist.Const(1), Backorder: 1, Partial: true}},
	}
	for k := range stores {
		id := fmt.Sprintf("store-%d", k+1)
		m.Warehouses = append(m.Warehouses, sim.Warehouse{ID: id})
		m.Lanes = append(m.Lanes, sim.Lane{From: "dc", To: id, Transit: dist.Const(1), CostPerUnit: 0.2})
		m.Stocks = append(m.Stocks, sim.StockPoint{At: id, SKU: "widget", Source: "dc", Policy: sim.Policy{Type: sim.RQ, Quantity: 20,
			SafetyStock: sim.SafetyStock{Method: sim.SafetyServiceLevel, Value: 0.95}}})
		m.Demands = append(m.Demands, sim.Demand{ID: id + "/widget", At: id, SKU: "widget", Rate: 3 + float64(k),
			Size: dist.NewGeometric(1.5), Backorder: 0.8, Patience: dist.NewExponential(5), HasPatience: true, Partial: true})
	}
	return m
}

// fakeResults makes results for m with smooth made-up numbers: no engine
// involved, so the golden files change only when the report does.
func fakeResults(t testing.TB, m *sim.Model, days int) *sim.Results {
	deriv, errs := sim.Derive(m)
	require.Empty(t, errs)
	res := &sim.Results{Model: m, Derivations: deriv, Days: days, Stocks: make([]sim.StockResult, len(m.Stocks))}
	for i, sp := range m.Stocks {
		sr := &res.Stocks[i]
		sr.At, sr.SKU, sr.Periodic = sp.At, sp.SKU, sp.Policy.Review > 0
		for j, md := range sim.Metrics {
			vals := make([]float64, m.Replications)
			for r := range vals {
				vals[r] = fakeMetric(md.Name, i) * (1 + 0.03*math.Sin(float64(3*r+j+i)))
			}
			sr.Metrics = append(sr.Metrics, stats.Summarize(vals))
		}
		sr.Delays = stats.NewHistogram(1.0 / 24)
		for k := range 40 {
			sr.Delays.Add(float64(k)*0.37*float64(i+1), 1+float64(k%5))
		}
		band := func(level, swing float64) sim.Band {
			mean, p10, p90 := make([]float64, days), make([]float64, days), make([]float64, days)
			for d := range days {
				v := math.Max(0, level+swing*math.Sin(float64(d)/6+float64(i)))
				mean[d], p10[d], p90[d] = v, math.Max(0, v-swing/2), v+swing/2
			}
			return sim.NewBand(mean, p10, p90)
		}
		sr.OnHand, sr.Backorders, sr.Position = band(30, 20), band(1, 3), band(45, 15)
	}
	return res
}

// fakeMetric is a plausible mean for a metric at stock point i.
func fakeMetric(name string, i int) float64 {
	f := float64(i % 6)
	switch name {
	case "fill_rate", "order_fill_rate", "ready_rate", "cycle_service_level":
		return 0.97 - 0.04*f
	case "backorder_rate":
		return 0.02 + 0.03*f
	case "lost_rate":
		return 0.01 * f
	case "cancel_rate", "lost_at_once_rate":
		return 0.005 * f
	case "backorder_delay_days", "backorder_delay_p95_days":
		return 1.5 + f
	case "demand_per_day":
		return 2 + f
	}
	return 10 + 3*f
}

// fakePaths makes a saw-tooth sample path for each given stock point:
// on hand falls by one a day from 10, an order of 10 at 4, its receipt
// 3 days later; backorders when it runs out.
func fakePaths(horizon float64, stocks ...int) []sim.Path {
	var out []sim.Path
	for _, k := range stocks {
		p := sim.Path{Stock: k}
		oh, onOrder, due := 10.0, 0.0, -1.0
		for d := 0.0; d <= horizon; d++ {
			if d == due {
				oh, onOrder = oh+10, 0
				p.Receipts = append(p.Receipts, sim.PathMark{Time: d, Qty: 10})
			}
			oh--
			if oh+onOrder <= 4 && onOrder == 0 {
				onOrder, due = 10, d+3+float64(k%2)
				p.Orders = append(p.Orders, sim.PathMark{Time: d, Qty: 10})
			}
			p.Points = append(p.Points, sim.PathPoint{Time: d, OnHand: max(oh, 0), Backorders: max(-oh, 0), Position: oh + onOrder})
		}
		out = append(out, p)
	}
	return out
}
