package scenario

import (
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

// skus decodes the [[sku]] sections.
func (d *decoder) skus(m *sim.Model, ts []*table) {
	for _, t := range ts {
		t.require("id")
		var s sim.SKU
		s.ID, _ = t.id("id")
		s.UnitCost = t.amount("unit_cost")
		s.HoldingRate = t.amount("holding_rate")
		s.BackorderCost = t.amount("backorder_cost")
		s.LostSaleCost = t.amount("lost_sale_cost")
		s.OrderCost = t.amount("order_cost")
		t.rejectUnknown()
		m.SKUs = append(m.SKUs, s)
	}
}

// amount returns key's number, 0 when absent, reporting negative values.
func (t *table) amount(key string) float64 {
	x, ok := t.number(key)
	if ok && x < 0 {
		t.errorf(key, "", "must not be negative, got %g", x)
		return 0
	}
	return x
}

// suppliers decodes the [[supplier]] sections.
func (d *decoder) suppliers(m *sim.Model, ts []*table) {
	for _, t := range ts {
		t.require("id")
		s := sim.Supplier{LeadTime: dist.Const(0)}
		s.ID, _ = t.id("id")
		if lt, ok := t.dist("lead_time", timeDist); ok {
			s.LeadTime = lt
		}
		s.Capacity, _ = t.positive("capacity")
		s.Terms = t.terms()
		t.rejectUnknown()
		m.Suppliers = append(m.Suppliers, s)
	}
}

// warehouses decodes the [[warehouse]] sections.
func (d *decoder) warehouses(m *sim.Model, ts []*table) {
	for _, t := range ts {
		t.require("id")
		var w sim.Warehouse
		w.ID, _ = t.id("id")
		w.Capacity, _ = t.positive("capacity")
		t.rejectUnknown()
		m.Warehouses = append(m.Warehouses, w)
	}
}

// lanes decodes the [[lane]] sections.
func (d *decoder) lanes(m *sim.Model, ts []*table) {
	for _, t := range ts {
		t.require("from", "to")
		l := sim.Lane{Transit: dist.Const(0)}
		l.From, _ = t.id("from")
		l.To, _ = t.id("to")
		if tr, ok := t.dist("transit", timeDist); ok {
			l.Transit = tr
		}
		l.CostPerUnit = t.amount("cost_per_unit")
		t.rejectUnknown()
		m.Lanes = append(m.Lanes, l)
	}
}
