package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// stocks decodes the [[stock]] sections.
func (d *decoder) stocks(m *sim.Model, ts []*table) {
	m.Stocks = make([]sim.StockPoint, 0, len(ts))
	for _, t := range ts {
		t.require("at", "sku", "source", "policy")
		var s sim.StockPoint
		s.At, _ = t.id("at")
		s.SKU, _ = t.id("sku")
		s.Source, s.Sourcing = t.sources()
		s.Initial, s.HasInitial = t.dist("initial", quantityDist)
		if pt, ok := t.sub("policy", `type = "sS", s = 20, S = 60`); ok {
			s.Policy = pt.policy()
			if len(pt.bad) > 0 {
				t.bad["policy"] = true
			}
		}
		s.Visibility = t.visibility()
		s.Allocation = t.allocation()
		t.rejectUnknown()
		m.Stocks = append(m.Stocks, s)
	}
}

// levelKeys are the policy keys that set levels or quantities directly.
func levelKeys() []string { return []string{"S", "s", "r", "Q"} }

// policyKeys lists the keys a policy type takes besides type and review.
func policyKeys(pt sim.PolicyType) []string {
	switch pt {
	case sim.RQ:
		return []string{"r", "Q", "safety_stock"}
	case sim.SS:
		return []string{"s", "S", "Q", "safety_stock"}
	case sim.AnchorAdjust:
		return anchorKeys()
	}
	return []string{"S", "safety_stock"} // base_stock, RS
}

// policy decodes the policy table of a [[stock]].
func (pt *table) policy() sim.Policy {
	var p sim.Policy
	typ, typeOK := pt.policyType()
	p.Type = typ
	p.Review, _ = pt.interval("review")
	p.OrderUpTo, p.HasOrderUpTo = pt.level("S")
	reorderKey := "r"
	if typ == sim.SS {
		reorderKey = "s"
	}
	p.Reorder, p.HasReorder = pt.level(reorderKey)
	p.Quantity, _ = pt.positive("Q")
	p.SafetyStock, _ = pt.safetyStock()
	p.Forecast = pt.forecast(typ)
	if typ == sim.AnchorAdjust && typeOK {
		p.Anchor = pt.anchor()
	}
	for _, k := range levelKeys() {
		pt.has(k) // known in every policy, so misplaced keys get a clear message
	}
	if typeOK {
		pt.policyRules(typ)
	}
	pt.rejectUnknown()
	return p
}

// policyType reads the required type key.
func (pt *table) policyType() (sim.PolicyType, bool) {
	names := sim.PolicyTypeNames()
	if !pt.has("type") {
		pt.tableErrorf("known policy types: "+strings.Join(names, ", "), "policy: missing required key %q", "type")
		return 0, false
	}
	name, ok := pt.str("type")
	if !ok {
		return 0, false
	}
	typ, ok := sim.ParsePolicyType(name)
	if !ok {
		pt.errorf("type", didYouMean(name, names, "policy types"), "unknown policy type %q", name)
	}
	return typ, ok
}

// level returns a level or quantity key: a number at least 0.
func (pt *table) level(key string) (float64, bool) {
	x, ok := pt.number(key)
	if ok && x < 0 {
		pt.errorf(key, "", "must not be negative, got %g", x)
		return 0, false
	}
	return x, ok
}

// policyRules checks which keys the policy type needs and allows.
func (pt *table) policyRules(typ sim.PolicyType) {
	allowed := policyKeys(typ)
	for _, k := range levelKeys() {
		if pt.has(k) && !slices.Contains(allowed, k) {
			pt.errorf(k, fmt.Sprintf("%s takes %s", typ, describePolicy(typ)), "does not apply to %s policies", typ)
		}
	}
	switch typ {
	case sim.BaseStock, sim.RS:
		pt.exactlyOne(typ, "S", "safety_stock")
	case sim.RQ:
		pt.exactlyOne(typ, "r", "safety_stock")
		if !pt.has("Q") {
			pt.tableErrorf("Q is how much one order brings", "policy: rQ needs Q, the order quantity")
		}
	case sim.SS:
		pt.exactlyOne(typ, "s", "safety_stock")
		pt.exactlyOne(typ, "S", "Q")
		pt.reorderBelowOrderUpTo()
	}
	pt.anchorRules(typ, allowed)
	if typ == sim.RS && !pt.has("review") {
		pt.tableErrorf(`RS is periodic: add review = "7d", or use base_stock for continuous review`,
			"policy: RS needs review, the time between reviews")
	}
}

// describePolicy says which keys a policy type takes.
func describePolicy(typ sim.PolicyType) string {
	switch typ {
	case sim.RQ:
		return "r or safety_stock, and Q"
	case sim.SS:
		return "s or safety_stock, and S or Q"
	case sim.AnchorAdjust:
		return "review, and optionally theta, alpha_s, beta, stock_target and demand_signal"
	}
	return "S or safety_stock"
}

// exactlyOne reports when neither or both of a and b are given.
func (pt *table) exactlyOne(typ sim.PolicyType, a, b string) {
	switch hasA, hasB := pt.has(a), pt.has(b); {
	case hasA && hasB:
		pt.errorf(b, fmt.Sprintf("%s takes %s", typ, describePolicy(typ)), "give %s or %s, not both", a, b)
	case !hasA && !hasB:
		pt.tableErrorf(fmt.Sprintf("%s takes %s", typ, describePolicy(typ)), "policy: %s needs %s or %s", typ, a, b)
	}
}

// reorderBelowOrderUpTo checks s < S when both are given.
func (pt *table) reorderBelowOrderUpTo() {
	if !pt.ok("s") || !pt.ok("S") {
		return
	}
	s, _ := pt.number("s")
	S, _ := pt.number("S")
	if s >= S {
		pt.errorf("s", "", "s >= S: reorder level must be below the order-up-to level (s = %g, S = %g)", s, S)
	}
}

// safetyStock decodes safety_stock = { one of service_level, fill_rate,
// days, units }.
func (pt *table) safetyStock() (sim.SafetyStock, bool) {
	st, ok := pt.sub("safety_stock", "service_level = 0.95")
	if !ok {
		return sim.SafetyStock{}, false
	}
	methods := []struct {
		key    string
		method sim.SafetyStockMethod
	}{
		{"service_level", sim.SafetyServiceLevel}, {"fill_rate", sim.SafetyFillRate},
		{"days", sim.SafetyDaysOfCover}, {"units", sim.SafetyUnits},
	}
	var ss sim.SafetyStock
	var given []string
	for _, m := range methods {
		if x, ok := st.safetyValue(m.key); ok {
			ss = sim.SafetyStock{Method: m.method, Value: x}
		}
		if st.has(m.key) {
			given = append(given, m.key)
		}
	}
	st.rejectUnknown()
	if len(given) != 1 {
		pt.errorf("safety_stock", "", "give exactly one of service_level, fill_rate, days or units, got %d", len(given))
	}
	return ss, len(given) == 1 && len(st.bad) == 0
}

// safetyValue reads one safety-stock target.
func (st *table) safetyValue(key string) (float64, bool) {
	if key == "service_level" || key == "fill_rate" {
		return st.share(key, true)
	}
	x, ok := st.level(key)
	if ok && key == "days" && !st.atMost(key, x, maxDays, " days of demand") {
		return 0, false
	}
	return x, ok
}
