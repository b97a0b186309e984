package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

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
	sets          setFlag
	limits        budgetFlags
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
	fs.Var(&f.sets, "set", setUsage)
	f.limits.register(fs)
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
	if f.reps < 0 || f.workers < 0 {
		return usageError{"--reps and --workers must not be negative"}
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
	opt := sim.Options{Workers: f.workers, Context: ctx, Budget: f.limits.budget()}
	est := sim.EstimateRun(l.model, opt)
	if f.tracePath != "" {
		est = est.WithTrace()
	}
	if err := checkBudget(opt.Budget, est); err != nil {
		return err
	}
	if f.tracePath != "" {
		if err := writeTrace(l.model, f, opt); err != nil {
			return err
		}
	}
	res, err := simulate(ctx, e, l.model, f.workers, opt.Budget)
	if err != nil {
		return err
	}
	if err := writeRunOutputs(res, l.meta, f); err != nil {
		return err
	}
	if err := reports.WriteTable(e.stdout, res); err != nil {
		return err
	}
	if f.noReport {
		return nil
	}
	path := f.reportPath
	if path == "" {
		path = defaultReportPath(files[0])
	}
	if err := writeReport(e, res, l.meta, path, false); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "report: %s\n", path)
	return nil
}

// writeTrace writes the event log of one replication, within opt's budget.
func writeTrace(m *sim.Model, f runFlags, opt sim.Options) error {
	if f.traceRep < 0 || f.traceRep >= m.Replications {
		return usageError{fmt.Sprintf("--rep %d: the run has replications 0 to %d", f.traceRep, m.Replications-1)}
	}
	err := reports.WriteFile(f.tracePath, func(w io.Writer) error {
		return reports.WriteTrace(w, func(fn func(sim.TraceRecord)) error { return sim.TraceWith(m, f.traceRep, opt, fn) })
	})
	if errors.Is(err, context.Canceled) {
		return errors.New("interrupted: no output written")
	}
	return budgetHint(err)
}

// simulate runs the model within the budget, showing progress on stderr
// when it is a terminal.
func simulate(ctx context.Context, e *env, m *sim.Model, workers int, budget sim.Budget) (*sim.Results, error) {
	opt := sim.Options{Workers: workers, Context: ctx, Budget: budget}
	if e.stderrIsTerm {
		opt.Progress = func(done int) {
			fmt.Fprintf(e.stderr, "\rreplication %d/%d", done, m.Replications)
			if done == m.Replications {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
		}
	}
	res, err := sim.Run(m, opt)
	if errors.Is(err, context.Canceled) {
		return nil, errors.New("interrupted: no output written")
	}
	return res, budgetHint(err)
}

func writeRunOutputs(res *sim.Results, meta sim.Meta, f runFlags) error {
	if f.jsonPath != "" {
		err := reports.WriteFile(f.jsonPath, func(w io.Writer) error { return reports.WriteJSON(w, res, meta) })
		if err != nil {
			return err
		}
	}
	if f.csvDir != "" {
		return reports.WriteCSVDir(f.csvDir, res)
	}
	return nil
}
