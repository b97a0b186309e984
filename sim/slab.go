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

// waitQueue is a stock point's waiting requests, first come first served,
// held by value. Each request gets an id, counting from 0 in arrival order,
// so that a patience event can find it later (or learn that it has gone)
// without a pointer that could go stale.
type waitQueue struct {
	items  []wait
	head   int   // items[head] is the first waiting request
	headID int32 // the id of items[head]
}

func (q *waitQueue) empty() bool   { return q.head == len(q.items) }
func (q *waitQueue) front() *wait  { return &q.items[q.head] }
func (q *waitQueue) nextID() int32 { return q.headID + int32(len(q.items)-q.head) }

// push appends a request and returns its id.
func (q *waitQueue) push(w wait) int32 {
	id := q.nextID()
	q.items = append(q.items, w)
	return id
}

// byID returns the request with the given id, or nil when it has left.
func (q *waitQueue) byID(id int32) *wait {
	i := int(id - q.headID)
	if i < 0 || q.head+i >= len(q.items) {
		return nil
	}
	return &q.items[q.head+i]
}

func (q *waitQueue) pop() {
	q.head++
	q.headID++
	if q.head == len(q.items) { // drained: reuse the memory from the start
		q.items, q.head = q.items[:0], 0
	} else if q.head > 64 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		q.items, q.head = q.items[:n], 0
	}
}
