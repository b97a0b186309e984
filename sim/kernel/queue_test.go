package kernel

import (
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
