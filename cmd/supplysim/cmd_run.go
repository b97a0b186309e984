package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
)

// runFlags are the flags of `supplysim run`.
type runFlags struct {
	reps, workers int
	seed          uint64
	jsonPath      string
	csvDir        string
	tracePath     string
	traceRep      int
	reportPath    string
	noReport      bool
	noImpact      bool
	sets          setFlag
	limits        budgetFlags
	shard         shardFlag
}

func runCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("run", "FILE", "Simulate a scenario and print a KPI table per stock point.", e.stderr)
	var f runFlags
	fs.IntVar(&f.reps, "reps", 0, "replications (default: the scenario's)")
	fs.Uint64Var(&f.seed, "seed", 0, "random seed (default: the scenario's)")
	fs.IntVar(&f.workers, "workers", 0, "replications run in parallel (default: one per core); results do not depend on it")
	fs.StringVar(&f.jsonPath, "json", "", "write the results as JSON to `PATH`")
	fs.StringVar(&f.csvDir, "csv", "", "write replications.csv and series.csv into `DIR`")
	fs.StringVar(&f.tracePath, "trace", "", "write the event log of one replication as CSV to `PATH`")
	fs.IntVar(&f.traceRep, "rep", 0, "the replication (0-based) that --trace logs")
	fs.StringVar(&f.reportPath, "o", "", "write the HTML report to `PATH` (default: the scenario's name with .html, in the current directory)")
	fs.BoolVar(&f.noReport, "no-report", false, "do not write the HTML report")
	fs.BoolVar(&f.noImpact, "no-impact", false, "skip the twin runs without each disruption that measure its impact (they multiply the run time by the number of disruptions plus one)")
	fs.Var(&f.sets, "set", setUsage)
	f.limits.register(fs)
	fs.Var(&f.shard, "shard", shardUsage)
	files, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{"run takes one scenario file (see supplysim run -h)"}
	}
	if flagWasSet(fs, "reps") && f.reps < 1 {
		return usageError{"--reps must be at least 1"}
	}
	if f.workers < 0 {
		return usageError{"--workers must not be negative"}
	}
	if err := checkReps("--reps", f.reps); err != nil {
		return err
	}
	if f.noReport && f.reportPath != "" {
		return usageError{"-o and --no-report contradict each other"}
	}
	if flagWasSet(fs, "rep") && f.tracePath == "" {
		return usageError{"--rep chooses the replication to trace: give --trace PATH too"}
	}
	if f.shard.given {
		return runShard(ctx, e, files[0], f, fs)
	}
	reportPath := ""
	if !f.noReport {
		reportPath = cmp.Or(f.reportPath, defaultReportPath(files[0]))
	}
	outs := runOutputs(f, reportPath)
	if err := reports.CheckOutputs(files, outs); err != nil {
		return usageError{err.Error()}
	}
	l, err := loadScenario(e, files[0], f.sets)
	if err != nil {
		return err
	}
	if flagWasSet(fs, "reps") {
		l.model.Replications = f.reps
	}
	if flagWasSet(fs, "seed") {
		l.model.Seed = f.seed
	}
	opt := sim.Options{Workers: f.workers, NoImpact: f.noImpact, Budget: f.limits.budget(),
		NoSeries: !needsSeries(f, reportPath)}
	est := sim.EstimateRun(l.model, opt)
	if f.tracePath != "" {
		est = est.WithTrace()
	}
	if reportPath != "" {
		est = est.WithTrace() // the report's sample path runs replication 0 again
	}
	if err := checkBudget(opt.Budget, est); err != nil {
		return err
	}
	out := reports.NewFiles(ctx, e.data)
	defer out.Abort()
	if f.tracePath != "" {
		if err := writeTrace(ctx, out, l.model, f, opt); err != nil {
			return budgetHint(interrupted(ctx, err))
		}
	}
	res, err := simulate(ctx, e, l.model, opt)
	if err != nil {
		return err
	}
	opt.Context = ctx
	if err := writeRunOutputs(e, out, res, l.meta, f, reportPath, opt); err != nil {
		return interrupted(ctx, err)
	}
	table := e.stdout
	if takesStdout(outs) {
		table = e.stderr // standard output carries a data file
	}
	if err := reports.WriteTable(table, res); err != nil {
		return err
	}
	if reportPath != "" {
		fmt.Fprintf(table, "report: %s\n", reportPath)
	}
	return nil
}

// needsSeries reports whether an output of the run reads the daily series:
// the report and the CSV files draw and list them, and the JSON counts
// the daily samples among the kernel events. The table reads neither, so
// a run that only prints it keeps no series: on a large network they are
// most of its memory.
func needsSeries(f runFlags, reportPath string) bool {
	return reportPath != "" || f.csvDir != "" || f.jsonPath != ""
}

// runOutputs lists the files `supplysim run` was asked to write.
func runOutputs(f runFlags, reportPath string) []reports.Output {
	var outs []reports.Output
	add := func(flag, path string) {
		if path != "" {
			outs = append(outs, reports.Output{Flag: flag, Path: path})
		}
	}
	add("--json", f.jsonPath)
	add("--trace", f.tracePath)
	add("-o", reportPath)
	if f.csvDir != "" {
		outs = append(outs, reports.Output{Flag: "--csv", Path: f.csvDir, Dir: true, Files: reports.CSVFiles})
	}
	return outs
}

// takesStdout reports whether an output is written to standard output.
func takesStdout(outs []reports.Output) bool {
	return slices.ContainsFunc(outs, func(o reports.Output) bool { return o.Path == reports.Stdout })
}

// writeTrace stages the event log of one replication, within opt's budget.
func writeTrace(ctx context.Context, out *reports.Files, m *sim.Model, f runFlags, opt sim.Options) error {
	if f.traceRep < 0 || f.traceRep >= m.Replications {
		return usageError{fmt.Sprintf("--rep %d: the run has replications 0 to %d", f.traceRep, m.Replications-1)}
	}
	opt.Context = ctx
	return out.Write(f.tracePath, func(w io.Writer) error {
		return reports.WriteTrace(w, func(fn func(sim.TraceRecord)) error { return sim.TraceWith(m, f.traceRep, opt, fn) })
	})
}

// simulate runs the model within opt's budget, showing progress on stderr
// when it is a terminal.
func simulate(ctx context.Context, e *env, m *sim.Model, opt sim.Options) (*sim.Results, error) {
	opt.Context = ctx
	if e.stderrIsTerm {
		opt.Progress = progressLine(e.progress, "", m.Replications, time.Now)
	}
	res, err := sim.Run(m, opt)
	if err != nil {
		return nil, budgetHint(interrupted(ctx, err))
	}
	return res, nil
}

// interrupted turns the error of a cancelled command into the message
// the user sees: every temporary file is removed on the way out.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return errors.New("interrupted: no output written")
	}
	return err
}

// writeRunOutputs stages the JSON, CSV and HTML report, then writes them
// all, or none.
func writeRunOutputs(e *env, out *reports.Files, res *sim.Results, meta sim.Meta, f runFlags, reportPath string, opt sim.Options) error {
	if f.jsonPath != "" {
		if err := out.Write(f.jsonPath, func(w io.Writer) error { return reports.WriteJSON(w, res, meta) }); err != nil {
			return err
		}
	}
	if f.csvDir != "" {
		if err := reports.WriteCSV(out, f.csvDir, res); err != nil {
			return err
		}
	}
	if reportPath != "" {
		if err := writeReport(e, out, res, meta, reportPath, false, opt); err != nil {
			return budgetHint(err)
		}
	}
	return out.Commit()
}
