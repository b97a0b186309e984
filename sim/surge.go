package sim

import "math"

// surgeTarget is what a demand surge aims at: an SKU, a site, a demand
// stream, or several; an empty field matches every stream.
type surgeTarget struct{ sku, site, demand string }

func (d *Disruption) surgeTarget() surgeTarget { return surgeTarget{d.SKU, d.Site, d.Demand} }

// surgeTargets returns the distinct targets that hit demand stream s (up
// to eight): each field its own value or empty. A surge hits s when its
// target is one of them, which is what Hits tests; looking targets up in a
// map instead of testing every surge against every stream keeps large
// models linear.
func (s *Demand) surgeTargets() []surgeTarget {
	out := make([]surgeTarget, 0, 8)
	for i := range 8 {
		t := surgeTarget{}
		if i&1 != 0 {
			if t.sku = s.SKU; t.sku == "" {
				continue
			}
		}
		if i&2 != 0 {
			if t.site = s.At; t.site == "" {
				continue
			}
		}
		if i&4 != 0 {
			if t.demand = s.ID; t.demand == "" {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// SurgesHitSomething reports, per disruption, whether it is a demand surge
// that hits at least one of the model's demand streams.
func SurgesHitSomething(m *Model) []bool {
	hit := make(map[surgeTarget]bool, 8*len(m.Demands))
	for i := range m.Demands {
		for _, t := range m.Demands[i].surgeTargets() {
			hit[t] = true
		}
	}
	out := make([]bool, len(m.Disruptions))
	for i := range m.Disruptions {
		d := &m.Disruptions[i]
		out[i] = d.Type == DemandSurge && hit[d.surgeTarget()]
	}
	return out
}

// surgeBounds returns, per demand stream, the product of the factors above
// 1 of the demand surges that hit it: the bound of its surge factor.
func surgeBounds(m *Model) []float64 {
	product := map[surgeTarget]float64{}
	for i := range m.Disruptions {
		d := &m.Disruptions[i]
		if d.Type == DemandSurge && d.Factor > 1 {
			t := d.surgeTarget()
			if _, ok := product[t]; !ok {
				product[t] = 1
			}
			product[t] *= d.Factor
		}
	}
	out := make([]float64, len(m.Demands))
	for i := range m.Demands {
		out[i] = 1
		if len(product) == 0 {
			continue
		}
		for _, t := range m.Demands[i].surgeTargets() {
			if f, ok := product[t]; ok {
				out[i] *= f
			}
		}
	}
	return out
}

// PeakArrivalRates returns, per demand stream, the rate in orders per day
// at which it draws candidate arrivals: its rate times the largest factor
// of its profiles and trend over the horizon, times the factors of the
// surges that hit it. Fixed-interval streams (Every) have 0. Each must be
// at most MaxArrivalRate.
func PeakArrivalRates(m *Model) []float64 {
	surges := surgeBounds(m)
	out := make([]float64, len(m.Demands))
	for i := range m.Demands {
		d := &m.Demands[i]
		if d.sizeScaled() {
			continue
		}
		out[i] = d.Rate * maxFactor(d, m.Horizon) * surges[i]
		if math.IsNaN(out[i]) {
			out[i] = math.Inf(1)
		}
	}
	return out
}
