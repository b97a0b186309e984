package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

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

// variantOutputs checks, before anything runs, the files that compare or
// sweep will write, and returns the report's path ("" with --no-report)
// and where the text goes: stdout, or stderr when stdout carries a file.
func variantOutputs(e *env, inputs []string, jsonPath, reportPath string, noReport bool, defaultPath string) (string, io.Writer, error) {
	var outs []reports.Output
	if jsonPath != "" {
		outs = append(outs, reports.Output{Flag: "--json", Path: jsonPath})
	}
	if !noReport {
		reportPath = cmp.Or(reportPath, defaultPath)
		outs = append(outs, reports.Output{Flag: "-o", Path: reportPath})
	}
	if err := reports.CheckOutputs(inputs, outs); err != nil {
		return "", nil, usageError{err.Error()}
	}
	if takesStdout(outs) {
		return reportPath, e.stderr, nil
	}
	return reportPath, e.stdout, nil
}

// writeVariantOutputs writes the JSON (when asked) and the HTML report
// (unless its path is empty) of a comparison or a sweep, both or neither.
func writeVariantOutputs(ctx context.Context, e *env, text io.Writer, jsonPath, reportPath string,
	writeJSON func(io.Writer) error, writeReport func(out *reports.Files, path string) error) error {
	out := reports.NewFiles(ctx, e.data)
	defer out.Abort()
	if jsonPath != "" {
		if err := out.Write(jsonPath, writeJSON); err != nil {
			return interrupted(ctx, err)
		}
	}
	if reportPath != "" {
		if err := writeReport(out, reportPath); err != nil {
			return interrupted(ctx, err)
		}
	}
	if err := out.Commit(); err != nil {
		return interrupted(ctx, err)
	}
	if reportPath != "" {
		fmt.Fprintf(text, "report: %s\n", reportPath)
	}
	return nil
}

// check refuses precision flags that are wrong or would do nothing.
func (p *precisionFlags) check(fs *flag.FlagSet) error {
	switch {
	case flagWasSet(fs, "precision") && !(p.target > 0):
		return usageError{"--precision must be greater than 0, such as 0.005 (leave it out to run the replications once)"}
	case !flagWasSet(fs, "precision") && (flagWasSet(fs, "max-reps") || flagWasSet(fs, "precision-metric")):
		return usageError{"--max-reps and --precision-metric only act with --precision H: give it, or leave them out"}
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
	if e.isMerging() {
		return mergedAll(models, n, series, labels, e.shard)
	}
	var est sim.Estimate
	for _, m := range models {
		m.Replications = n
		est = est.Add(sim.EstimateRun(m, sim.Options{Workers: workers, NoSeries: !series, NoImpact: true}))
	}
	if err := checkBudget(budget.left(), est); err != nil {
		return nil, err
	}
	out := make([]*sim.Results, len(models))
	for i, m := range models {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Variants are compared on stock points' metrics: no twins.
		opt := sim.Options{Workers: workers, NoSeries: !series, NoImpact: true, Context: ctx, Budget: budget.left()}
		if e.stderrIsTerm {
			prefix := fmt.Sprintf("%s (%d/%d): ", visible(labels[i]), i+1, len(models))
			opt.Progress = progressLine(e.progress, prefix, n, time.Now)
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

// mergedAll is runAll at the merge of a command's shards: each model's
// results come from the parts.
func mergedAll(models []*sim.Model, n int, series bool, labels []string, sh *sharding) ([]*sim.Results, error) {
	out := make([]*sim.Results, len(models))
	for i, m := range models {
		m.Replications = n
		res, _, err := sh.merged(m, sim.Options{NoSeries: !series, NoImpact: true}, labels[i])
		if err != nil {
			return nil, err
		}
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
