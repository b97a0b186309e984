package html

import (
	"math"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim/stats"
)

// cell is one table cell: a value and, in smaller type, its 95% confidence
// half-width or a remark.
type cell struct {
	Text, Sub string
	Class     string // "num" for right-aligned numbers, "bad"/"good" for verdicts
}

const dash = "–" // an undefined value, such as a wait with no backorders

// pctCell formats a share as a percentage with one decimal and its CI,
// e.g. "93.4%" "± 0.8".
func pctCell(s stats.Summary) cell {
	return summaryCell(s, 100, "%", 1)
}

// unitCell formats units, days or money with its CI, to three significant
// digits (at most two decimals).
func unitCell(s stats.Summary) cell { return summaryCell(s, 1, "", -1) }

func summaryCell(s stats.Summary, scale float64, suffix string, d int) cell {
	if s.N == 0 || math.IsNaN(s.Mean) {
		return cell{Text: dash, Class: "num"}
	}
	if d < 0 {
		d = decimals(s.Mean * scale)
	}
	c := cell{Text: fixed(s.Mean*scale, d) + suffix, Class: "num"}
	if !math.IsNaN(s.CI95) {
		c.Sub = "± " + fixed(s.CI95*scale, d)
	}
	return c
}

// decimals picks the decimals for a value read by people: three
// significant digits, at most two decimals.
func decimals(x float64) int {
	switch a := math.Abs(x); {
	case a >= 100:
		return 0
	case a >= 10:
		return 1
	default:
		return 2
	}
}

// fixed formats x with d decimals, never as "-0".
func fixed(x float64, d int) string {
	s := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// num formats a number for prose: three significant digits (at most two
// decimals), no trailing zeros, no exponent: "23", "6.5", "1432".
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return dash
	}
	return trimZeros(fixed(x, decimals(x)))
}

// pct formats a share as a percentage for prose, with at most one decimal:
// "8.1%", "95%".
func pct(x float64) string {
	if math.IsNaN(x) {
		return dash
	}
	return trimZeros(fixed(x*100, 1)) + "%"
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// days formats a duration in days: "365 days", "1 day", "0.5 days".
func days(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if x == 1 {
		return s + " day"
	}
	return s + " days"
}

// jsonNum is a chart value written with just enough digits for a picture:
// four significant digits, and null when undefined, so series stay small.
type jsonNum float64

func (x jsonNum) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	if math.Abs(f) < 1e-12 {
		return []byte("0"), nil // zero in a picture (scenario values are at least 1e-12), and safe from underflow
	}
	// Round to 4 significant digits, then print the shortest exact form.
	// Scale by exact powers of ten on the side that keeps them whole.
	var r float64
	if e := int(math.Floor(math.Log10(math.Abs(f)))); e >= 3 {
		p := math.Pow(10, float64(e-3))
		r = math.Round(f/p) * p
	} else {
		p := math.Pow(10, float64(3-e))
		r = math.Round(f*p) / p
	}
	return strconv.AppendFloat(nil, r, 'f', -1, 64), nil
}
