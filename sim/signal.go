package sim

// Sharing end-customer demand (the beer game's remedy for the bullwhip
// effect): a stock point whose policy has EndCustomer set smooths or
// forecasts the demand of the end customers below it, the customer orders
// arriving at the customer-facing stock points it replenishes directly or
// indirectly (and at itself), instead of the orders it receives.

// endCustomer reports whether stock point k's policy listens to the end
// customers' demand.
func endCustomer(st *StockPoint) bool {
	p := &st.Policy
	return (p.Type == AnchorAdjust && p.Anchor.EndCustomer) || (p.Forecast != nil && p.Forecast.EndCustomer)
}

// compileSignals lists, per stock point with customers, the stock points
// that listen to its customers' demand; nil when none listens.
func (p *plan) compileSignals(n *network) {
	for k := range p.m.Stocks {
		if !endCustomer(&p.m.Stocks[k]) {
			continue
		}
		if p.listeners == nil {
			p.listeners = make([][]int32, len(p.m.Stocks))
		}
		stack := []int{k}
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(n.customers[c]) > 0 {
				p.listeners[c] = append(p.listeners[c], int32(k))
			}
			stack = append(stack, n.downstream[c]...)
		}
	}
}

// endDemand passes a customer order of qty units at stock point c to the
// stock points listening to its customers.
func (r *replication) endDemand(c int, qty float64) {
	for _, k := range r.p.listeners[c] {
		if in := r.stocks[k].info; in != nil {
			in.observe(r.now, qty, r.warmup)
		}
	}
}
