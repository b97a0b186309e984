package scenario

import (
	"fmt"

	"github.com/supplysim/supplysim/sim"
)

// plantSite is the kind of a [[plant]] in the one namespace of sites. A
// plant holds stock like a warehouse: stock points, lanes and demand may
// be at it.
const plantSite = "plant"

// plants decodes the [[plant]] sections.
func (d *decoder) plants(m *sim.Model, ts []*table) {
	for _, t := range ts {
		t.require("id", "makes", "bom")
		var p sim.Plant
		p.ID, _ = t.id("id")
		p.Makes, _ = t.id("makes")
		p.Capacity, _ = t.positive("capacity")
		p.ProductionTime, p.HasProductionTime = t.dist("production_time", timeDist)
		switch {
		case t.has("capacity") && t.has("production_time"):
			t.errorf("production_time", "give capacity (units per day) or production_time (per unit), not both",
				"capacity and production_time are two ways to give the same rate")
		case !t.has("capacity") && !t.has("production_time"):
			t.tableErrorf(`add capacity = 100 (units per day) or production_time = { dist = "exponential", mean = "15m" } (per unit)`,
				"[[plant]]: missing capacity or production_time")
		case p.HasProductionTime && p.ProductionTime.Mean() <= 0:
			t.errorf("production_time", "", "the mean time per unit must be greater than 0")
		}
		p.Batch, _ = t.positive("batch")
		p.Setup, _ = t.duration("setup", false)
		p.BOM = t.bom()
		t.rejectUnknown()
		m.Plants = append(m.Plants, p)
	}
}

// bom decodes a plant's bill of materials: a list of { sku, qty } tables.
func (t *table) bom() []sim.Component {
	v, ok := t.get("bom")
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if ms, isMaps := v.([]map[string]any); isMaps {
		list, ok = make([]any, len(ms)), true
		for i := range ms {
			list[i] = ms[i]
		}
	}
	if !ok || len(list) == 0 {
		t.errorf("bom", "", `expected a list of components such as [{ sku = "fabric", qty = 1.5 }], got %s`, describe(v))
		return nil
	}
	var out []sim.Component
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			t.errorf("bom", "", "element %d: expected a table, got %s", i+1, describe(e))
			continue
		}
		ct := t.d.newTable(t.at.child("bom"), "bom", fmt.Sprintf("bom[%d].", i), m)
		ct.require("sku", "qty")
		var c sim.Component
		c.SKU, _ = ct.id("sku")
		c.Qty, _ = ct.positive("qty")
		ct.rejectUnknown()
		if len(ct.bad) > 0 || c.SKU == "" || c.Qty == 0 {
			t.bad["bom"] = true
			continue
		}
		out = append(out, c)
	}
	return out
}

// addPlants adds the plants to the sites.
func (r *refs) addPlants(m *sim.Model, ts []*table) {
	for i, p := range m.Plants {
		if r.addSite(p.ID, plantSite, ts[i]) {
			r.warehouses = append(r.warehouses, p.ID)
			if ts[i].ok("makes") {
				r.makes[p.ID] = p.Makes
			}
		}
	}
}

// checkPlants checks each plant's SKUs and stock points: its finished
// goods are stocked at it with the plant as source, and every component
// is stocked at it.
func (r *refs) checkPlants(m *sim.Model, ts, stocks []*table) {
	for i, p := range m.Plants {
		t := ts[i]
		if !t.ok("id") {
			continue
		}
		if r.sku(t, "makes", p.Makes) {
			r.checkFinished(m, t, p)
		}
		seen := map[string]bool{}
		for _, c := range p.BOM {
			switch {
			case !r.skuSet[c.SKU]:
				if !r.skusBad {
					t.errorf("bom", t.d.hint(c.SKU, r.skus, "skus"), "unknown sku %q", c.SKU)
				}
			case c.SKU == p.Makes:
				t.errorf("bom", "the bill of materials lists the SKUs the plant makes "+p.Makes+" from", "%q cannot be a component of itself", c.SKU)
			case seen[c.SKU]:
				t.errorf("bom", "give each component once, with its total qty", "%q is listed twice", c.SKU)
			default:
				if _, ok := r.stocks[[2]string{p.ID, c.SKU}]; !ok {
					t.errorf("bom", fmt.Sprintf("add a [[stock]] with at = %q, sku = %q, a source and a policy", p.ID, c.SKU),
						"component %s has no stock point at %s", c.SKU, p.ID)
				}
			}
			seen[c.SKU] = true
		}
	}
	r.checkPlantSources(m, stocks)
}

func (r *refs) checkFinished(m *sim.Model, t *table, p sim.Plant) {
	k, ok := r.stocks[[2]string{p.ID, p.Makes}]
	if !ok {
		t.errorf("makes", fmt.Sprintf("add a [[stock]] with at = %q, sku = %q, source = %q and a policy", p.ID, p.Makes, p.ID),
			"plant %s has no stock point for its finished %s", p.ID, p.Makes)
		return
	}
	if st := m.Stocks[k]; st.Source != p.ID || len(st.Sourcing.Sources) > 1 {
		t.errorf("makes", fmt.Sprintf("write source = %q in the [[stock]] of %s at %s", p.ID, p.Makes, p.ID),
			"the finished %s is made at %s: its stock point there must have the plant as its only source", p.Makes, p.ID)
	}
}

// checkPlantSources reports stock points that name a plant in a list of
// sources: a plant's finished goods are ordered from it alone.
func (r *refs) checkPlantSources(m *sim.Model, ts []*table) {
	for i, st := range m.Stocks {
		for _, s := range st.Sourcing.Sources {
			if r.sites[s.Site] == plantSite && len(st.Sourcing.Sources) > 1 {
				ts[i].errorf("source", "order from the plant alone, or list warehouses that stock the item",
					"plant %q cannot be one of several sources", s.Site)
				break
			}
		}
	}
}

// madeHere reports whether stock point s is a plant's finished goods,
// made where it is stocked; it reports a plant's stock point of another SKU
// with the plant as source.
func (r *refs) madeHere(s sim.StockPoint, t *table) bool {
	if s.Source != s.At || r.sites[s.At] != plantSite {
		return false
	}
	if makes, ok := r.makes[s.At]; ok && makes != s.SKU {
		t.errorf("source", fmt.Sprintf("plant %s makes %s; buy %s from a supplier or warehouse", s.At, makes, s.SKU),
			"%s is not made at %s", s.SKU, s.At)
	}
	return true
}
