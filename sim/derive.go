package sim

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Derivation records how a stock point's policy parameters were obtained,
// so reports can show the safety stock used and where it came from.
type Derivation struct {
	Derived bool // false when every parameter was given directly

	LeadTimeMean, LeadTimeSD float64 // replenishment lead time, days
	Protection               float64 // protection interval: lead time + review, days
	DemandMean, DemandSD     float64 // demand per day at the stock point, units
	LTDMean, LTDSD           float64 // demand over the protection interval, units
	Z                        float64 // safety factor, when from a service level or fill rate
	SafetyStock              float64 // units

	Reorder, OrderUpTo, Quantity float64 // the parameters the policy runs with

	// TargetMetric names the metric that measures the service the safety
	// stock was sized for: "cycle_service_level" for a service_level
	// target, "fill_rate" for a fill_rate target, "" when there was none.
	// Target is that target, a share; reports set it beside the achieved value.
	TargetMetric string
	Target       float64
}

// StockError is a problem with one stock point, found when preparing a model.
type StockError struct {
	Index int    // position in Model.Stocks
	Field string // policy key the problem is about, such as "s" or "safety_stock"
	Err   error
}

func (e *StockError) Error() string { return fmt.Sprintf("stock %d: %s: %v", e.Index, e.Field, e.Err) }
func (e *StockError) Unwrap() error { return e.Err }

