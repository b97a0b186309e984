package sim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Part is the raw results of some of a run's replications: what one shard
// of a run spread over several machines hands back. Merge summarises the
// parts of a run into the Results that Run gives on one machine.
type Part struct {
	Reps    []int       // replication indices, ascending
	Results []RepResult // one per entry of Reps, same order
	// The options that shape the results; parts of one run agree on them.
	NoSeries, NoImpact bool
}

// AllReplications returns the indices 0 to n-1.
func AllReplications(n int) []int {
	reps := make([]int, max(n, 0))
	for i := range reps {
		reps[i] = i
	}
	return reps
}

// ShardReplications returns the replications of shard i of n, out of
// total: those whose index r has r % n == i, in ascending order. Each
// shard gets every n-th replication, so shards take about as long as each
// other whatever the total; a shard may be empty when n > total.
func ShardReplications(total, i, n int) []int {
	var reps []int
	for r := i; r < total; r += n {
		reps = append(reps, r)
	}
	return reps
}

// EstimatePart estimates what RunPart(m, opt, reps) takes with n = len(reps).
func EstimatePart(m *Model, opt Options, n int) Estimate {
	part := *m
	part.Replications = n
	return EstimateRun(&part, opt)
}

// RunPart runs the replications reps of the model (indices from 0 to
// m.Replications-1, ascending, each once) and returns their raw results.
// A replication's results do not depend on which others run beside it.
// opt.Budget applies to these replications only.
func RunPart(m *Model, opt Options, reps []int) (*Part, error) {
	p, err := prepare(m)
	if err != nil {
		return nil, err
	}
	if err := checkIndices(reps, m.Replications); err != nil {
		return nil, err
	}
	return p.runPart(opt, slices.Clone(reps))
}

func checkIndices(reps []int, total int) error {
	for k, r := range reps {
		switch {
		case r < 0 || r >= total:
			return fmt.Errorf("replication %d: the run has replications 0 to %d", r, total-1)
		case k > 0 && r <= reps[k-1]:
			return fmt.Errorf("replications must be listed in ascending order, each once: %d after %d", r, reps[k-1])
		}
	}
	return nil
}

// Merge summarises the parts of a run of m into its Results, the same as
// Run(m, opt) with the parts' options. The parts must hold every
// replication from 0 to m.Replications-1 exactly once, recorded with the
// same options, and come from this model; the caller checks the last.
func Merge(m *Model, parts []*Part) (*Results, error) {
	p, err := prepare(m)
	if err != nil {
		return nil, err
	}
	return p.merge(parts)
}

// merge orders the parts' replications and summarises them.
func (p *plan) merge(parts []*Part) (*Results, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no parts to merge")
	}
	n := p.m.Replications
	reps := make([]RepResult, n)
	seen := make([]bool, n)
	for k, part := range parts {
		if part.NoSeries != parts[0].NoSeries || part.NoImpact != parts[0].NoImpact {
			return nil, fmt.Errorf("part %d was run with other options than part 0 (series, impact)", k)
		}
		if len(part.Reps) != len(part.Results) {
			return nil, fmt.Errorf("part %d has %d replication indices and %d results", k, len(part.Reps), len(part.Results))
		}
		for j, r := range part.Reps {
			switch {
			case r < 0 || r >= n:
				return nil, fmt.Errorf("part %d holds replication %d: the run has replications 0 to %d", k, r, n-1)
			case seen[r]:
				return nil, fmt.Errorf("replication %d is in more than one part", r)
			}
			if err := p.checkShape(&part.Results[j], parts[0].NoSeries, parts[0].NoImpact); err != nil {
				return nil, fmt.Errorf("part %d, replication %d: %w", k, r, err)
			}
			seen[r], reps[r] = true, part.Results[j]
		}
	}
	if missing := missingReps(seen); len(missing) > 0 {
		return nil, fmt.Errorf("replications missing from the parts: %s", missing)
	}
	return summarize(p, reps), nil
}

// missingReps lists the indices not seen, at most 10 of them.
func missingReps(seen []bool) string {
	var out []string
	count := 0
	for r, ok := range seen {
		if !ok {
			if count < 10 {
				out = append(out, fmt.Sprint(r))
			}
			count++
		}
	}
	if count > 10 {
		out = append(out, fmt.Sprintf("and %d more", count-10))
	}
	return strings.Join(out, ", ")
}

// checkShape refuses a replication's results whose dimensions do not fit
// the model, so that summarize never indexes out of range.
func (p *plan) checkShape(r *RepResult, noSeries, noImpact bool) error {
	var errs []error
	want := func(what string, got, n int) {
		if got != n {
			errs = append(errs, fmt.Errorf("%s: %d entries, the model has %d", what, got, n))
		}
	}
	nStocks, nDisruptions := len(p.stocks), len(p.m.Disruptions)
	want("kpis", len(r.KPIs), nStocks)
	for _, k := range r.KPIs {
		want("kpis of a stock point", len(k), len(Metrics))
	}
	want("delays", len(r.Delays), nStocks)
	want("network", len(r.Network), len(NetworkMetrics))
	want("plants", len(r.Plants), len(p.plants))
	for j := range min(len(r.Plants), len(p.plants)) {
		want("plant figures", len(r.Plants[j]), 3+len(p.m.Plants[j].BOM))
	}
	series := 0
	if !noSeries {
		series = p.days * nStocks * 3
	}
	want("series", len(r.Series), series)
	var sources []int
	for i := range p.stocks {
		if p.stocks[i].sourced() {
			sources = append(sources, len(p.stocks[i].sources))
		}
	}
	want("sourced stock points", len(r.Sources), len(sources))
	for k := range min(len(r.Sources), len(sources)) {
		want("sources", len(r.Sources[k]), sources[k])
	}
	want("windows", len(r.Windows), nDisruptions)
	if nDisruptions > 0 {
		want("occurrences", len(r.Occurrences), nDisruptions)
		for d := range min(len(r.Occurrences), len(r.Windows)) {
			want("occurrences of a disruption", len(r.Occurrences[d]), len(r.Windows[d]))
		}
	}
	effects := 0
	if nDisruptions > 0 && !noImpact {
		effects = len(twinSets(p.m))
	}
	want("effects", len(r.Effects), effects)
	for _, e := range r.Effects {
		want("effect scopes", len(e.Figs), nStocks+1)
		want("effect series", len(e.Diff), nStocks+1)
		for _, d := range e.Diff {
			if d != nil {
				want("effect days", len(d), p.days)
			}
		}
	}
	return errors.Join(errs...)
}

// WithoutSeries returns the part as if it had been run with
// Options.NoSeries, but for the events counted (the daily samples ran): a
// part recorded with the daily series serves a merge that does not need
// them.
func (p *Part) WithoutSeries() *Part {
	out := *p
	out.NoSeries = true
	out.Results = slices.Clone(p.Results)
	for i := range out.Results {
		r := &out.Results[i]
		r.Series = nil
		// Without series, an impact keeps its daily differences for the
		// network only (measureImpacts).
		r.Effects = slices.Clone(r.Effects)
		for k := range r.Effects {
			e := &r.Effects[k]
			e.Diff = slices.Clone(e.Diff)
			for s := range len(e.Diff) - 1 {
				e.Diff[s] = nil
			}
		}
	}
	return &out
}
