package sim

import "math"

// orderRule is a stock point's replenishment policy with its levels. A demand
// stream keeps a copy of its stock point's, so that a customer order
// decides the replenishment without reading the plan.
type orderRule struct {
	reorder  float64 // r or s
	upTo     float64 // S
	quantity float64 // Q
	policy   PolicyType
}

// orderQuantity returns how much a policy orders at inventory position ip,
// or 0. Every policy decides on inventory position, never on stock on hand.
func orderQuantity(p *orderRule, ip float64) float64 {
	switch p.policy {
	case BaseStock, RS:
		if ip < p.upTo {
			return p.upTo - ip
		}
	case RQ:
		if ip <= p.reorder {
			// the smallest multiple of Q that lifts IP above r
			return (math.Floor((p.reorder-ip)/p.quantity) + 1) * p.quantity
		}
	case SS:
		if ip <= p.reorder {
			return p.upTo - ip
		}
	}
	return 0
}
