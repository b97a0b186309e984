package stats

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Num writes a measured number with 4 significant digits (fewer when they
// are trailing zeros), never in exponent form: "0.9342", "20.36", "1234".
func Num(x float64) string {
	if math.IsNaN(x) {
		return "undefined"
	}
	if x == 0 || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	d := min(max(3-int(math.Floor(math.Log10(math.Abs(x)))), 0), 8)
	return trimZeros(strconv.FormatFloat(x, 'f', d, 64))
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// MeanCI writes "0.934 ± 0.012": two significant digits of the half-width,
// and the mean to the same decimal place.
func MeanCI(s Summary) string {
	mean, ci := s.Mean, s.CI95
	switch {
	case math.IsNaN(mean):
		return "undefined"
	case math.IsNaN(ci):
		return Num(mean) + " (no CI)"
	case ci == 0:
		return Num(mean) + " ± 0"
	}
	d := min(max(1-int(math.Floor(math.Log10(ci))), 0), 8)
	return fmt.Sprintf("%.*f ± %.*f", d, mean, d, ci)
}
