package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/supplysim/supplysim/output"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// Baseline is a saved run: the JSON that `supplysim run --json` (or
// `supplysim check --update-baseline`) writes, read back. Only what a
// comparison needs is kept.
type Baseline struct {
	Schema       int
	Version      string // program version that wrote it
	Name         string // scenario name
	File         string // scenario file as it was given
	SHA256       string // of the scenario file
	Seed         uint64
	Replications int
	// Metrics are the metric names the writing program knew, from the
	// file's "metrics" list. A stock entry leaves out a metric undefined in
	// every replication; one of these names missing from an entry is such
	// a metric, while a name not listed here is newer than the baseline.
	Metrics []string
	Stock   []BaselineStock
}

// BaselineStock is one stock point of a baseline.
type BaselineStock struct {
	At, SKU string
	// Metrics maps a metric name to its summary, recomputed from the
	// per-replication values (len(Values) == Replications).
	Metrics map[string]stats.Summary
}

// metric returns a stock point's summary of the named metric: all NaN
// values when the file left it out (undefined in every replication).
func (b *Baseline) metric(s *BaselineStock, name string) stats.Summary {
	if sum, ok := s.Metrics[name]; ok {
		return sum
	}
	nan := make([]float64, b.Replications)
	for i := range nan {
		nan[i] = math.NaN()
	}
	return stats.Summarize(nan)
}

// knows reports whether the baseline's program had the named metric.
func (b *Baseline) knows(name string) bool {
	for _, m := range b.Metrics {
		if m == name {
			return true
		}
	}
	return false
}

type baselineFile struct {
	Schema   *int   `json:"schema"`
	Version  string `json:"version"`
	Scenario struct {
		Name   string `json:"name"`
		File   string `json:"file"`
		SHA256 string `json:"sha256"`
	} `json:"scenario"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Metrics      []struct {
		Name string `json:"name"`
	} `json:"metrics"`
	Stock []map[string]json.RawMessage `json:"stock"`
}

type summaryFile struct {
	Values *[]*float64 `json:"values"`
}

// ReadBaseline reads a saved run in the JSON output contract (schema
// output.Schema). A file that is not valid JSON, is not a supplysim
// result, has another schema or is incomplete gives an error saying so.
func ReadBaseline(r io.Reader) (*Baseline, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	var f baselineFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError(data, err)
	}
	switch {
	case f.Schema == nil:
		return nil, errors.New(`not a supplysim result: no "schema" key`)
	case *f.Schema != output.Schema:
		return nil, fmt.Errorf("schema %d, but this supplysim reads schema %d: write the baseline again with this version (--update-baseline)",
			*f.Schema, output.Schema)
	case f.Replications < 1:
		return nil, fmt.Errorf(`"replications" must be at least 1, got %d`, f.Replications)
	case len(f.Stock) == 0:
		return nil, errors.New(`no "stock" entries: not a complete supplysim result`)
	}
	b := &Baseline{Schema: *f.Schema, Version: f.Version, Name: f.Scenario.Name, File: f.Scenario.File,
		SHA256: f.Scenario.SHA256, Seed: f.Seed, Replications: f.Replications}
	for _, m := range f.Metrics {
		b.Metrics = append(b.Metrics, m.Name)
	}
	if len(b.Metrics) == 0 { // a file without the glossary: assume this program's metrics
		b.Metrics = sim.MetricNames()
	}
	for i, raw := range f.Stock {
		s, err := b.readStock(raw)
		if err != nil {
			return nil, fmt.Errorf("stock entry %d: %w", i+1, err)
		}
		b.Stock = append(b.Stock, s)
	}
	return b, nil
}

func (b *Baseline) readStock(raw map[string]json.RawMessage) (BaselineStock, error) {
	var s BaselineStock
	if err := json.Unmarshal(raw["at"], &s.At); err != nil || s.At == "" {
		return s, errors.New(`no "at" string`)
	}
	if err := json.Unmarshal(raw["sku"], &s.SKU); err != nil || s.SKU == "" {
		return s, fmt.Errorf(`%s: no "sku" string`, s.At)
	}
	s.Metrics = map[string]stats.Summary{}
	for _, name := range b.Metrics {
		r, ok := raw[name]
		if !ok {
			continue
		}
		var sf summaryFile
		if err := json.Unmarshal(r, &sf); err != nil || sf.Values == nil {
			return s, fmt.Errorf(`%s/%s: %s: expected an object with "values"`, s.At, s.SKU, name)
		}
		if len(*sf.Values) != b.Replications {
			return s, fmt.Errorf("%s/%s: %s has %d values for %d replications", s.At, s.SKU, name, len(*sf.Values), b.Replications)
		}
		vals := make([]float64, len(*sf.Values))
		for k, v := range *sf.Values {
			vals[k] = math.NaN() // null: undefined in that replication
			if v != nil {
				vals[k] = *v
			}
		}
		s.Metrics[name] = stats.Summarize(vals)
	}
	return s, nil
}

// jsonError turns a decoding error into one with a line and column.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(data)):
		return fmt.Errorf("not valid JSON: the file is cut short (%s)", lineCol(data, syn.Offset))
	case errors.As(err, &syn):
		return fmt.Errorf("not valid JSON: %s: %v", lineCol(data, syn.Offset-1), err) // Offset is just past the bad byte
	case errors.As(err, &typ):
		return fmt.Errorf("not a supplysim result: %s: %q should be %s, got %s", lineCol(data, typ.Offset), typ.Field, typ.Type, typ.Value)
	}
	return fmt.Errorf("not valid JSON: %v", err)
}

func lineCol(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
