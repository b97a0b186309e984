package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueueOrdersByTimeThenPriorityThenFIFO(t *testing.T) {
	t.Parallel()
	var q Queue
	q.Schedule(2, 0, 0, 1, 0)
	q.Schedule(1, 3, 0, 2, 0)
	q.Schedule(1, 1, 0, 3, 0)
	q.Schedule(1, 1, 0, 4, 0)
	q.Schedule(1, 0, 0, 5, 0)
	q.Schedule(0.5, 9, 0, 6, 0)
	var got []int32
	for q.Len() > 0 {
		got = append(got, q.Pop().Target)
	}
	assert.Equal(t, []int32{6, 5, 3, 4, 2, 1}, got)
}

// A reset queue is empty, without slots, and orders a new run as a
// fresh queue would; a slot event then waits on the heap, in the same
// order.
func TestQueueResetStartsAFreshRun(t *testing.T) {
	t.Parallel()
	var q Queue
	q.Slots(4, 1)
	q.ScheduleSlot(2, 1, 1, 0, 7, 0)
	q.Schedule(3, 0, 0, 8, 0)
	assert.Equal(t, int32(7), q.Pop().Target)
	q.Reset()
	assert.Zero(t, q.Len())
	q.ScheduleSlot(0, 1, 1, 0, 1, 0)
	q.Schedule(1, 1, 0, 2, 0)
	q.ScheduleSlot(3, 1, 0, 0, 3, 0)
	q.ScheduleSlot(1, 0.5, 2, 0, 4, 0)
	var got []int32
	for q.Len() > 0 {
		got = append(got, q.Pop().Target)
	}
	assert.Equal(t, []int32{4, 3, 1, 2}, got)
}

func TestQueuePopsInOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	var q Queue
	for i := 0; i < 5000; i++ {
		q.Schedule(float64(r.IntN(200))/4, Priority(r.IntN(4)), 0, int32(i), 0)
	}
	prev := q.Pop()
	for q.Len() > 0 {
		e := q.Pop()
		require.False(t, less(&e, &prev), "out of order: %+v after %+v", e, prev)
		prev = e
	}
}

func TestQueueInterleavedAgainstReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	var q Queue
	var ref []Event
	for i := 0; i < 3000; i++ {
		if r.IntN(3) > 0 || len(ref) == 0 {
			now := 0.0
			if len(ref) > 0 {
				now = ref[0].Time()
			}
			q.Schedule(now+float64(r.IntN(50))/8, Priority(r.IntN(4)), 0, int32(i), 0)
			ref = append(ref[:0], q.heap...)
			sort.Slice(ref, func(a, b int) bool { return less(&ref[a], &ref[b]) })
			continue
		}
		got := q.Pop()
		require.Equal(t, ref[0], got)
		ref = ref[1:]
	}
}

func TestQueueScheduleDoesNotAllocateAtWorkingSize(t *testing.T) {
	var q Queue
	q.Grow(64)
	allocs := testing.AllocsPerRun(100, func() {
		for i := 0; i < 32; i++ {
			q.Schedule(float64(i%7), Priority(i%3), 0, int32(i), 0)
		}
		for q.Len() > 0 {
			q.Pop()
		}
	})
	assert.Zero(t, allocs)
}

func BenchmarkQueueHold(b *testing.B) {
	// The classic "hold" model: a steady population of 2000 events, each pop
	// followed by one schedule, as in the reference (r,Q) benchmark.
	r := rand.New(rand.NewPCG(1, 1))
	var q Queue
	for i := 0; i < 2000; i++ {
		q.Schedule(r.ExpFloat64(), 1, 0, int32(i), 0)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := q.Pop()
		q.Schedule(e.Time()+r.ExpFloat64(), 1, 0, e.Target, 0)
	}
}

// Slot events and heap events pop in one order: time, then priority, then
// scheduling order, whichever structure holds them. Slots are rescheduled
// right after they pop, as demand streams are, or left empty. The
// calendar's spacing changes nothing: buckets far narrower than the gaps
// (many laps, jumps over empty ones), about right, and far wider (every
// event in one bucket).
func TestSlotsAndHeapMatchReference(t *testing.T) {
	t.Parallel()
	for _, spacing := range []float64{1e-9, 0.001, 0.1, 1, 1e9, 0} {
		t.Run(fmt.Sprint(spacing), func(t *testing.T) {
			t.Parallel()
			slotsMatchReference(t, spacing)
		})
	}
}

func slotsMatchReference(t *testing.T, spacing float64) {
	r := rand.New(rand.NewPCG(5, 6))
	var q Queue
	const streams = 37
	q.Slots(streams, spacing)
	type pending struct {
		Event
		seq int
	}
	var ref []pending
	seq := 0
	add := func(slot int, when float64, p Priority) {
		if slot >= 0 {
			q.ScheduleSlot(slot, when, p, 1, int32(slot), 7)
			ref = append(ref, pending{Event{time: math.Float64bits(when), Target: int32(slot), Arg: 7}, seq})
		} else {
			q.Schedule(when, p, 2, -1, int32(seq))
			ref = append(ref, pending{Event{time: math.Float64bits(when), Target: -1, Arg: int32(seq)}, seq})
		}
		ref[len(ref)-1].key = uint64(p) << 56
		seq++
	}
	for i := range streams {
		add(i, float64(r.IntN(20))/4, Priority(r.IntN(3)))
	}
	now := 0.0
	for step := 0; step < 20000 && len(ref) > 0; step++ {
		sort.SliceStable(ref, func(a, b int) bool {
			x, y := ref[a], ref[b]
			if x.time != y.time {
				return x.Time() < y.Time()
			}
			if x.key != y.key {
				return x.key < y.key
			}
			return x.seq < y.seq
		})
		require.Equal(t, len(ref), q.Len())
		got := q.Pop()
		want := ref[0]
		ref = ref[1:]
		require.Equal(t, want.Time(), got.Time(), "step %d", step)
		require.Equal(t, want.Target, got.Target, "step %d", step)
		require.Equal(t, want.Arg, got.Arg, "step %d", step)
		now = got.Time()
		if got.Target >= 0 && r.IntN(10) > 0 { // most streams go on
			when := now + float64(r.IntN(20))/4
			if r.IntN(100) == 0 { // far beyond every bucket
				when = math.MaxFloat64 / float64(1+r.IntN(2))
			}
			add(int(got.Target), when, Priority(r.IntN(3)))
		}
		if r.IntN(3) == 0 {
			add(-1, now+float64(r.IntN(20))/4, Priority(r.IntN(3)))
		}
	}
}

// BenchmarkSlotsHold is the reference (r,Q) benchmark's load on the queue:
// n demand streams at 20 arrivals a day, each rescheduled when it pops,
// and a receipt on the heap five days after one arrival in a hundred. Its
// cost per event should not grow with n.
func BenchmarkSlotsHold(b *testing.B) {
	for _, n := range []int{100, 1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 1))
			var q Queue
			q.Slots(n, 1/(20*float64(n)))
			for i := range n {
				q.ScheduleSlot(i, r.ExpFloat64()/20, 1, 0, int32(i), 0)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e := q.Pop()
				if e.Target < 0 {
					continue
				}
				q.ScheduleSlot(int(e.Target), e.Time()+r.ExpFloat64()/20, 1, 0, e.Target, 0)
				if i%100 == 0 {
					q.Schedule(e.Time()+5, 0, 1, -1, 0)
				}
			}
		})
	}
}
