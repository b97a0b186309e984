package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/reports/html"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/scenario"
)

// fuzzBudget keeps each fuzzed run to a few milliseconds.
var fuzzBudget = sim.Budget{MaxEvents: 50_000, MaxBytes: 64 << 20}

// FuzzPipeline feeds the whole pipeline random files, starting from the
// example scenarios and every test file (valid, invalid, hostile): load
// and validate, try the [[variant]] tables, run two replications within a
// small budget, trace one, judge the expectations and write every output
// (JSON, CSV, the table, the trace, the HTML report). Nothing may panic; a
// file is refused with a non-empty ErrorList or a run with a budget error,
// and every output of a run is written without error.
func FuzzPipeline(f *testing.F) {
	for _, dir := range []string{"../../scenarios", "../../testdata/valid", "../../testdata/invalid", "../../testdata/hostile", "../../testdata/check"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	script, _ := html.DefaultScript()
	opts := fuzzFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := scenario.LoadWith("fuzz.toml", data, opts)
		if err != nil {
			var list scenario.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %q is not a non-empty ErrorList", err, err)
			}
			return
		}
		for _, v := range b.Variants() {
			_, _, _ = b.With(v.Changes)
		}
		m, _ := b.Model()
		runAndWrite(t, m, script)
	})
}

// fuzzFiles reads the history files of the example and test scenarios, by
// their names, so that the seeds that name one load.
func fuzzFiles(f *testing.F) scenario.Options {
	files := map[string][]byte{}
	for _, dir := range []string{"../../scenarios", "../../testdata/valid", "../../testdata/hostile"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			files[filepath.Base(name)] = data
		}
	}
	return scenario.Options{ReadFile: func(name string) ([]byte, error) {
		if data, ok := files[name]; ok {
			return data, nil
		}
		return nil, os.ErrNotExist
	}}
}

// runAndWrite runs a valid model (two replications at most) within the
// fuzzing budget and writes every output; a budget error is a fine end.
func runAndWrite(t *testing.T, m *sim.Model, script html.Script) {
	t.Helper()
	m.Replications = min(m.Replications, 2)
	opt := sim.Options{Workers: 1, Budget: fuzzBudget}
	res, err := sim.Run(m, opt)
	var be *sim.BudgetError
	if errors.As(err, &be) {
		return
	}
	if err != nil {
		t.Fatalf("a valid scenario failed to run: %v", err)
	}
	meta := sim.Meta{Version: Version, File: "fuzz.toml", SHA256: "0"}
	writeAll(t, res, meta, script)
	err = reports.WriteTrace(io.Discard, func(fn func(sim.TraceRecord)) error { return sim.TraceWith(m, 0, opt, fn) })
	if err != nil && !errors.As(err, &be) {
		t.Fatalf("trace: %v", err)
	}
}