// Derive resolves every stock point's policy parameters, deriving those not
// given directly from the safety-stock rule and the lead-time demand. It
// reports every problem at once, one StockError each. The model's network
// must already be valid (ids resolve, lanes exist, no sourcing cycles).
//
// Lead-time demand uses the textbook normal approximation: over a protection
// interval P (lead time plus review period) with demand per day of mean d
// and variance v, E[D_P] = d E[P] and Var[D_P] = v E[P] + d² Var[P]. An
// upstream stock point sees the sum of its downstream stock points' demand;
// its own lead time counts the lane and supplier only, as if its source
// always had stock.
func Derive(m *Model) ([]Derivation, []*StockError) {
	n := newNetwork(m)
	out := make([]Derivation, len(m.Stocks))
	var errs []*StockError
	for i := range m.Stocks {
		d, err := derive(m, n, i)
		out[i] = d
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errs
}

func derive(m *Model, n *network, i int) (Derivation, *StockError) {
	sp := m.Stocks[i]
	p := sp.Policy
	var d Derivation
	d.LeadTimeMean, d.LeadTimeSD = n.leadTime(m, i)
	d.DemandMean, d.DemandSD = n.demandPerDay(m, i)
	d.Protection = d.LeadTimeMean + p.Review
	d.LTDMean = d.DemandMean * d.Protection
	d.LTDSD = math.Sqrt(d.DemandSD*d.DemandSD*d.Protection + d.DemandMean*d.DemandMean*d.LeadTimeSD*d.LeadTimeSD)
	d.Reorder, d.OrderUpTo, d.Quantity = p.Reorder, p.OrderUpTo, p.Quantity
	fail := func(field, format string, args ...any) (Derivation, *StockError) {
		return d, &StockError{Index: i, Field: field, Err: fmt.Errorf(format, args...)}
	}
	if p.SafetyStock.Method != SafetyNone {
		d.Derived = true
		ss, z, err := safetyStock(p, d)
		if err != nil {
			return fail("safety_stock", "%v", err)
		}
		d.SafetyStock, d.Z = ss, z
		d.TargetMetric, d.Target = targetMetric(p.SafetyStock.Method), p.SafetyStock.Value
		if d.TargetMetric == "" {
			d.Target = 0
		}
		level := wholeUnits(d.LTDMean + ss)
		switch p.Type {
		case BaseStock, RS:
			d.OrderUpTo = level
		case RQ, SS:
			d.Reorder = level
		}
	}
	if p.Type == SS && !p.HasOrderUpTo {
		d.OrderUpTo = d.Reorder + d.Quantity
	}
	if p.Type == AnchorAdjust {
		d.OrderUpTo = anchorStart(p, d)
	}
	if p.Type == SS && d.Reorder >= d.OrderUpTo {
		return fail("s", "s >= S (s = %g, S = %g): the reorder level must be below the order-up-to level", d.Reorder, d.OrderUpTo)
	}
	if p.Type == RQ && d.Quantity <= 0 {
		return fail("Q", "Q must be positive")
	}
	if !d.Derived {
		d.SafetyStock = d.reorderLevel(p.Type) - d.LTDMean
	}
	if !d.finite() {
		field := ""
		if d.Derived {
			field = "safety_stock"
		}
		return fail(field, "the lead-time demand (mean %g, sd %g) and levels derived from it are not finite numbers", d.LTDMean, d.LTDSD)
	}
	return d, nil
}

// targetMetric names the metric a safety-stock method targets, or "".
func targetMetric(m SafetyStockMethod) string {
	switch m {
	case SafetyServiceLevel:
		return "cycle_service_level"
	case SafetyFillRate:
		return "fill_rate"
	}
	return ""
}

// finite reports whether every number of the derivation is finite, so
// that the run and its outputs can use them.
func (d Derivation) finite() bool {
	for _, x := range []float64{d.LeadTimeMean, d.LeadTimeSD, d.Protection, d.DemandMean, d.DemandSD,
		d.LTDMean, d.LTDSD, d.Z, d.SafetyStock, d.Reorder, d.OrderUpTo, d.Quantity} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// reorderLevel is the level that protects against lead-time demand: r or s,
// or S for order-up-to policies.
func (d Derivation) reorderLevel(t PolicyType) float64 {
	if t == RQ || t == SS {
		return d.Reorder
	}
	return d.OrderUpTo
}

// wholeUnits rounds a derived level up to whole units, so rounding never
// lowers the service the level was sized for.
func wholeUnits(x float64) float64 { return math.Ceil(x - 1e-9) }

func safetyStock(p Policy, d Derivation) (ss, z float64, err error) {
	v := p.SafetyStock.Value
	switch p.SafetyStock.Method {
	case SafetyUnits:
		return v, 0, nil
	case SafetyDaysOfCover:
		return v * d.DemandMean, 0, nil
	case SafetyServiceLevel:
		z = distuv.UnitNormal.Quantile(v)
		return z * d.LTDSD, z, nil
	case SafetyFillRate:
		return fillRateSafetyStock(p, d, v)
	}
	return 0, 0, errors.New("unknown safety stock method")
}

// fillRateSafetyStock sizes the safety stock for a fill-rate target beta with
// the normal loss function G(z) = phi(z) - z (1 - Phi(z)): the expected units
// short per replenishment cycle, sigma G(z), must be (1 - beta) times the
// units demanded per cycle (Silver, Pyke & Thomas 2017, ch. 6 and 7).
// Continuous base stock replenishes every unit, so its fill rate is the
// probability of no stockout and z = Phi^-1(beta).
func fillRateSafetyStock(p Policy, d Derivation, beta float64) (float64, float64, error) {
	var perCycle float64
	switch {
	case p.Type == RQ || (p.Type == SS && !p.HasOrderUpTo):
		perCycle = p.Quantity
	case p.Type == SS:
		return 0, 0, errors.New("a fill_rate target for sS needs Q (the order size), not S")
	case p.Review > 0:
		perCycle = d.DemandMean * p.Review
	default:
		z := distuv.UnitNormal.Quantile(beta)
		return z * d.LTDSD, z, nil
	}
	if d.LTDSD == 0 {
		return 0, 0, nil
	}
	target := (1 - beta) * perCycle / d.LTDSD
	lo, hi := -6.0, 10.0
	for range 100 {
		mid := (lo + hi) / 2
		if normalLoss(mid) > target {
			lo = mid
		} else {
			hi = mid
		}
	}
	z := (lo + hi) / 2
	return z * d.LTDSD, z, nil
}

func normalLoss(z float64) float64 {
	return distuv.UnitNormal.Prob(z) - z*(1-distuv.UnitNormal.CDF(z))
}
