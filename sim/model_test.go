package sim

import "github.com/supplysim/supplysim/sim/dist"

// singleStore builds the textbook model: one store, one SKU, replenished
// from one supplier with a constant lead time over a zero-transit lane, and
// one customer demand stream.
func singleStore(leadTime float64, policy Policy, demand Demand) *Model {
	demand.ID, demand.At, demand.SKU = "store/item", "store", "item"
	if demand.Size.Kind == dist.Constant && demand.Size.A == 0 {
		demand.Size = dist.Const(1)
	}
	return &Model{
		Name: "single store", Horizon: 1000, Warmup: 50, Replications: 20, Seed: 1,
		SKUs:       []SKU{{ID: "item"}},
		Suppliers:  []Supplier{{ID: "vendor", LeadTime: dist.Const(leadTime)}},
		Warehouses: []Warehouse{{ID: "store"}},
		Lanes:      []Lane{{From: "vendor", To: "store"}},
		Stocks:     []StockPoint{{At: "store", SKU: "item", Source: "vendor", Policy: policy}},
		Demands:    []Demand{demand},
	}
}

func baseStock(S float64) Policy {
	return Policy{Type: BaseStock, OrderUpTo: S, HasOrderUpTo: true}
}
