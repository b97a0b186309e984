// Package kernel is the event queue of the discrete-event engine: a typed
// 4-ary min-heap of value events ordered by (time, priority, sequence),
// beside a calendar of slots for entities that have at most one event
// pending (demand streams). Pop takes the earlier of the two in the same
// order, so where an event waits changes nothing but speed.
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
	if q.slots != nil {
		n += q.slots.active
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

// Reset empties the queue for another run, keeping its heap's memory and
// dropping its slots (see Slots). The sequence starts again, so the run
// orders its same-time events as a queue of its own would.
func (q *Queue) Reset() {
	q.heap, q.seq, q.hole, q.slots = q.heap[:0], 0, false, nil
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
		if s.at == len(s.cur) && s.active > 0 {
			s.fill(q.heap)
		}
		if s.at < len(s.cur) {
			i := s.cur[s.at]
			if len(q.heap) == 0 || less(&s.ev[i].Event, &q.heap[0]) {
				s.at++
				s.active--
				e := s.ev[i].Event
				s.ev[i].time = never
				return e
			}
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

// Slots give entities that have at most one pending event of their own
// (a demand stream's next arrival) a place outside the heap: a calendar
// queue (Brown 1988). Time is cut into buckets of equal width, numbered
// from 0; bucket b's events wait, unsorted, in list b mod len(head). Pop
// serves one bucket at a time: it takes that bucket's events from their
// list, sorts them (a few at most) and hands them out in order; an event
// scheduled into the bucket being served joins it in order. Scheduling and
// popping cost the same whatever the number of slots, where a heap or a
// tree grows with its logarithm. A slot's state, its event and its link,
// is one 32-byte record, so an arrival touches one cache line of it.
//
// The order is exact: bucket numbers grow with time, and events in one
// bucket are sorted by (time, priority, sequence). The width only decides
// the speed: a couple of events per bucket is best, and the number of lists
// is at least the number of slots, so a lap of the calendar spans an
// entity's typical wait and events further ahead are seldom passed over.
type slots struct {
	ev     []slot
	head   []int32 // per list: its first slot, or -1
	mask   uint64  // len(head) - 1, a power of two minus one
	perDay float64 // buckets per unit of time: 1 / width
	day    uint64  // the bucket being served
	cur    []int32 // its pending slots, in event order from cur[at]
	at     int
	active int // slots holding an event
}

// slot is one entity's place: its pending event, or time never, and the
// next slot in its bucket's list, or -1. Side by side, they are read from
// one cache line.
type slot struct {
	Event
	next int32
}

const (
	// eventsPerBucket is the calendar's mean load: with two, sorting a
	// bucket costs little and few buckets are empty (measured with
	// BenchmarkSlotsHold).
	eventsPerBucket = 2
	never           = math.MaxUint64 // the time bits of an empty slot
	lastDay         = 1 << 62        // the bucket of every event beyond it
	emptyList       = -1
)

// Slots reserves n slots, all empty. spacing is the expected time between
// two consecutive slot events, all slots together (1 / their total rate);
// it tunes the calendar and never changes the order.
func (q *Queue) Slots(n int, spacing float64) {
	lists := 16
	for lists < 2*n {
		lists *= 2
	}
	s := &slots{ev: make([]slot, n), head: make([]int32, lists),
		mask: uint64(lists - 1), perDay: 1}
	if spacing > 0 && !math.IsInf(spacing, 0) {
		s.perDay = 1 / (eventsPerBucket * spacing)
	}
	for i := range s.ev {
		s.ev[i].time = never
	}
	for i := range s.head {
		s.head[i] = emptyList
	}
	q.slots = s
}

// bucket returns the number of the bucket holding time bits t. It never
// decreases as t grows, which is all the order relies on.
func (s *slots) bucket(t uint64) uint64 {
	b := math.Float64frombits(t) * s.perDay
	if !(b < lastDay) {
		return lastDay
	}
	return uint64(int64(b))
}

// ScheduleSlot puts the event of slot i at time t, no earlier than the
// last event popped. Slot i must be empty: never scheduled, or its event
// popped. Without slots, the event goes on the heap.
func (q *Queue) ScheduleSlot(i int, t float64, p Priority, kind uint8, target, arg int32) {
	s := q.slots
	if s == nil {
		q.Schedule(t, p, kind, target, arg)
		return
	}
	e := &s.ev[i]
	if e.time != never {
		panic("kernel: slot scheduled twice")
	}
	e.Event = Event{time: math.Float64bits(t), key: uint64(p)<<56 | q.seq<<8 | uint64(kind), Target: target, Arg: arg}
	q.seq++
	s.active++
	if b := s.bucket(e.time); b > s.day {
		l := b & s.mask
		e.next, s.head[l] = s.head[l], int32(i)
		return
	}
	s.serve(int32(i))
}

// serve adds slot i to the bucket being served, in event order. It is
// usually among the last: it was scheduled last, at or after now.
func (s *slots) serve(i int32) {
	cur := append(s.cur, i)
	j := len(cur) - 1
	for ; j > s.at && less(&s.ev[i].Event, &s.ev[cur[j-1]].Event); j-- {
		cur[j] = cur[j-1]
	}
	cur[j] = i
	s.cur = cur
}

// fill moves on to the next bucket holding events, no further than the
// bucket of the heap's first event, beyond which no slot event can come
// first: stopping there keeps every event scheduled later at or after the
// bucket being served. After a lap of the calendar without an event it
// jumps straight to the earliest one.
func (s *slots) fill(heap []Event) {
	limit := uint64(lastDay)
	if len(heap) > 0 {
		limit = s.bucket(heap[0].time)
	}
	cur, day, lap := s.cur[:0], s.day, len(s.head)
	for len(cur) == 0 && day < limit {
		if lap--; lap == 0 {
			day = max(day, min(s.earliest(), limit)-1)
			lap = len(s.head)
		}
		day++
		link := &s.head[day&s.mask]
		for i := *link; i != emptyList; i = *link {
			e := &s.ev[i]
			if s.bucket(e.time) != day {
				link = &e.next
				continue
			}
			*link = e.next
			cur = append(cur, i)
			for j := len(cur) - 1; j > 0 && less(&e.Event, &s.ev[cur[j-1]].Event); j-- {
				cur[j], cur[j-1] = cur[j-1], i
			}
		}
	}
	s.cur, s.day, s.at = cur, day, 0
}

// earliest returns the first bucket holding an event, lastDay when none does.
func (s *slots) earliest() uint64 {
	b := uint64(lastDay)
	for i := range s.ev {
		if s.ev[i].time != never {
			b = min(b, s.bucket(s.ev[i].time))
		}
	}
	return b
}
