package scenario

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// table is one TOML table being decoded: its values, where it sits, which
// keys were asked for (for unknown-key checks and hints) and which held a
// bad value (so later checks skip them instead of piling up errors).
type table struct {
	d      *decoder
	at     keyPath
	name   string // how messages name the table: "[[stock]]", "policy"
	prefix string // put before key names in messages: "policy."
	vals   map[string]any
	known  []string
	bad    map[string]bool
}

func (d *decoder) newTable(at keyPath, name, prefix string, vals map[string]any) *table {
	return &table{d: d, at: at, name: name, prefix: prefix, vals: vals, bad: map[string]bool{}}
}

// errorf reports a problem with key's value.
func (t *table) errorf(key, hint, format string, args ...any) {
	t.bad[key] = true
	t.d.report(t.at.child(key), hint, t.prefix+key+": "+fmt.Sprintf(format, args...))
}

// tableErrorf reports a problem with the table as a whole.
func (t *table) tableErrorf(hint, format string, args ...any) {
	t.d.report(t.at, hint, fmt.Sprintf(format, args...))
}

// get returns key's raw value, noting key as one the table may hold.
func (t *table) get(key string) (any, bool) {
	if !slices.Contains(t.known, key) {
		t.known = append(t.known, key)
	}
	v, ok := t.vals[key]
	return v, ok
}

// has reports whether key is present, valid or not.
func (t *table) has(key string) bool {
	_, ok := t.get(key)
	return ok
}

// ok reports whether key is present with a valid value.
func (t *table) ok(key string) bool { return t.has(key) && !t.bad[key] }

// require reports the keys that are missing, in one error.
func (t *table) require(keys ...string) {
	var missing []string
	for _, k := range keys {
		if !t.has(k) {
			missing = append(missing, strconv.Quote(k))
		}
	}
	switch len(missing) {
	case 0:
	case 1:
		t.tableErrorf("", "%s: missing required key %s", t.name, missing[0])
	default:
		t.tableErrorf("", "%s: missing required keys %s", t.name, joinAnd(missing))
	}
}

// rejectUnknown reports every key no getter asked for, with a hint naming
// the nearest known key.
func (t *table) rejectUnknown() {
	keys := make([]string, 0, len(t.vals))
	for k := range t.vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(t.known, k) {
			t.bad[k] = true
			t.d.report(t.at.child(k), didYouMean(k, t.known, "keys here"), fmt.Sprintf("unknown key %q in %s", k, t.name))
		}
	}
}

// str returns key's string value.
func (t *table) str(key string) (string, bool) {
	v, ok := t.get(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		t.errorf(key, "", "expected a string, got %s", describe(v))
	}
	return s, ok
}

// id returns key's value as an identifier: not empty, no surrounding
// blanks, and none of the characters outputs and glob patterns rely on.
func (t *table) id(key string) (string, bool) {
	s, ok := t.str(key)
	if !ok {
		return "", false
	}
	if msg := badID(s); msg != "" {
		t.errorf(key, "", "%s", msg)
		return "", false
	}
	return s, true
}

func badID(s string) string {
	switch {
	case s == "":
		return "must not be empty"
	case strings.TrimSpace(s) != s:
		return fmt.Sprintf("%q must not start or end with blanks", s)
	case strings.ContainsAny(s, `/*?[]\`):
		return fmt.Sprintf(`%q must not contain "/", "*", "?", "[", "]" or "\"`, s)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return fmt.Sprintf("%q must not contain control characters", s)
	}
	return ""
}

// number returns key's value as a finite number.
func (t *table) number(key string) (float64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	x, err := toNumber(v)
	if err != nil {
		t.errorf(key, hintFor(err, ""), "%v", err)
		return 0, false
	}
	return x, true
}

// atLeast returns key's number, reporting it when below lo.
func (t *table) atLeast(key string, lo float64) (float64, bool) {
	x, ok := t.number(key)
	if ok && x < lo {
		t.errorf(key, "", "must be at least %g, got %g", lo, x)
		return 0, false
	}
	return x, ok
}

// positive returns key's number, reporting it when not above zero.
func (t *table) positive(key string) (float64, bool) {
	x, ok := t.number(key)
	if ok && x <= 0 {
		t.errorf(key, "", "must be greater than 0, got %g", x)
		return 0, false
	}
	return x, ok
}

// share returns key's number, reporting it when outside 0..1: bounds
// included, or excluded when open is set.
func (t *table) share(key string, open bool) (float64, bool) {
	x, ok := t.number(key)
	if !ok {
		return 0, false
	}
	if open && (x <= 0 || x >= 1) {
		t.errorf(key, "", "must be between 0 and 1, both excluded, got %g", x)
		return 0, false
	}
	if !open && (x < 0 || x > 1) {
		t.errorf(key, "", "must be between 0 and 1, got %g", x)
		return 0, false
	}
	return x, true
}

// integer returns key's value as a whole number.
func (t *table) integer(key string) (int64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	n, err := toInteger(v)
	if err != nil {
		t.errorf(key, "", "%v", err)
		return 0, false
	}
	return n, true
}

// boolean returns key's value as true or false.
func (t *table) boolean(key string) (bool, bool) {
	v, ok := t.get(key)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		t.errorf(key, "", "expected true or false, got %s", describe(v))
	}
	return b, ok
}

// duration returns key's value in days; it must be at least 0, or above 0
// when positive is set, and not too close to 0.
func (t *table) duration(key string, positive bool) (float64, bool) {
	x, ok := t.days(key, positive)
	if err := checkTinyDays(x, t.vals[key]); ok && err != nil {
		t.errorf(key, boundsHint, "%v", err)
		return 0, false
	}
	return x, ok
}

// days is duration for keys with a minimum of their own.
func (t *table) days(key string, positive bool) (float64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	x, err := toDays(v)
	switch {
	case err != nil:
		t.errorf(key, hintFor(err, ""), "%v", err)
	case x < 0:
		t.errorf(key, "", "must not be negative, got %s", describe(v))
	case positive && x == 0:
		t.errorf(key, "", "must be greater than 0, got %s", describe(v))
	default:
		return x, true
	}
	return 0, false
}

// numbers returns key's value as an array of numbers, each at least 0.
func (t *table) numbers(key string) ([]float64, bool) {
	v, ok := t.get(key)
	if !ok {
		return nil, false
	}
	arr, ok := v.([]any)
	if !ok {
		t.errorf(key, "", "expected an array of numbers such as [1, 2, 3], got %s", describe(v))
		return nil, false
	}
	xs := make([]float64, len(arr))
	for i, e := range arr {
		x, err := toNumber(e)
		if err == nil && x < 0 {
			err = fmt.Errorf("must not be negative, got %g", x)
		}
		if err != nil {
			t.errorf(key, hintFor(err, ""), "element %d: %v", i+1, err)
			return nil, false
		}
		xs[i] = x
	}
	return xs, true
}

// sub returns key's value as a table; example shows what one holds.
func (t *table) sub(key, example string) (*table, bool) {
	v, ok := t.get(key)
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.errorf(key, "", "expected a table such as { %s }, got %s", example, describe(v))
		return nil, false
	}
	return t.d.newTable(t.at.child(key), t.prefix+key, t.prefix+key+".", m), true
}
