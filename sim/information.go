package sim

import "math"

// information is what a stock point's policy knows during a replication,
// when it forecasts, anchors and adjusts, or does not see its stock as it
// is; nil for the other stock points, which pay nothing for it.
type information struct {
	plan   stockPlan // the stock point's plan, with the levels the forecast set
	fc     *forecaster
	anchor *anchorState
	vis    *visState
	// endCustomer: the policy's demand signal is the end customers'
	// demand (signal.go), not the orders the stock point receives.
	endCustomer bool
}

// infoKPIs are the information metrics of a stock point, set when it finishes.
type infoKPIs struct {
	bullwhip, mape, bias, recordError float64
}

// newInformation returns stock point i's information state, or nil.
func newInformation(p *plan, rep, i int, onHand float64) *information {
	st := &p.m.Stocks[i]
	pol := &st.Policy
	if pol.Forecast == nil && pol.Type != AnchorAdjust && !st.Visibility.Used() {
		return nil
	}
	in := &information{plan: p.stocks[i], endCustomer: endCustomer(st)}
	name := p.stocks[i].name
	if pol.Forecast != nil {
		in.fc = newForecaster(pol.Forecast, p.m.Seed, rep, name)
	}
	if pol.Type == AnchorAdjust {
		in.anchor = &anchorState{expected: p.deriv[i].DemandMean * pol.Review}
	}
	if st.Visibility.Used() {
		in.vis = newVisState(&st.Visibility, p.m.Seed, rep, name)
		in.vis.note(0, onHand, delta{})
	}
	return in
}

// asked counts units asked of the stock point at t.
func (in *information) asked(t, qty, warmup float64) {
	if !in.endCustomer {
		in.observe(t, qty, warmup)
	}
}

// observe feeds units of the policy's demand signal at t.
func (in *information) observe(t, qty, warmup float64) {
	if in.fc != nil {
		in.fc.observe(t, qty, warmup)
	}
	if in.anchor != nil {
		in.anchor.period += qty
	}
}

// changed follows a change of the stock point's levels.
func (in *information) changed(now float64, s *stock, d delta) {
	if in.vis != nil {
		in.vis.note(now, s.position(), d)
	}
}

// applyInformed applies the policy of stock point k as it sees its position,
// with the levels its forecast sets.
func (r *replication) applyInformed(k int) {
	s := &r.stocks[k]
	in := s.info
	pos := s.position()
	if in.vis != nil {
		pos = in.vis.seen(r.now, pos)
	}
	pol := &r.p.m.Stocks[k].Policy
	if in.fc != nil && in.fc.catchUp(r.now, r.warmup) {
		if reorder, upTo, ok := in.fc.levels(*pol, r.p.deriv[k]); ok {
			in.plan.reorder, in.plan.upTo = reorder, upTo
			if pol.Type == SS && pol.HasOrderUpTo {
				in.plan.upTo = math.Max(r.p.stocks[k].upTo, reorder+1)
			}
		}
	}
	var q float64
	if in.anchor != nil {
		q = in.anchor.anchorOrder(&pol.Anchor, pol.Review, r.p.deriv[k].LeadTimeMean, pos-s.onOrder, s.onOrder)
	} else {
		q = orderQuantity(&in.plan.orderRule, pos)
	}
	if q > 0 {
		r.placeOrder(k, q)
	}
}

// startInformation schedules the first shrink and cycle count of every
// stock point of group g with record inaccuracy.
func (r *replication) startInformation(g *group) {
	for _, k := range g.stocks {
		in := r.stocks[k].info
		if in == nil || in.vis == nil {
			continue
		}
		if in.vis.shrink != nil {
			r.schedule(in.vis.nextShrink(0), evShrink, int32(k), 0)
		}
		if c := in.vis.v.CycleCount; c > 0 && in.vis.v.Shrink > 0 {
			r.schedule(c, evCount, int32(k), 0)
		}
	}
}

// shrinkUnit makes one unit vanish from stock point k's shelf, unrecorded,
// when there is one.
func (r *replication) shrinkUnit(k int) {
	s := &r.stocks[k]
	vs := s.info.vis
	if x := math.Min(1, s.onHand); x > 0 {
		vs.setPhantom(r.now, r.warmup, vs.phantom+x)
		s.change(r.now, r.warmup, delta{onHand: -x})
		r.log(k, "shrink", x, "")
	}
	r.schedule(vs.nextShrink(r.now), evShrink, int32(k), 0)
}

// cycleCount sets stock point k's record to its physical stock.
func (r *replication) cycleCount(k int) {
	s := &r.stocks[k]
	vs := s.info.vis
	if vs.phantom != 0 {
		r.log(k, "count", vs.phantom, "")
		vs.setPhantom(r.now, r.warmup, 0)
		vs.note(r.now, s.position(), delta{})
	}
	r.schedule(r.now+vs.v.CycleCount, evCount, int32(k), 0)
}

// finishInformation sets the information metrics at the horizon.
func (s *stock) finishInformation(horizon, warmup float64) {
	s.k.info = infoKPIs{bullwhip: s.bw.ratio(horizon), mape: math.NaN(), bias: math.NaN(), recordError: math.NaN()}
	if s.info == nil {
		return
	}
	if fc := s.info.fc; fc != nil {
		fc.catchUp(horizon, warmup)
		s.k.info.mape, s.k.info.bias = fc.accuracy()
	}
	if vs := s.info.vis; vs != nil && vs.v.Shrink > 0 {
		s.k.info.recordError = vs.recordError(horizon, warmup)
	}
}
