package scenario

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

func TestParseHistory(t *testing.T) {
	t.Parallel()
	days, errs := parseHistory("s.csv", []byte("\ufeffdate,store,qty\n2025-01-06,x,3\n2025-01-07,x,4.5\n\n2025-01-10,x,0\n"))
	require.Empty(t, errs)
	assert.Equal(t, []float64{3, 4.5, 0, 0, 0}, days, "days without a row had no sales")

	days, errs = parseHistory("s.csv", []byte("Day,Quantity\n3,1\n4,2\n6,3\n"))
	require.Empty(t, errs)
	assert.Equal(t, []float64{1, 2, 0, 3}, days, "the first row is day 0")
}

// Every problem of a file is reported at once, each at its line.
func TestParseHistoryErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"", "s.csv: empty file: a history needs a header such as date,qty and one row per day"},
		{"date,qty\n", "s.csv: no rows: a history needs one row per day after its header"},
		{"when,qty\n1,2\n", `s.csv:1: header "when,qty" needs a date (YYYY-MM-DD) or day column and a qty column, such as date,qty`},
		{"date,qty\n2025-01-06,3\n2025-13-01,4\n2025-01-08,-1\n2025-01-09,x\n2025-01-09,2\n2025-01-20",
			"s.csv:3: date \"2025-13-01\" is not a date written YYYY-MM-DD\n" +
				"s.csv:4: qty -1 must be between 0 and 1e+09 units per day\n" +
				"s.csv:5: qty \"x\" is not a number\n" +
				"s.csv:6: date \"2025-01-09\" is not after the row before: rows go forward one day or more\n" +
				"s.csv:7: expected at least 2 fields, got 1"},
		{"day,qty\n1,\"2\n", `s.csv:2: invalid CSV: extraneous or missing " in quoted-field`},
		{"day,qty\n0,1\n40000,1\n", `s.csv:3: day "40000" is more than 36500 days after the first row`},
	} {
		_, errs := parseHistory("s.csv", []byte(c.in))
		assert.Equal(t, c.want, joinErrors(errs), "%q", c.in)
	}
	var many strings.Builder
	many.WriteString("day,qty\n")
	for range 30 {
		many.WriteString("x,1\n")
	}
	_, errs := parseHistory("s.csv", []byte(many.String()))
	assert.Len(t, errs, maxHistoryErrors+1)
	assert.Equal(t, "s.csv: ... and 10 more problems in this file", errs[maxHistoryErrors].Error())
}

// A history of millions of bad rows lists maxHistoryErrors of them and
// counts the rest, last, without keeping them: the memory of a bad file is
// that of a good one (it was 2.9 GB for 15 million repeated days). Not
// parallel: it measures the bytes the whole program allocates.
func TestHistoryManyErrors(t *testing.T) {
	bad := "day,qty\n" + strings.Repeat("0,1\n", 1_000_001)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, errs := parseHistory("s.csv", []byte(bad))
	runtime.ReadMemStats(&after)
	require.Len(t, errs, maxHistoryErrors+1)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20), "bytes allocated to parse %d bad rows", 1_000_000)

	_, err := LoadWith("h.toml", historyScenario(`history = "s.csv"`), readMap(map[string]string{"s.csv": bad}))
	var list ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, maxHistoryErrors+1)
	assert.Equal(t, "s.csv:3: day \"0\" is not after the row before: rows go forward one day or more", list[0].Error())
	assert.Equal(t, "s.csv: ... and 999980 more problems in this file", list[len(list)-1].Error(), "the count comes after the problems listed")
}

