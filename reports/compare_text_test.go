package reports

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A change is written with two significant digits of its half-width, so
// that one its interval tells apart from zero never reads as zero.
func TestChangeDigits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mean, hw float64
		share    bool
		want     string
	}{
		{-0.0045, 0.0038, false, "-0.0045 ± 0.0038"},
		{0.0168, 0.0031, true, "+1.68 pp ± 0.31"},
		{0.69, 0.01, false, "+0.690 ± 0.010"},
		{12.5, 3.2, false, "+12.50 ± 3.20"},
		{0.00001, 0.0000004, false, "+0.00001000 ± 0.00000040"},
		{0, 0, false, "0.00 ± 0.00"},
		{0.0002, math.NaN(), false, "+0.00020"},
		{math.NaN(), 0.1, false, "-"},
	} {
		assert.Equal(t, tc.want, Change(tc.mean, tc.hw, tc.share), "%v", tc)
	}
}
