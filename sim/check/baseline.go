package check

import (
	"math"

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

// Metric returns a stock point's summary of the named metric: all NaN
// values when the file left it out (undefined in every replication).
func (b *Baseline) Metric(s *BaselineStock, name string) stats.Summary {
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
