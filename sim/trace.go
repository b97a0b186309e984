package sim

import "fmt"

// TraceRecord is one line of a replication's event log: what happened at a
// stock point and its state right after.
type TraceRecord struct {
	Time       float64 // days
	Event      string  // see the list in Trace
	Site, SKU  string  // empty for network-wide events (disruptions)
	Qty        float64 // units the event moved
	OnHand     float64
	Backorders float64
	Position   float64 // inventory position
	Detail     string  // the downstream site served, the disruption's name, ...
}

// Trace runs replication rep of the model (0-based) and calls fn for every
// event, in the order they happen:
//
//	demand            a customer order arrives (Qty: units asked)
//	ship              units leave from stock at once (to a customer or downstream)
//	backorder         units that wait for stock
//	lost              units refused at once (the customer did not wait)
//	cancel            units a waiting customer cancels after their patience
//	fill              waiting units shipped when stock arrives
//	order             a replenishment order is placed with the source
//	receipt           stock arrives
//	disruption_start  a disruption window opens (Detail: its name)
//	disruption_end    a disruption window closes
//
// Tracing costs nothing when not asked for: the log hooks are nil checks.
func Trace(m *Model, rep int, fn func(TraceRecord)) error { return TraceWith(m, rep, Options{}, fn) }

// TraceWith is Trace within opt's Budget and Context (its other fields do
// not apply): it refuses a replication whose estimate is over the budget,
// and stops part way, with the budget's or the context's error, when the
// events it executes pass the budget or the context is done.
func TraceWith(m *Model, rep int, opt Options, fn func(TraceRecord)) error {
	if rep < 0 || rep >= m.Replications {
		return fmt.Errorf("replication %d does not exist: the scenario runs replications 0 to %d", rep, m.Replications-1)
	}
	deriv, errs := Derive(m)
	if len(errs) > 0 {
		return errs[0]
	}
	one := *m
	one.Replications = 1
	est := EstimateRun(&one, Options{Workers: 1, NoSeries: true, NoImpact: true})
	if err := opt.Budget.Check(est); err != nil {
		return err
	}
	p := compile(m, deriv)
	p.meter = newMeter(opt, est)
	r := newReplication(p, rep, recording{})
	r.trace = fn
	r.run()
	if opt.Context != nil && opt.Context.Err() != nil {
		return opt.Context.Err()
	}
	return p.meter.Err()
}

// log reports an event at stock point k to the tracer, if there is one.
func (r *replication) log(k int, event string, qty float64, detail string) {
	if r.trace == nil {
		return
	}
	s, st := &r.stocks[k], &r.p.m.Stocks[k]
	r.trace(TraceRecord{Time: r.now, Event: event, Site: st.At, SKU: st.SKU, Qty: qty,
		OnHand: s.onHand, Backorders: s.backorders, Position: s.position(), Detail: detail})
}

// scheduleMarks schedules the opening and closing of every disruption
// window, for the trace only.
func (r *replication) scheduleMarks() {
	for d, ws := range r.hz.windows {
		for _, w := range ws {
			r.schedule(w.Start, evMark, int32(d), 0)
			r.schedule(w.End, evMark, int32(d), 1)
		}
	}
}

func (r *replication) mark(d int, end bool) {
	event := "disruption_start"
	if end {
		event = "disruption_end"
	}
	r.trace(TraceRecord{Time: r.now, Event: event, Detail: r.p.m.Disruptions[d].Name})
}

// requester names who a request is for, in the trace.
func (r *replication) requester(q request) string {
	if q.downstream >= 0 {
		return r.p.m.Stocks[q.downstream].At
	}
	if q.plant > 0 {
		return "production at " + r.p.m.Plants[q.plant-1].ID
	}
	return "customer " + r.p.m.Demands[q.stream].ID
}
