// Package kernel is the event queue of the discrete-event engine: a typed
// 4-ary min-heap of value events ordered by (time, priority, sequence),
// beside a winner tree of slots for entities that always have exactly one
// event pending (demand streams). Pop takes the earlier of the two in the
// same order, so where an event waits changes nothing but speed.
//
// Events are plain values: no interface boxing and no allocation per event
// once the heap has grown to its working size. The queue knows nothing of
// the supply-chain model; the model gives meaning to Kind, Target and Arg.
package kernel

import (
	"math"
	"math/bits"
)

// Priority orders events that fall at the same time: lower runs first.
// Among equal time and priority, events run in the order they were scheduled.
type Priority uint8

// Event is one scheduled happening.
type Event struct {
	// Time is in days, at least 0. It is kept as its IEEE-754 bits, which
	// order like the numbers themselves for non-negative floats, so that
	// (time, key) compares as one 128-bit number without branching.
	time   uint64
	key    uint64 // priority (top 8 bits), scheduling sequence, kind (low 8 bits)
	Target int32  // the model entity the event is about (stock point, stream, ...)
	Arg    int32  // event-specific: a shipment or backorder slot, ...
}

// Time returns when the event happens, in days.
func (e Event) Time() float64 { return math.Float64frombits(e.time) }

// Kind returns the model's kind of event.
func (e Event) Kind() uint8 { return uint8(e.key) }

func less(a, b *Event) bool { return before(a, b) == 1 }

// before is 1 when a comes before b, else 0: the borrow of the 128-bit
// subtraction (a.time, a.key) - (b.time, b.key). Being arithmetic rather
// than a branch, it costs the same whichever way the comparison goes,
// where a branch would be mispredicted half the time in a heap.
func before(a, b *Event) uint64 {
	_, borrow := bits.Sub64(a.key, b.key, 0)
	_, borrow = bits.Sub64(a.time, b.time, borrow)
	return borrow
}

// Queue is the pending-event set. The zero value is an empty queue.
//
// Pop leaves a hole at the root instead of refilling it at once: an event
// loop usually schedules a follow-up event while handling the one it
// popped (the stream's next arrival), and that event then drops into the
// hole with a single sift-down, where Pop-then-push would need two sifts.
type Queue struct {
	heap  []Event
	seq   uint64
	hole  bool   // heap[0] was popped and awaits a replacement
	slots *slots // nil until Slots
}

// Len returns the number of pending events.
func (q *Queue) Len() int {
	n := len(q.heap)
	if q.hole {
		n--
	}
	if s := q.slots; s != nil {
		n += s.active
		if s.hole >= 0 {
			n--
		}
	}
	return n
}

// Grow reserves room for n more events.
func (q *Queue) Grow(n int) {
	if cap(q.heap)-len(q.heap) < n {
		h := make([]Event, len(q.heap), len(q.heap)+n)
		copy(h, q.heap)
		q.heap = h
	}
}

// Schedule adds an event at time t.
func (q *Queue) Schedule(t float64, p Priority, kind uint8, target, arg int32) {
	// The sequence number sits above the kind, so it alone breaks ties.
	e := Event{time: math.Float64bits(t), key: uint64(p)<<56 | q.seq<<8 | uint64(kind), Target: target, Arg: arg}
	q.seq++
	if q.hole {
		q.hole = false
		q.siftDown(0, e)
		return
	}
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

// Pop removes and returns the next event. The queue must not be empty.
func (q *Queue) Pop() Event {
	if q.hole {
		q.fillHole()
	}
	if s := q.slots; s != nil {
		if s.hole >= 0 {
			q.emptySlot(s.hole)
		}
		w := s.win[1]
		if len(q.heap) == 0 || less(&s.ev[w], &q.heap[0]) {
			s.hole = int(w)
			return s.ev[w]
		}
	}
	q.hole = true
	return q.heap[0]
}

// fillHole moves the last event into the hole at the root.
func (q *Queue) fillHole() {
	n := len(q.heap) - 1
	last := q.heap[n]
	q.heap = q.heap[:n]
	q.hole = false
	if n > 0 {
		q.siftDown(0, last)
	}
}

// siftDown places e at position i or below, moving smaller children up.
// Among four full children it runs a small tournament: the two first-round
// comparisons do not depend on each other, which keeps the pipeline busy.
func (q *Queue) siftDown(i int, e Event) {
	h := q.heap
	n := len(h)
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best := c
		if c+3 < n {
			a := c + int(before(&h[c+1], &h[c]))
			b := c + 2 + int(before(&h[c+3], &h[c+2]))
			best = a + (b-a)*int(before(&h[b], &h[a]))
		} else {
			for j := c + 1; j < n; j++ {
				if less(&h[j], &h[best]) {
					best = j
				}
			}
		}
		if !less(&h[best], &e) {
			break
		}
		h[i] = h[best]
		i = best
	}
	h[i] = e
}

// Slots give entities that always have exactly one pending event of their
// own (a demand stream's next arrival) a place outside the heap: a winner
// tree over the slots, where rescheduling a slot replays one path of
// comparisons from its leaf to the root, without moving any event.
type slots struct {
	ev     []Event // per slot; an empty slot holds the latest possible time
	win    []int32 // win[1] is the earliest slot; win[m+i] = i for the leaves
	m      int     // leaves start at m, a power of two
	active int     // slots holding an event
	hole   int     // slot popped and not rescheduled yet, or -1
}

const never = math.MaxUint64 // the time bits of an empty slot: after every event

// Slots reserves n slots, all empty.
func (q *Queue) Slots(n int) {
	m := 1
	for m < n {
		m *= 2
	}
	s := &slots{ev: make([]Event, m), win: make([]int32, 2*m), m: m, hole: -1}
	for i := range s.ev {
		s.ev[i].time = never
		s.win[m+i] = int32(i)
	}
	for i := m - 1; i >= 1; i-- {
		s.win[i] = s.win[2*i]
	}
	q.slots = s
}

// ScheduleSlot puts the event of slot i at time t, replacing any it had.
func (q *Queue) ScheduleSlot(i int, t float64, p Priority, kind uint8, target, arg int32) {
	s := q.slots
	if s.hole >= 0 && s.hole != i {
		q.emptySlot(s.hole)
	}
	if s.hole == i {
		s.hole = -1
	} else if s.ev[i].time == never {
		s.active++
	}
	s.ev[i] = Event{time: math.Float64bits(t), key: uint64(p)<<56 | q.seq<<8 | uint64(kind), Target: target, Arg: arg}
	q.seq++
	s.replay(i)
}

// emptySlot leaves slot i without an event: its stream has ended.
func (q *Queue) emptySlot(i int) {
	s := q.slots
	s.ev[i].time = never
	s.active--
	s.hole = -1
	s.replay(i)
}

// replay recomputes the winners on the path from slot i's leaf to the root.
func (s *slots) replay(i int) {
	w := int32(i)
	for n := s.m + i; n > 1; n >>= 1 {
		sib := s.win[n^1]
		w += (sib - w) * int32(before(&s.ev[sib], &s.ev[w]))
		s.win[n>>1] = w
	}
}
