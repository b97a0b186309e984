package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// Knob is a [[knob]] table: a parameter of the scenario worth turning in
// class, with the range or the choices that make sense and what to watch
// while turning it. The playground draws one control per knob.
type Knob struct {
	Name  string       // unique among knobs: given, or the path's text
	Path  keypath.Path // in the syntax of --set
	Label string       // what the control is called
	Look  string       // what to look for while turning it
	// A range knob has Min, Max and Step (and no Choices); Integer says
	// all three are whole numbers, so its values are too.
	Min, Max, Step float64
	Integer        bool
	Choices        []any // a choice knob: TOML values (int64, float64, string, bool)
	// Start is where the knob starts: the file's value at the path (for a
	// duration, in days), or the table's start key.
	Start        any
	Line, Column int // of the [[knob]] table
}

// Change returns the change that sets the knob to v.
func (k Knob) Change(v any) keypath.Change {
	text := k.Path.String() + "=" + valueText(v)
	return keypath.Change{Path: k.Path, Value: v, Text: text, Origin: fmt.Sprintf("knob %q: %q", k.Name, text)}
}

// Values lists the positions of a range knob from Min to Max by Step, or
// a choice knob's choices.
func (k Knob) Values() []any {
	if len(k.Choices) > 0 {
		return k.Choices
	}
	n := int(math.Floor((k.Max-k.Min)/k.Step+1e-9)) + 1
	out := make([]any, n)
	for i := range out {
		out[i] = k.number(k.Min + float64(i)*k.Step)
	}
	return out
}

// number is x as the knob's values are typed: int64 for an integer knob.
func (k Knob) number(x float64) any {
	if k.Integer {
		return int64(math.Round(x))
	}
	// Rounded to 12 significant digits, so that 0.1 + 2*0.05 is 0.2.
	y, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return y
}

// valueText writes v as TOML writes it.
func valueText(v any) string { return formatValue(v, true) }

// ValueLabel writes a knob's value as a page shows it: 12, 0.95, fcfs,
// [0.7, 0.3].
func ValueLabel(v any) string { return formatValue(v, false) }