func joinErrors(errs ErrorList) string {
	var lines []string
	for _, e := range errs {
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

func historyScenario(demand string) []byte {
	return []byte(`[scenario]
name = "h"
horizon = "20d"
[[sku]]
id = "x"
[[supplier]]
id = "v"
[[warehouse]]
id = "w"
[[lane]]
from = "v"
to = "w"
[[stock]]
at = "w"
sku = "x"
source = "v"
policy = { type = "RS", review = "7d", safety_stock = { units = 2 } }
[[demand]]
at = "w"
sku = "x"
` + demand + "\n")
}

func readMap(files map[string]string) Options {
	return Options{ReadFile: func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("file does not exist")
	}}
}

func TestLoadWithHistory(t *testing.T) {
	t.Parallel()
	csv := "day,qty\n0,1\n1,2\n2,3\n3,4\n4,5\n5,6\n6,7\n7,8\n"
	b, err := LoadWith("dir/h.toml", historyScenario(`history = "sales.csv"
mode = "bootstrap"
block = "2d"
noise = 0.1`), readMap(map[string]string{"sales.csv": csv}))
	require.NoError(t, err)
	m, derivs := b.Model()
	h := m.Demands[0].History
	require.NotNil(t, h)
	assert.Equal(t, &sim.History{File: "sales.csv", Days: []float64{1, 2, 3, 4, 5, 6, 7, 8}, Mode: sim.Bootstrap, Noise: 0.1, Block: 2}, h)
	assert.InDelta(t, 4.5, derivs[0].DemandMean, 1e-12, "the history's mean per day")

	// The CSV's errors come with the scenario's, all at once, the file
	// named beside the scenario.
	_, err = LoadWith("dir/h.toml", historyScenario(`history = "sales.csv"
rate = 3
speed = 1`), readMap(map[string]string{"sales.csv": "day,qty\n0,x\n1,-2\n"}))
	assert.EqualError(t, err, `dir/h.toml:22:1: rate: does not apply to a demand with history; hint: the history gives the units asked each day
dir/h.toml:23:1: unknown key "speed" in [[demand]]; hint: known keys here: at, sku, id, history, mode, noise, block, rate, every, size, weekly, yearly, ... (18 in all)
dir/sales.csv:2: qty "x" is not a number
dir/sales.csv:3: qty -2 must be between 0 and 1e+09 units per day`)
}

func TestHistoryKeyErrors(t *testing.T) {
	t.Parallel()
	opts := readMap(map[string]string{"s.csv": "day,qty\n0,1\n1,2\n"})
	for _, c := range []struct{ demand, want string }{
		{`history = "nope.csv"`, `history: cannot read "nope.csv": file does not exist`},
		{`history = "s.csv"` + "\nmode = \"bootstrap\"", `history: a bootstrap in blocks of 7 days needs at least 13 days of history, s.csv has 2`},
		{`history = "s.csv"` + "\nblock = \"1d\"", `block: applies only with mode = "bootstrap"`},
		{`history = "s.csv"` + "\nmode = \"bootstrap\"\nblock = \"1.5d\"", `block: must be a whole number of days`},
		{`history = "s.csv"` + "\nmode = \"shuffle\"", `mode: must be "replay" or "bootstrap", got "shuffle"`},
		{`history = "s.csv"` + "\nnoise = -1", `noise: must be between 0 and 10, got -1`},
		{"rate = 1\nnoise = 0.1", `noise: applies only to a demand with history`},
	} {
		_, err := LoadWith("h.toml", historyScenario(c.demand), opts)
		require.Error(t, err, c.demand)
		assert.Contains(t, err.Error(), c.want)
	}
	_, err := Load("h.toml", historyScenario(`history = "s.csv"`))
	assert.ErrorContains(t, err, `history: cannot read "s.csv": no files can be read here`)
}

// FuzzHistory: a history file never panics, and gives days or errors.
func FuzzHistory(f *testing.F) {
	for _, s := range []string{"date,qty\n2025-01-06,3\n2025-01-08,4\n", "day,qty\n0,1\n1,2.5\n", "day,qty\n\"1,2\n", "qty,day,x\n1,2,3\n",
		"\ufeffDate,Store,Quantity\r\n2025-01-06,a,1e9\r\n2025-02-30,a,1\r\n", "day,qty\n0,-0\n36499,0.5\n", "day,qty\n0,1\n0,1\n0,1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		days, errs := parseHistory("f.csv", data)
		if (len(days) == 0) == (len(errs) == 0) {
			t.Fatalf("days %v and errors %v", days, errs)
		}
		for _, x := range days {
			if x < 0 || x > maxRate || math.IsNaN(x) {
				t.Fatalf("day quantity %g", x)
			}
		}
	})
}
