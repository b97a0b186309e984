package sim

// slab stores values in reusable slots addressed by int32, so events can
// refer to a shipment or a waiting order without allocating per event.
type slab[T any] struct {
	items []T
	spare []int32
}

func (s *slab[T]) put(v T) int32 {
	if n := len(s.spare); n > 0 {
		i := s.spare[n-1]
		s.spare = s.spare[:n-1]
		s.items[i] = v
		return i
	}
	s.items = append(s.items, v)
	return int32(len(s.items) - 1)
}

func (s *slab[T]) at(i int32) *T { return &s.items[i] }

// free releases slot i and returns the value it held.
func (s *slab[T]) free(i int32) T {
	s.spare = append(s.spare, i)
	return s.items[i]
}

// fifo is a first-in first-out queue of slots.
type fifo struct {
	items []int32
	head  int
}

func (q *fifo) empty() bool  { return q.head == len(q.items) }
func (q *fifo) front() int32 { return q.items[q.head] }
func (q *fifo) push(x int32) { q.items = append(q.items, x) }
func (q *fifo) pop() {
	q.head++
	if q.head == len(q.items) { // drained: reuse the memory from the start
		q.items, q.head = q.items[:0], 0
	} else if q.head > 64 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		q.items, q.head = q.items[:n], 0
	}
}