// numbersTemplate is a scenario with every feature whose numbers
// FuzzPipelineNumbers chooses: %[1]s is the first number, and so on.
const numbersTemplate = `[scenario]
name = "numbers"
horizon = %[1]s
warmup = %[2]s
replications = 2

[[sku]]
id = "k"
unit_cost = %[3]s
holding_rate = 0.2
backorder_cost = %[4]s

[[supplier]]
id = "mill"
lead_time = { dist = "gamma", mean = %[5]s, cv = %[6]s }
capacity = %[7]s

[[supplier]]
id = "port"
lead_time = { dist = "normal", mean = %[8]s, sd = %[9]s }

[[warehouse]]
id = "dc"
capacity = %[10]s

[[warehouse]]
id = "shop"

[[lane]]
from = "mill"
to = "dc"
transit = { dist = "lognormal", mean = %[11]s, cv = 0.5 }

[[lane]]
from = "dc"
to = "shop"
transit = %[12]s

[[lane]]
from = "port"
to = "shop"

[[sku]]
id = "j"

[[stock]]
at = "dc"
sku = "k"
source = "mill"
policy = { type = "sS", review = %[13]s, s = %[14]s, Q = %[15]s }

[[stock]]
at = "shop"
sku = "k"
source = "dc"
initial = %[16]s
policy = { type = "rQ", Q = %[15]s, safety_stock = { service_level = %[17]s } }

[[stock]]
at = "shop"
sku = "j"
source = "port"
policy = { type = "RS", review = %[13]s, safety_stock = { days = %[18]s } }

[[demand]]
at = "shop"
sku = "k"
rate = %[19]s
size = { dist = "lognormal", mean = %[20]s, cv = %[21]s }
weekly = [%[22]s, 1, 1, 1, 1, 1, 1]
trend = %[23]s
backorder = 0.7
patience = %[24]s

[[demand]]
at = "shop"
sku = "j"
every = %[25]s
size = { dist = "negative_binomial", mean = %[20]s, variance = %[26]s }
yearly = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, %[22]s]

[[disruption]]
type = "demand_surge"
sku = "k"
start = %[27]s
duration = %[28]s
factor = %[29]s

[[disruption]]
type = "equipment_failure"
site = "dc"
every = { dist = "exponential", mean = %[30]s }
repair = { dist = "exponential", mean = %[31]s }

[[disruption]]
type = "lane_closure"
from = "dc"
to = "shop"
in_transit = "hold"
start = %[27]s
duration = %[28]s
repeat = %[32]s
probability = %[33]s

[[disruption]]
type = "supplier_delay"
supplier = "mill"
start = %[27]s
duration = %[28]s
factor = %[29]s
extra = %[31]s

[[sku]]
id = "p"

[[sku]]
id = "cloth"

[[supplier]]
id = "weaver"
lead_time = %[12]s
terms = [{ sku = "cloth", unit_price = %[38]s, min_order = %[39]s, order_multiple = %[40]s }]

[[plant]]
id = "works"
makes = "p"
capacity = %[34]s
batch = %[36]s
setup = %[37]s
bom = [{ sku = "cloth", qty = %[35]s }]

[[lane]]
from = "weaver"
to = "works"
transit = %[12]s

[[lane]]
from = "mill"
to = "works"

[[lane]]
from = "works"
to = "dc"
transit = %[12]s

[[stock]]
at = "works"
sku = "cloth"
source = ["weaver", "mill"]
max_lead_time = %[11]s
policy = { type = "rQ", Q = %[15]s, r = %[14]s }

[[stock]]
at = "works"
sku = "p"
source = "works"
policy = { type = "rQ", Q = %[15]s, safety_stock = { days = %[18]s } }

[[stock]]
at = "dc"
sku = "p"
source = "works"
allocation = "priority"
policy = { type = "base_stock", safety_stock = { service_level = %[17]s }, forecast = { method = "holt", alpha = %[41]s, beta = %[41]s, error_window = %[42]s } }

[[stock]]
at = "shop"
sku = "p"
source = "dc"
priority = %[46]s
info_delay = %[43]s
shrink = %[44]s
cycle_count = %[45]s
policy = { type = "RS", review = %[13]s, safety_stock = { service_level = %[17]s }, forecast = { method = "moving_average", window = %[42]s } }

[[demand]]
at = "shop"
sku = "p"
rate = %[19]s
priority = %[46]s

[[demand]]
at = "dc"
sku = "p"
history = "sales.csv"
mode = "bootstrap"
noise = %[47]s
block = %[48]s

[[disruption]]
type = "equipment_failure"
site = "works"
every = { dist = "exponential", mean = %[30]s }
repair = { dist = "exponential", mean = %[31]s }

[[disruption]]
type = "supplier_outage"
supplier = "weaver"
start = %[27]s
duration = %[28]s

[[expect]]
metric = "fill_rate"
min = %[33]s

[[expect]]
at = "network"
metric = "fill_rate"
min = %[33]s
`

