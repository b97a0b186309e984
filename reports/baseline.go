package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/stats"
)

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

// ReadBaseline reads a saved run in the JSON output contract, of schema 1
// to Schema: their stock entries, which a baseline uses, are alike. A file that is not valid JSON, is not a supplysim
// result, has another schema or is incomplete gives an error saying so.
func ReadBaseline(r io.Reader) (*check.Baseline, error) {
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
	case *f.Schema < 1 || *f.Schema > Schema:
		return nil, fmt.Errorf("schema %d, but this supplysim reads schemas 1 to %d: write the baseline again with this version (--update-baseline)",
			*f.Schema, Schema)
	case f.Replications < 1:
		return nil, fmt.Errorf(`"replications" must be at least 1, got %d`, f.Replications)
	case len(f.Stock) == 0:
		return nil, errors.New(`no "stock" entries: not a complete supplysim result`)
	}
	b := &check.Baseline{Schema: *f.Schema, Version: f.Version, Name: f.Scenario.Name, File: f.Scenario.File,
		SHA256: f.Scenario.SHA256, Seed: f.Seed, Replications: f.Replications}
	for _, m := range f.Metrics {
		b.Metrics = append(b.Metrics, m.Name)
	}
	if len(b.Metrics) == 0 { // a file without the glossary: assume this program's metrics
		b.Metrics = sim.MetricNames()
	}
	for i, raw := range f.Stock {
		s, err := readBaselineStock(b, raw)
		if err != nil {
			return nil, fmt.Errorf("stock entry %d: %w", i+1, err)
		}
		b.Stock = append(b.Stock, s)
	}
	return b, nil
}

func readBaselineStock(b *check.Baseline, raw map[string]json.RawMessage) (check.BaselineStock, error) {
	var s check.BaselineStock
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
