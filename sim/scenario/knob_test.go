package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// knobBase is a one-store scenario that knob tables are appended to.
const knobBase = `[scenario]
name = "k"
horizon = "100d"
replications = 2
[[sku]]
id = "kettle"
[[supplier]]
id = "wholesaler"
lead_time = "5d"
[[warehouse]]
id = "shop"
[[lane]]
from = "wholesaler"
to = "shop"
[[stock]]
at = "shop"
sku = "kettle"
source = "wholesaler"
policy = { type = "sS", s = 4, S = 12 }
[[demand]]
at = "shop"
sku = "kettle"
rate = 2
`

func TestKnobs(t *testing.T) {
	t.Parallel()
	b, err := Load("k.toml", []byte(knobBase+`
[[knob]]
path = "stock[shop/*].policy.S"
label = "S"
min = 6
max = 20
step = 2
look_for = "fill rate"

[[knob]]
name = "lead"
path = "supplier[wholesaler].lead_time"
label = "Lead time (days)"
min = 0.5
max = 10
step = 0.5

[[knob]]
path = "demand[shop/kettle].rate"
label = "Customers a day"
choices = [1, 2, 4.5]
`))
	require.NoError(t, err)
	ks := b.Knobs()
	require.Len(t, ks, 3)

	s := ks[0]
	assert.Equal(t, "stock[shop/*].policy.S", s.Name)
	assert.Equal(t, "fill rate", s.Look)
	assert.True(t, s.Integer)
	assert.Equal(t, int64(12), s.Start)
	assert.Equal(t, strings.Count(knobBase, "\n")+2, s.Line)
	assert.Equal(t, []any{int64(6), int64(8), int64(10), int64(12), int64(14), int64(16), int64(18), int64(20)}, s.Values())

	lead := ks[1]
	assert.Equal(t, "lead", lead.Name)
	assert.False(t, lead.Integer)
	assert.Equal(t, 5.0, lead.Start, "a duration starts at its value in days")
	assert.Len(t, lead.Values(), 20)
	assert.Equal(t, 10.0, lead.Values()[19])

	m, _, err := b.With(nil)
	require.NoError(t, err)
	assert.Equal(t, 12.0, m.Stocks[0].Policy.OrderUpTo)
	m, _, err = b.With([]keypath.Change{s.Change(int64(16)), lead.Change(7.5)})
	require.NoError(t, err)
	assert.Equal(t, 16.0, m.Stocks[0].Policy.OrderUpTo)
	assert.Equal(t, 7.5, m.Suppliers[0].LeadTime.Mean())
	assert.Equal(t, []any{int64(1), int64(2), 4.5}, ks[2].Values())
	assert.Equal(t, int64(2), ks[2].Start)
}

// TestKnobErrors checks that every problem of a [[knob]] is reported at
// once, at the knob, with a hint where one helps.
func TestKnobErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, knob, want string }{
		{"nothing selected", `path = "stock[shp/*].policy.S"
label = "S"
min = 1
max = 20
step = 1`, `knob "stock[shp/*].policy.S": stock[shp/*] matches no stock point; hint: known stock points: shop/kettle`},
		{"range and choices", `path = "stock[shop/kettle].policy.S"
label = "S"
min = 1
max = 9
step = 1
choices = [1, 2]`, "give a range (min, max, step) or a list of choices, not both"},
		{"neither", `path = "stock[shop/kettle].policy.S"
label = "S"`, "not neither"},
		{"empty range", `path = "stock[shop/kettle].policy.S"
label = "S"
min = 9
max = 9
step = 1`, "max (9) must be above min (9)"},
		{"too fine", `path = "stock[shop/kettle].policy.S"
label = "S"
min = 0
max = 100
step = 0.01`, "more than 1000 positions"},
		{"start outside", `path = "stock[shop/kettle].policy.S"
label = "S"
min = 20
max = 30
step = 1`, "it starts at 12, outside its range 20..30"},
		{"start not a choice", `path = "stock[shop/kettle].policy.S"
label = "S"
choices = [10, 14]`, "it starts at 12, which is not one of its choices"},
		{"invalid at an end", `path = "stock[shop/kettle].policy.S"
label = "S"
min = 2
max = 20
step = 1`, "s >= S"},
		{"missing label", `path = "stock[shop/kettle].policy.S"
min = 2
max = 20
step = 1`, `missing required key "label"`},
		{"unknown key", `path = "stock[shop/kettle].policy.S"
label = "S"
min = 8
max = 20
step = 1
look = "x"`, `unknown key "look"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load("k.toml", []byte(knobBase+"[[knob]]\n"+c.knob+"\n"))
			require.Error(t, err)
			var list ErrorList
			require.True(t, errors.As(err, &list))
			assert.Contains(t, err.Error(), c.want)
			header := strings.Count(knobBase, "\n") + 1
			for _, e := range list {
				assert.GreaterOrEqual(t, e.Line, header, "every error is in the knob: %v", e)
			}
		})
	}
}

// TestLessonKnobs checks what the playground relies on: every lesson
// declares two to four knobs, each with a label and something to look for.
func TestLessonKnobs(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "..", "scenarios", "*.toml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		b, err := LoadWith(f, data, Options{ReadFile: func(name string) ([]byte, error) {
			return os.ReadFile(filepath.Join(filepath.Dir(f), filepath.Base(name)))
		}})
		require.NoError(t, err, f)
		ks := b.Knobs()
		assert.True(t, len(ks) >= 2 && len(ks) <= 4, "%s has %d knobs, not 2 to 4", f, len(ks))
		for _, k := range ks {
			assert.NotEmpty(t, strings.TrimSpace(k.Look), "%s: knob %s says nothing to look for", f, k.Name)
		}
	}
}

func TestKnobPosition(t *testing.T) {
	t.Parallel()
	s := Knob{Name: "S", Min: 4, Max: 24, Step: 1, Integer: true}
	v, err := s.Position(17.0)
	require.NoError(t, err)
	assert.Equal(t, int64(17), v, "a JSON number becomes the knob's integer")
	for raw, want := range map[any]string{
		99.0:  `knob "S": 99 is outside its range 4 to 24`,
		12.5:  `knob "S": expected a whole number, got 12.5`,
		"big": `knob "S": expected a number, got big`,
	} {
		_, err := s.Position(raw)
		assert.EqualError(t, err, want)
	}
	split := Knob{Name: "split", Choices: []any{[]any{0.7, 0.3}, []any{1.0, 0.0}}}
	v, err = split.Position([]any{1.0, 0.0})
	require.NoError(t, err)
	assert.Equal(t, []any{1.0, 0.0}, v)
	_, err = split.Position([]any{0.5, 0.5})
	assert.EqualError(t, err, `knob "split": [0.5, 0.5] is not one of its choices`)
}
