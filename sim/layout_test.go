package sim

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// A customer order reads few cache lines of its stream and stock point, so
// that the orders of a large group of stock points do not wait on memory:
// the fields it reads sit in the lines named, and each element fills whole
// 64-byte lines, so that, in a slice starting on a line, no two elements
// share one.
func TestHotFieldsShareCacheLines(t *testing.T) {
	t.Parallel()
	line := func(off uintptr) uintptr { return off / 64 }
	var s stock
	assert.Zero(t, unsafe.Sizeof(s)%64, "stock size")
	assert.Equal(t, uintptr(0), line(unsafe.Offsetof(s.byPriority)), "levels, info, trail, flags")
	assert.Equal(t, uintptr(1), line(unsafe.Offsetof(s.queue)), "queue")
	assert.Equal(t, uintptr(1), line(unsafe.Offsetof(s.bw)+unsafe.Offsetof(s.bw.demand)+7), "queue and bullwhip period")
	assert.Equal(t, uintptr(3), line(unsafe.Offsetof(s.k)), "counters start")
	assert.Equal(t, uintptr(3), line(unsafe.Offsetof(s.k)+unsafe.Offsetof(s.k.ready)+7), "counters every order updates")

	var d demandStream
	assert.Equal(t, uintptr(128), unsafe.Sizeof(d), "demandStream size: two lines, one aligned block")

	assert.Equal(t, uintptr(48), unsafe.Sizeof(wait{}), "waiting request")

	var p stockPlan
	assert.Zero(t, unsafe.Sizeof(p)%128, "stockPlan size")
	assert.Equal(t, uintptr(0), line(unsafe.Offsetof(p.policy)), "policy")
	assert.Equal(t, uintptr(1), line(unsafe.Offsetof(p.alloc)+7), "site capacity, allocation")
}
