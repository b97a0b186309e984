package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// describe names a decoded TOML value's type and shows it, for "got ..."
// in error messages: `string "ten"`, `integer 5`, `a table`.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return "string " + shorten(strconv.Quote(v))
	case int64:
		return "integer " + strconv.FormatInt(v, 10)
	case float64:
		return "float " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return "boolean " + strconv.FormatBool(v)
	case map[string]any:
		return "a table"
	case []map[string]any, []any:
		return "an array"
	}
	return "a date or time"
}

// shorten cuts s to 40 runes, so that a pasted paragraph does not flood
// the error list.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:37]) + "..."
}

// toNumber converts a TOML integer or float to a float64 within the bounds
// of checkMagnitude.
func toNumber(v any) (float64, error) {
	x, err := finiteNumber(v)
	if err != nil {
		return 0, err
	}
	return x, checkMagnitude(x, v)
}

// finiteNumber converts a TOML integer or float to a finite float64.
func finiteNumber(v any) (float64, error) {
	var x float64
	switch v := v.(type) {
	case int64:
		x = float64(v)
	case float64:
		x = v
	default:
		return 0, fmt.Errorf("expected a number, got %s", describe(v))
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("expected a finite number, got %s", describe(v))
	}
	return x, nil
}

// toInteger converts a TOML integer, or a float with no fraction, to int64.
func toInteger(v any) (int64, error) {
	switch v := v.(type) {
	case int64:
		return v, nil
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int64(v), nil
		}
	}
	return 0, fmt.Errorf("expected a whole number, got %s", describe(v))
}

// unitDays returns the length in days of a duration unit.
func unitDays(unit string) (float64, bool) {
	switch unit {
	case "m":
		return 1.0 / 1440, true
	case "h":
		return 1.0 / 24, true
	case "d":
		return 1, true
	case "w":
		return 7, true
	case "y":
		return 365, true
	}
	return 0, false
}

const durationForms = `a duration such as "90m", "12h", "5d", "2w", "1y" or a number of days`

// toDays converts a duration (a string such as "12h", or a number of days)
// to days, within the bounds of checkDays whatever its spelling. Negative
// durations convert; callers say whether they are allowed.
func toDays(v any) (float64, error) {
	var x float64
	var err error
	if s, ok := v.(string); ok {
		x, err = parseDuration(s)
	} else if x, err = finiteNumber(v); err != nil {
		err = fmt.Errorf("expected %s, got %s", durationForms, describe(v))
	}
	if err != nil {
		return 0, err
	}
	return x, checkDays(x, v)
}

// parseDuration parses a number followed by one unit: m, h, d, w or y
// (365 days).
func parseDuration(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("expected %s, got an empty string", durationForms)
	}
	unit := t[len(t)-1:]
	scale, ok := unitDays(unit)
	switch {
	case !ok && unit >= "0" && unit <= "9":
		return 0, fmt.Errorf("%s has no unit: expected %s", shorten(strconv.Quote(s)), durationForms)
	case !ok && isPlainNumber(strings.TrimSpace(t[:len(t)-1])):
		return 0, fmt.Errorf("%s: unknown unit %q: expected %s", shorten(strconv.Quote(s)), unit, durationForms)
	case !ok:
		return 0, fmt.Errorf("expected %s, got %s", durationForms, shorten(strconv.Quote(s)))
	}
	num := strings.TrimSpace(t[:len(t)-1])
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || !isPlainNumber(num) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("expected %s, got %s", durationForms, shorten(strconv.Quote(s)))
	}
	return x * scale, nil
}

// isPlainNumber reports whether s is a decimal number such as "-1.5",
// rejecting forms ParseFloat accepts but a duration should not ("inf",
// "0x10", "1e3", "1_000").
func isPlainNumber(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, dots := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}
