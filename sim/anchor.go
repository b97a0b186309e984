package sim

import "math"

// Anchor holds the parameters of the anchoring-and-adjustment ordering rule
// (Sterman 1989, "Modeling managerial behavior: misperceptions of feedback
// in a dynamic decision making experiment", Management Science 35(3)). At
// every review it orders
//
//	max(0, L + AlphaS (S* - S) + AlphaS Beta (SL* - SL))
//
// where L is the expected demand per review period, smoothed from the
// demand received with Theta (L <- Theta D + (1 - Theta) L, starting from
// the mean demand the derivation assumed), S the stock (on hand minus
// backorders) and SL the supply line (on order), as the policy sees them;
// S* is StockTarget and SL* the expected demand over the mean lead time.
// Sterman's fitted averages for the beer game are Theta 0.36, AlphaS 0.26
// and Beta 0.34 (Beta < 1: people under-weight the supply line).
type Anchor struct {
	Theta       float64 // demand smoothing, 0..1
	AlphaS      float64 // share of the stock gap ordered, 0..1
	Beta        float64 // weight of the supply line gap relative to the stock gap, 0..1
	StockTarget float64 // S*, units
	// EndCustomer smooths the end customers' demand below the stock point
	// instead of the orders it receives (signal.go).
	EndCustomer bool
}

// DefaultAnchor returns Sterman's (1989) average fitted parameters with a
// stock target of zero.
func DefaultAnchor() Anchor { return Anchor{Theta: 0.36, AlphaS: 0.26, Beta: 0.34} }

// anchorState is an AnchorAdjust policy during a replication.
type anchorState struct {
	expected float64 // expected demand per review period
	period   float64 // units asked since the last review
}

// anchorOrder is what the rule orders at a review, given the stock and
// supply line as the policy sees them.
func (a *anchorState) anchorOrder(p *Anchor, review, leadTime, stock, supplyLine float64) float64 {
	a.expected = p.Theta*a.period + (1-p.Theta)*a.expected
	a.period = 0
	supplyTarget := a.expected / review * leadTime
	q := a.expected + p.AlphaS*(p.StockTarget-stock) + p.AlphaS*p.Beta*(supplyTarget-supplyLine)
	return math.Max(0, math.Round(q))
}

// anchorStart is where an AnchorAdjust stock point starts when the scenario
// gives no initial stock: its stock target plus the mean demand over the
// protection interval, since its supply line starts empty.
func anchorStart(p Policy, d Derivation) float64 {
	return wholeUnits(d.LTDMean + p.Anchor.StockTarget)
}
