package sim

import (
	"fmt"
	"slices"
)

// MaxPathPoints caps the points of one stock point's sample path; a longer
// path keeps, per stretch of horizon / (MaxPathPoints/7) days, its first
// and last points and those where on hand, backorders and inventory
// position reach their extremes, so that every peak and trough still shows.
const MaxPathPoints = 2000

// MaxPathMarks caps the orders (and, separately, the receipts) of one
// sample path; past it, marks in the same stretch of time are summed.
const MaxPathMarks = 500

// PathPoint is a stock point's state right after an event, in units.
type PathPoint struct {
	Time                         float64 // days
	OnHand, Backorders, Position float64
}

// PathMark is a replenishment order placed, or a receipt, of Qty units at
// Time (days); when a path is thinned, the marks of one stretch of time
// are summed at the first one's time.
type PathMark struct {
	Time, Qty float64
}

// Path is one replication's sample path of one stock point: a step
// function (each point holds until the next), from time 0 to the horizon.
type Path struct {
	Stock    int // index in Model.Stocks
	Points   []PathPoint
	Orders   []PathMark
	Receipts []PathMark
	Thinned  bool // points or marks were thinned to MaxPathPoints / MaxPathMarks
}

// SamplePath runs replication rep of the model (0-based) once more and
// returns the sample path of each of the given stock points, in the order
// given. It runs as TraceWith does, within opt's Budget and Context.
func SamplePath(m *Model, rep int, opt Options, stocks []int) ([]Path, error) {
	index := map[[2]string]int{}
	for k, i := range stocks {
		if i < 0 || i >= len(m.Stocks) {
			return nil, fmt.Errorf("stock point %d does not exist: the scenario has %d", i, len(m.Stocks))
		}
		index[[2]string{m.Stocks[i].At, m.Stocks[i].SKU}] = k
	}
	buckets := MaxPathPoints / 7
	width := m.Horizon / float64(buckets)
	col := make([]pathCollector, len(stocks))
	for k := range col {
		col[k] = pathCollector{width: width, bucket: -1}
	}
	err := TraceWith(m, rep, opt, func(r TraceRecord) {
		k, ok := index[[2]string{r.Site, r.SKU}]
		if !ok {
			return
		}
		col[k].add(r)
	})
	if err != nil {
		return nil, err
	}
	out := make([]Path, len(stocks))
	for k, i := range stocks {
		out[k] = col[k].path(i, m.Horizon)
	}
	return out, nil
}

// pathCollector gathers one stock point's path a stretch of time at a
// time, keeping only the stretch's extremes when it holds many points.
type pathCollector struct {
	width    float64
	bucket   int
	pending  []PathPoint // the current stretch's points
	points   []PathPoint
	orders   []PathMark
	receipts []PathMark
	thinned  bool
}

func (c *pathCollector) add(r TraceRecord) {
	switch r.Event {
	case "order":
		c.orders = append(c.orders, PathMark{r.Time, r.Qty})
	case "receipt":
		c.receipts = append(c.receipts, PathMark{r.Time, r.Qty})
	}
	b := int(r.Time / c.width)
	if b != c.bucket {
		c.flush()
		c.bucket = b
	}
	p := PathPoint{Time: r.Time, OnHand: r.OnHand, Backorders: r.Backorders, Position: r.Position}
	// Several events at one instant: only the state after the last shows.
	if n := len(c.pending); n > 0 && c.pending[n-1].Time == p.Time {
		c.pending[n-1] = p
		return
	}
	c.pending = append(c.pending, p)
}

// flush moves the current stretch's points to the path: all of them when
// they are few, else its first, last and extreme points in time order.
func (c *pathCollector) flush() {
	ps := c.pending
	c.pending = c.pending[:0]
	if len(ps) <= 7 {
		c.points = append(c.points, ps...)
		return
	}
	c.thinned = true
	keep := []int{0, len(ps) - 1}
	extreme := func(better func(a, b PathPoint) bool) {
		j := 0
		for i := range ps {
			if better(ps[i], ps[j]) {
				j = i
			}
		}
		keep = append(keep, j)
	}
	extreme(func(a, b PathPoint) bool { return a.OnHand < b.OnHand })
	extreme(func(a, b PathPoint) bool { return a.OnHand > b.OnHand })
	extreme(func(a, b PathPoint) bool { return a.Backorders > b.Backorders })
	extreme(func(a, b PathPoint) bool { return a.Position < b.Position })
	extreme(func(a, b PathPoint) bool { return a.Position > b.Position })
	slices.Sort(keep)
	for _, i := range slices.Compact(keep) {
		c.points = append(c.points, ps[i])
	}
}

func (c *pathCollector) path(stock int, horizon float64) Path {
	c.flush()
	p := Path{Stock: stock, Points: c.points, Thinned: c.thinned}
	// The last state holds to the end of the run.
	if n := len(p.Points); n > 0 && p.Points[n-1].Time < horizon {
		last := p.Points[n-1]
		last.Time = horizon
		p.Points = append(p.Points, last)
	}
	var t1, t2 bool
	p.Orders, t1 = thinMarks(c.orders, c.width)
	p.Receipts, t2 = thinMarks(c.receipts, c.width)
	p.Thinned = p.Thinned || t1 || t2
	return p
}

// thinMarks sums the marks of each stretch of time when there are more
// than MaxPathMarks, widening the stretch until they fit.
func thinMarks(ms []PathMark, width float64) ([]PathMark, bool) {
	if len(ms) <= MaxPathMarks {
		return ms, false
	}
	for {
		var out []PathMark
		last := -1
		for _, m := range ms {
			if b := int(m.Time / width); b == last {
				out[len(out)-1].Qty += m.Qty
			} else {
				out, last = append(out, m), b
			}
		}
		if len(out) <= MaxPathMarks {
			return out, true
		}
		width *= 2
	}
}
