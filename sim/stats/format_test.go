package stats

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNum(t *testing.T) {
	t.Parallel()
	for x, want := range map[float64]string{
		0: "0", 0.93421: "0.9342", 482.98: "483", 1234567: "1234567", 0.00012345: "0.0001234", -2.5: "-2.5", math.NaN(): "undefined",
	} {
		assert.Equal(t, want, Num(x), "%v", x)
	}
	s := Summary{Mean: 0.93421, CI95: 0.01234}
	assert.Equal(t, "0.934 ± 0.012", MeanCI(s))
	s = Summary{Mean: 482.98, CI95: 15.78}
	assert.Equal(t, "483 ± 16", MeanCI(s))
}