func formatValue(v any, quote bool) string {
	switch x := v.(type) {
	case string:
		if quote {
			return strconv.Quote(x)
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e, quote)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// Position checks that v, as a page or a program sends it (numbers may be
// float64 for an integer knob), is one of the knob's positions: one of
// its choices, or a number within its range, whole for an integer knob.
// It returns v typed as the knob's values are.
func (k Knob) Position(v any) (any, error) {
	if len(k.Choices) > 0 {
		if c, ok := k.choice(v); ok {
			return c, nil
		}
		return nil, fmt.Errorf("knob %q: %s is not one of its choices", k.Name, ValueLabel(v))
	}
	x, ok := v.(float64)
	if n, whole := v.(int64); whole {
		x, ok = float64(n), true
	}
	if !ok {
		return nil, fmt.Errorf("knob %q: expected a number, got %s", k.Name, ValueLabel(v))
	}
	if math.IsNaN(x) || !k.inRange(x) {
		return nil, fmt.Errorf("knob %q: %s is outside its range %s to %s", k.Name, ValueLabel(x), ValueLabel(k.Min), ValueLabel(k.Max))
	}
	if k.Integer {
		if x != math.Trunc(x) {
			return nil, fmt.Errorf("knob %q: expected a whole number, got %s", k.Name, ValueLabel(x))
		}
		return int64(x), nil
	}
	return x, nil
}

// choice returns the choice that v spells.
func (k Knob) choice(v any) (any, bool) {
	for _, c := range k.Choices {
		if valueText(c) == valueText(v) {
			return c, true
		}
	}
	return nil, false
}

// inRange allows a slider's floating-point steps a little slack.
func (k Knob) inRange(x float64) bool {
	const slack = 1e-9
	return x >= k.Min-slack && x <= k.Max+slack
}

// Knobs returns the file's [[knob]] tables, in file order.
func (b *Base) Knobs() []Knob { return b.d.knobs }

// maxKnobPositions keeps a slider usable and the load-time trials cheap.
const maxKnobPositions = 1000

// decodeKnobs decodes the [[knob]] tables' own keys; Load checks them
// against the scenario (checkKnobs).
func (d *decoder) decodeKnobs(ts []*table) {
	seen := map[string]bool{}
	for _, t := range ts {
		t.require("path", "label")
		var k Knob
		if d.loc != nil {
			k.Line, k.Column = d.loc.find(t.at)
		}
		k.Label, _ = t.str("label")
		k.Look, _ = t.str("look_for")
		if s, ok := t.str("path"); ok {
			p, err := keypath.ParsePath(s)
			if err != nil {
				t.errorf("path", "see docs/compare.md for key paths", "%v", err)
			}
			k.Path = p
		}
		k.Name = k.Path.String()
		if t.has("name") {
			k.Name, _ = t.label("name")
		}
		if k.Name != "" && seen[k.Name] {
			t.errorf("name", "give each [[knob]] a name of its own", "knob %q is already declared", k.Name)
		}
		seen[k.Name] = true
		t.knobValues(&k)
		if v, ok := t.get("start"); ok {
			k.Start = v
		}
		t.rejectUnknown()
		d.knobs = append(d.knobs, k)
		d.ktables = append(d.ktables, t)
	}
}

// knobValues reads min, max and step, or choices: one or the other.
func (t *table) knobValues(k *Knob) {
	ranged := t.has("min") || t.has("max") || t.has("step")
	if t.has("choices") == ranged {
		t.tableErrorf(`min = 0, max = 40, step = 5; or choices = ["fcfs", "priority"]`,
			"[[knob]]: give a range (min, max, step) or a list of choices, not %s", map[bool]string{true: "both", false: "neither"}[ranged])
		return
	}
	if !ranged {
		v, _ := t.get("choices")
		arr, ok := v.([]any)
		if !ok || len(arr) < 2 || len(arr) > maxKnobPositions {
			t.errorf("choices", `choices = ["fcfs", "priority"]`, "expected a list of 2 to %d values, got %s", maxKnobPositions, describe(v))
			return
		}
		for i, c := range arr {
			if !choiceValue(c, true) {
				t.errorf("choices", "", "element %d: expected a number, a string, a boolean or a list of them, got %s", i+1, describe(c))
				return
			}
		}
		k.Choices = arr
		return
	}
	t.require("min", "max", "step")
	lo, ok1 := t.number("min")
	hi, ok2 := t.number("max")
	step, ok3 := t.positive("step")
	if !ok1 || !ok2 || !ok3 {
		return
	}
	switch {
	case lo >= hi:
		t.errorf("max", "", "max (%g) must be above min (%g)", hi, lo)
		return
	case (hi-lo)/step > maxKnobPositions:
		t.errorf("step", fmt.Sprintf("a step of at least %g", (hi-lo)/maxKnobPositions), "%g..%g by %g is more than %d positions", lo, hi, step, maxKnobPositions)
		return
	}
	k.Min, k.Max, k.Step = lo, hi, step
	k.Integer = isWhole(t.vals["min"]) && isWhole(t.vals["max"]) && isWhole(t.vals["step"])
}

// choiceValue reports whether v can be a choice: a scalar, or a list of
// scalars when list is true (a split's shares, say).
func choiceValue(v any, list bool) bool {
	switch x := v.(type) {
	case int64, float64, string, bool:
		return true
	case []any:
		return list && len(x) > 0 && !slices.ContainsFunc(x, func(e any) bool { return !choiceValue(e, false) })
	}
	return false
}

func isWhole(v any) bool {
	_, ok := v.(int64)
	return ok
}

// checkKnobs checks each knob against the valid scenario: its path selects
// something, it has a start within its range, and the scenario is valid
// at its ends (every choice, or min and max). Problems are reported at the
// knob's table, like a variant's.
func (b *Base) checkKnobs() {
	for i := range b.d.knobs {
		k, t := &b.d.knobs[i], b.d.ktables[i]
		if len(t.bad) > 0 || k.Name == "" || len(k.Path.Keys) == 0 || k.Label == "" || (k.Step == 0 && k.Choices == nil) {
			continue // reported already
		}
		if err := b.knobStart(k); err != nil {
			b.reportKnob(t, "path", err)
			continue
		}
		for _, v := range b.trials(*k) {
			if _, _, err := b.With([]keypath.Change{k.Change(v)}); err != nil {
				b.reportKnob(t, "path", hinted(err, "the scenario must be valid at every position of a knob: narrow its range or choices"))
				break
			}
		}
	}
}

// trials are the knob positions tried at load: both ends of a range, or
// every choice.
func (b *Base) trials(k Knob) []any {
	if len(k.Choices) > 0 {
		return k.Choices
	}
	return []any{k.number(k.Min), k.number(k.Max)}
}

// knobStart sets k.Start from the file when the table gives none, and
// checks that it is one of the knob's positions.
func (b *Base) knobStart(k *Knob) error {
	if k.Start == nil {
		vals, err := keypath.Get(b.document(), b.index, k.Path)
		if err != nil {
			return b.changeError(keypath.Change{Path: k.Path, Origin: fmt.Sprintf("knob %q", k.Name)}, err)
		}
		if len(vals) == 0 || vals[0] == nil || slices.ContainsFunc(vals, func(v any) bool { return valueText(v) != valueText(vals[0]) }) {
			return &Error{Msg: fmt.Sprintf("knob %q: the elements %s selects have no single value there", k.Name, k.Path), Hint: "add start = VALUE to the [[knob]]"}
		}
		k.Start = vals[0]
	}
	if len(k.Choices) > 0 {
		if _, ok := k.choice(k.Start); !ok {
			return &Error{Msg: fmt.Sprintf("knob %q: it starts at %s, which is not one of its choices", k.Name, valueText(k.Start))}
		}
		return nil
	}
	x, err := toDays(k.Start) // a plain number, or a duration in days
	if err != nil {
		return &Error{Msg: fmt.Sprintf("knob %q: it starts at %s: %v", k.Name, describe(k.Start), err)}
	}
	if !k.inRange(x) {
		return &Error{Msg: fmt.Sprintf("knob %q: it starts at %g, outside its range %g..%g", k.Name, x, k.Min, k.Max), Hint: "widen min..max, or add start = VALUE"}
	}
	k.Start = k.number(x)
	return nil
}

// hinted adds a hint to every error of a list.
func hinted(err error, hint string) error {
	var list ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			e.Hint = joinHints(e.Hint, hint)
		}
	}
	return err
}

// reportKnob reports a knob's problems at one of its keys.
func (b *Base) reportKnob(t *table, key string, err error) {
	var list ErrorList
	var one *Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = ErrorList{one}
	default:
		list = ErrorList{{Msg: err.Error()}}
	}
	for _, e := range list {
		b.d.report(t.at.child(key), e.Hint, e.Msg)
	}
}
