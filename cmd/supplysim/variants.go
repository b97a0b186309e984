package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
)

// precisionFlags are the flags of compare and sweep that add replications
// until a confidence interval is narrow enough.
type precisionFlags struct {
	target  float64 // half-width wanted; 0: run the scenario's replications once
	metric  string
	maxReps int
}

func (p *precisionFlags) register(fs *flag.FlagSet, on string) {
	fs.Float64Var(&p.target, "precision", 0, "add replications until the widest 95% half-width of --precision-metric "+on+" is at most `H` (such as 0.005), or --max-reps ran")
	fs.StringVar(&p.metric, "precision-metric", "fill_rate", "the KPI `NAME` that --precision narrows")
	fs.IntVar(&p.maxReps, "max-reps", 1000, "the most replications --precision may run")
}

// search runs measure once with reps replications, or, with --precision,
// adds replications until the target half-width or --max-reps is reached.
// start names where reps came from, for the error when --max-reps is lower.
func (p *precisionFlags) search(reps int, start string, measure func(reps int) (compare.Widest, error)) (*compare.Precision, error) {
	if p.target == 0 {
		_, err := measure(reps)
		return nil, err
	}
	if reps > p.maxReps {
		return nil, usageError{fmt.Sprintf("--max-reps %d is below the %d replications to start with (%s, or --reps)", p.maxReps, reps, start)}
	}
	prec, err := compare.Search(p.metric, p.target, reps, p.maxReps, measure)
	if err != nil {
		return nil, err
	}
	return &prec, nil
}

// writeVariantOutputs writes the JSON (when asked) and the HTML report
// (unless --no-report) of a comparison or a sweep.
func writeVariantOutputs(e *env, jsonPath, reportPath string, noReport bool, defaultPath string,
	writeJSON func(io.Writer) error, writeReport func(path string) error) error {
	if jsonPath != "" {
		if err := reports.WriteFile(jsonPath, writeJSON); err != nil {
			return err
		}
	}
	if noReport {
		return nil
	}
	path := cmp.Or(reportPath, defaultPath)
	if err := writeReport(path); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "report: %s\n", path)
	return nil
}

func (p *precisionFlags) check() error {
	switch {
	case p.target < 0:
		return usageError{"--precision must be greater than 0"}
	case sim.MetricIndex(p.metric) < 0:
		return usageError{fmt.Sprintf("--precision-metric: unknown metric %q (metrics: %s)", p.metric, strings.Join(sim.MetricNames(), ", "))}
	case p.maxReps < 2:
		return usageError{"--max-reps must be at least 2"}
	}
	return checkReps("--max-reps", p.maxReps)
}

// stringsFlag collects a repeated flag's values in order.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, " ") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// parseMetrics reads --metrics: names separated by commas, or "all".
func parseMetrics(s string) ([]string, error) {
	if s == "" {
		return compare.Headline, nil
	}
	if s == "all" {
		return sim.MetricNames(), nil
	}
	var out []string
	for _, m := range strings.Split(s, ",") {
		m = strings.TrimSpace(m)
		if sim.MetricIndex(m) < 0 {
			return nil, usageError{fmt.Sprintf("--metrics: unknown metric %q (metrics: %s, or all)", m, strings.Join(sim.MetricNames(), ", "))}
		}
		out = append(out, m)
	}
	return out, nil
}

// runAll runs the models one after another with n replications each, every
// one on all the workers; label names each in the progress line. Their
// estimates together must be within what is left of the budget, and so
// must the events they execute.
func runAll(ctx context.Context, e *env, models []*sim.Model, labels []string, n, workers int, series bool, budget *spending) ([]*sim.Results, error) {
	var est sim.Estimate
	for _, m := range models {
		m.Replications = n
		est = est.Add(sim.EstimateRun(m, sim.Options{Workers: workers, NoSeries: !series}))
	}
	if err := checkBudget(budget.left(), est); err != nil {
		return nil, err
	}
	out := make([]*sim.Results, len(models))
	for i, m := range models {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		opt := sim.Options{Workers: workers, NoSeries: !series, Context: ctx, Budget: budget.left()}
		if e.stderrIsTerm {
			prefix := fmt.Sprintf("%s (%d/%d)", labels[i], i+1, len(models))
			opt.Progress = func(done int) {
				fmt.Fprintf(e.stderr, "\r%s: replication %d/%d", prefix, done, n)
				if done == n {
					fmt.Fprint(e.stderr, "\r\033[K")
				}
			}
		}
		res, err := sim.Run(m, opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", labels[i], budgetHint(err))
		}
		budget.used += res.KernelEvents
		out[i] = res
	}
	return out, nil
}

// defaultOutputPath is where compare and sweep write their report when not
// told: the scenario file's base name with a suffix, in the current
// directory ("scenarios/two-echelon.toml" -> "two-echelon-compare.html").
func defaultOutputPath(scenarioFile, suffix string) string {
	return strings.TrimSuffix(defaultReportPath(scenarioFile), ".html") + suffix
}

// fileLabel names a scenario file in tables: its base name without .toml.
func fileLabel(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}
