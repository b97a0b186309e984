package sim

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The event engine's memory does not grow with the horizon: a 10-year run
// allocates about what a 1-year run does (the daily series, which do grow,
// are switched off here). Events are values in a reused heap, shipments and
// waiting orders live in reused slots, and delays go into a histogram.
func TestEngineMemoryDoesNotGrowWithHorizon(t *testing.T) {
	allocated := func(years float64) uint64 {
		m := referenceModel(50)
		m.Horizon = 365 * years
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Run(m, Options{Workers: 1, NoSeries: true})
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	one, ten := allocated(1), allocated(10)
	t.Logf("allocated: 1 year %d bytes, 10 years %d bytes", one, ten)
	assert.Less(t, float64(ten), 1.5*float64(one))
}
