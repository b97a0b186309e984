package sim

import "math"

// orderQuantity returns how much a policy orders at inventory position ip,
// or 0. Every policy decides on inventory position, never on stock on hand.
func orderQuantity(p *stockPlan, ip float64) float64 {
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