// tomlNumber writes x as a TOML number.
func tomlNumber(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// typicalNumbers fill numbersTemplate with a scenario that runs.
var typicalNumbers = []float64{28, 7, 10, 0.5, 30, 0.2, 500, 8, 2, 2000, 3, 2, 7, 200, 120, 40, 0.95, 5,
	12, 1.4, 0.5, 1.5, 0.1, 10, 7, 5, 120, 21, 3, 90, 3, 60, 0.5,
	50, 1.5, 60, 0.1, 2.5, 100, 25, 0.3, 28, 1, 0.2, 30, 1, 0.2, 7}

// encodeNumbers writes numbers as the bytes FuzzPipelineNumbers reads.
func encodeNumbers(xs []float64) []byte {
	out := make([]byte, 0, 8*len(xs))
	for _, x := range xs {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(x))
	}
	return out
}

// FuzzPipelineNumbers runs a scenario with every feature on numbers the
// fuzzer chooses (each 8 bytes of its input is a float64, any bit pattern:
// NaN, infinities and subnormals too; missing ones are typical): whatever
// passes validation must run within the budget and write every output.
func FuzzPipelineNumbers(f *testing.F) {
	for _, scale := range []float64{1, 1e-6, 1e6, 1e300, -1} {
		seed := make([]float64, len(typicalNumbers))
		for i, x := range typicalNumbers {
			seed[i] = x * scale
		}
		f.Add(encodeNumbers(seed))
	}
	f.Add([]byte{})
	script, _ := html.DefaultScript()
	opts := fuzzFiles(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		args := make([]any, len(typicalNumbers))
		for i, x := range typicalNumbers {
			if len(raw) >= 8*(i+1) {
				x = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
			}
			args[i] = tomlNumber(x)
		}
		text := fmt.Sprintf(numbersTemplate, args...)
		base, err := scenario.LoadWith("numbers.toml", []byte(text), opts)
		if err != nil {
			var list scenario.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %q is not a non-empty ErrorList", err, err)
			}
			return
		}
		model, _ := base.Model()
		runAndWrite(t, model, script)
	})
}

// writeAll writes every output of a run, failing on any error.
func writeAll(t *testing.T, res *sim.Results, meta sim.Meta, script html.Script) {
	t.Helper()
	if err := reports.WriteJSON(io.Discard, res, meta); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	if err := reports.WriteTable(io.Discard, res); err != nil {
		t.Fatalf("table: %v", err)
	}
	out := reports.NewFiles(context.Background(), io.Discard)
	defer out.Abort()
	if err := reports.WriteCSV(out, t.TempDir(), res); err != nil {
		t.Fatalf("CSV: %v", err)
	}
	if err := html.Write(io.Discard, res, meta, html.Options{Script: script, Windows: reportWindows(res)}); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	if _, err := check.Expectations(res); err != nil {
		t.Fatalf("expectations: %v", err)
	}
}

// The typical numbers load and run to the end within the fuzzing budget,
// so that the seeds of FuzzPipelineNumbers reach every output and every
// feature of the template instead of stopping at the budget.
func TestTypicalNumbersRun(t *testing.T) {
	t.Parallel()
	args := make([]any, len(typicalNumbers))
	for i, x := range typicalNumbers {
		args[i] = tomlNumber(x)
	}
	text := fmt.Sprintf(numbersTemplate, args...)
	require.NotContains(t, text, "%!", "a number for every verb")
	sales, err := os.ReadFile("../../scenarios/sales.csv")
	require.NoError(t, err)
	opts := scenario.Options{ReadFile: func(string) ([]byte, error) { return sales, nil }}
	base, err := scenario.LoadWith("numbers.toml", []byte(text), opts)
	require.NoError(t, err)
	m, _ := base.Model()
	_, err = sim.Run(m, sim.Options{Workers: 1, Budget: fuzzBudget})
	require.NoError(t, err)
}
