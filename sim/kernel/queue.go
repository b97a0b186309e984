// Package kernel is the event queue of the discrete-event engine: a typed
// 4-ary min-heap of value events ordered by (time, priority, sequence).
//
// Events are plain values: no interface boxing and no allocation per event
// once the heap has grown to its working size. The queue knows nothing of
// the supply-chain model; the model gives meaning to Kind, Target and Arg.
package kernel

// Priority orders events that fall at the same time: lower runs first.
// Among equal time and priority, events run in the order they were scheduled.
type Priority uint8

// Event is one scheduled happening.
type Event struct {
	Time   float64 // days
	key    uint64  // priority (top 8 bits), then scheduling sequence
	Target int32   // the model entity the event is about (stock point, stream, ...)
	Arg    int32   // event-specific: a shipment or backorder slot, ...
	Kind   uint8
}

// Priority returns the priority the event was scheduled with.
func (e Event) Priority() Priority { return Priority(e.key >> 56) }

func less(a, b *Event) bool {
	return a.Time < b.Time || (a.Time == b.Time && a.key < b.key)
}

// Queue is the pending-event set. The zero value is an empty queue.
type Queue struct {
	heap []Event
	seq  uint64
}

// Len returns the number of pending events.
func (q *Queue) Len() int { return len(q.heap) }

// Grow reserves room for n more events.
func (q *Queue) Grow(n int) {
	if cap(q.heap)-len(q.heap) < n {
		h := make([]Event, len(q.heap), len(q.heap)+n)
		copy(h, q.heap)
		q.heap = h
	}
}

// Reset empties the queue and restarts the sequence, keeping its memory.
func (q *Queue) Reset() {
	q.heap = q.heap[:0]
	q.seq = 0
}

// Schedule adds an event at time t.
func (q *Queue) Schedule(t float64, p Priority, kind uint8, target, arg int32) {
	e := Event{Time: t, key: uint64(p)<<56 | q.seq, Target: target, Arg: arg, Kind: kind}
	q.seq++
	h := append(q.heap, e)
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 4
		if !less(&e, &h[parent]) {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = e
	q.heap = h
}

// Peek returns the next event without removing it. The queue must not be empty.
func (q *Queue) Peek() Event { return q.heap[0] }

// Pop removes and returns the next event. The queue must not be empty.
func (q *Queue) Pop() Event {
	h := q.heap
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	q.heap = h
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if less(&h[j], &h[best]) {
				best = j
			}
		}
		if !less(&h[best], &last) {
			break
		}
		h[i] = h[best]
		i = best
	}
	h[i] = last
	return top
}
