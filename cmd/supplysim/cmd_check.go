package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/check"
	"github.com/supplysim/supplysim/sim/scenario"
)

// checkFlags are the flags of `supplysim check`.
type checkFlags struct {
	reps, workers     int
	seed              uint64
	baseline          string
	update            bool
	tolerances        toleranceFlag
	junitPath         string
	jsonPath          string
	allowInconclusive bool
	regressionsOnly   bool
	repsSet, seedSet  bool // --reps, --seed given: override every scenario's
	sets              setFlag
	limits            budgetFlags
	shard             shardFlag
}

// toleranceFlag collects repeated --tolerance metric=value flags.
type toleranceFlag check.Tolerances

func (t toleranceFlag) String() string {
	var parts []string
	for m, v := range t {
		parts = append(parts, m+"="+v.String())
	}
	return strings.Join(parts, ",")
}

func (t toleranceFlag) Set(s string) error {
	m, v, err := check.ParseTolerance(s)
	if err != nil {
		return err
	}
	t[m] = v
	return nil
}

// checkCmd runs each scenario, judges its expectations and compares it
// with its baseline. Exit status: 0 when every check passes, 3 when one
// fails (inconclusive counts unless --allow-inconclusive), 1 when a
// scenario or baseline cannot be read, 2 on a bad command line.
func checkCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("check", "FILE...",
		"Run scenarios and judge their [[expect]] tables and, with --baseline, every KPI against a saved run.\n"+
			"Exit status 0 when all pass, 3 when any fails, 1 on errors. See docs/ci.md.", e.stderr)
	f := checkFlags{tolerances: toleranceFlag{}}
	fs.IntVar(&f.reps, "reps", 0, "replications (default: each scenario's)")
	fs.Uint64Var(&f.seed, "seed", 0, "random seed (default: each scenario's)")
	fs.IntVar(&f.workers, "workers", 0, "replications run in parallel (default: one per core); results do not depend on it")
	fs.StringVar(&f.baseline, "baseline", "", "compare with the saved run at `PATH`: a JSON file, or a directory holding NAME.json for scenario NAME.toml (always a directory with several files)")
	fs.BoolVar(&f.update, "update-baseline", false, "write this run as the --baseline instead of comparing with it")
	fs.Var(f.tolerances, "tolerance", "`metric=value` (absolute) or metric=value% (of the baseline mean): a significant change within it passes; repeatable (default 0.01 for shares, 5% for others)")
	fs.StringVar(&f.junitPath, "junit", "", "write the verdicts as JUnit XML to `PATH`")
	fs.StringVar(&f.jsonPath, "json", "", "write the verdicts as JSON to `PATH`")
	fs.BoolVar(&f.allowInconclusive, "allow-inconclusive", false, "do not fail on inconclusive verdicts (a CI straddling a bound)")
	fs.BoolVar(&f.regressionsOnly, "regressions-only", false, "with --baseline, pass significant changes in a KPI's better direction (fill rate up, cost down; see the glossary); KPIs with no better direction still fail on any change")
	fs.Var(&f.sets, "set", setUsage+"; applied to every file")
	f.limits.register(fs)
	fs.Var(&f.shard, "shard", shardUsageOf("every scenario file"))
	files, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	f.repsSet, f.seedSet = flagWasSet(fs, "reps"), flagWasSet(fs, "seed")
	if f.shard.given {
		return checkShard(ctx, e, fs, args, files, f)
	}
	baselines, err := checkUsage(e, files, f)
	if err != nil {
		return err
	}
	outs := checkOutputs(baselines, f)
	inputs := files
	if !f.update {
		inputs = append(slices.Clone(files), baselines...)
	}
	if err := reports.CheckOutputs(inputs, outs); err != nil {
		return usageError{err.Error()}
	}
	text := e.stdout
	if takesStdout(outs) {
		text = e.stderr // standard output carries a data file
	}
	out := reports.NewFiles(ctx, e.data)
	defer out.Abort()
	rep := &check.Report{Version: Version, AllowInconclusive: f.allowInconclusive}
	for i, path := range files {
		sc := checkScenario(ctx, e, out, path, baselines[i], f)
		if err := ctx.Err(); err != nil {
			return interrupted(ctx, err)
		}
		if sc.Err != nil && !errors.Is(sc.Err, errReported) {
			fmt.Fprintf(e.stderr, "supplysim: %v\n", sc.Err)
		}
		for _, w := range sc.Warnings {
			fmt.Fprintf(e.stderr, "supplysim: warning: %s: %s\n", path, w)
		}
		rep.Scenarios = append(rep.Scenarios, sc)
		if err := reports.WriteCheckScenario(text, &sc); err != nil {
			return err
		}
	}
	if err := reports.WriteCheckTotals(text, rep); err != nil {
		return err
	}
	if err := writeCheckOutputs(out, rep, f); err != nil {
		return interrupted(ctx, err)
	}
	switch {
	case rep.Counts().Errors > 0:
		return errReported
	case rep.Failed():
		return failedError{}
	}
	return nil
}

// checkShard runs one shard of every scenario file's replications and
// writes its part. A file that does not load is left to the merge, which
// reports it as check does; the baselines go into the part for the merge.
func checkShard(ctx context.Context, e *env, fs *flag.FlagSet, args, files []string, f checkFlags) error {
	e, err := startShard(e, fs, f.shard, f.jsonPath, files, nil)
	if err != nil {
		return err
	}
	baselines, err := checkUsage(e, files, f)
	if err != nil {
		return err
	}
	var models []*sim.Model
	var labels []string
	for i, path := range files {
		l, err := checkModel(e, path, f)
		if err != nil {
			if !errors.Is(err, errReported) {
				fmt.Fprintf(e.stderr, "supplysim: %v\n", err)
			}
			fmt.Fprintf(e.stderr, "supplysim: note: %s is not run; the merge reports it as check does\n", path)
			continue
		}
		models, labels = append(models, l.model), append(labels, path)
		if baselines[i] != "" && !f.update {
			_, _ = e.readInput(baselines[i], maxBaselineBytes) // recorded for the merge, which judges
		}
	}
	opt := checkOptions(f)
	return e.shard.runModels(ctx, e, "check", shardArgs(fs, args), f.jsonPath, models, labels, opt, true)
}

// checkOptions runs what a check reads. Expectations and baselines judge
// stock points' metrics: no twins, and no daily series unless a baseline
// is written, which keeps them as a run's JSON does.
func checkOptions(f checkFlags) sim.Options {
	return sim.Options{Workers: f.workers, NoImpact: true, NoSeries: !f.update, Budget: f.limits.budget()}
}

// checkUsage checks the command line and returns each file's baseline path.
func checkUsage(e *env, files []string, f checkFlags) ([]string, error) {
	switch {
	case len(files) == 0:
		return nil, usageError{"check needs at least one scenario file (see supplysim check -h)"}
	case f.repsSet && f.reps < 1:
		return nil, usageError{"--reps must be at least 1"}
	case f.repsSet && f.reps > sim.MaxReplications:
		return nil, checkReps("--reps", f.reps)
	case f.workers < 0:
		return nil, usageError{"--workers must not be negative"}
	case f.update && f.baseline == "":
		return nil, usageError{"--update-baseline writes the --baseline: give --baseline PATH too"}
	case len(f.tolerances) > 0 && f.baseline == "":
		return nil, usageError{"--tolerance applies to baseline comparisons: give --baseline PATH too"}
	case f.regressionsOnly && f.baseline == "":
		return nil, usageError{"--regressions-only applies to baseline comparisons: give --baseline PATH too"}
	case len(f.tolerances) > 0 && f.update:
		return nil, usageError{"--tolerance has no effect with --update-baseline, which does not compare"}
	}
	return baselinePaths(e, files, f.baseline)
}

// baselinePaths maps each scenario file to its baseline. With several
// files, or when base is an existing directory or ends with a slash, base
// is a directory holding NAME.json for scenario NAME.toml; otherwise it is
// the one scenario's baseline file.
func baselinePaths(e *env, files []string, base string) ([]string, error) {
	paths := make([]string, len(files))
	if base == "" {
		return paths, nil
	}
	isDir, err := e.statInput(base)
	if !isDir && len(files) == 1 && !strings.HasSuffix(base, "/") && !strings.HasSuffix(base, string(filepath.Separator)) {
		paths[0] = base
		return paths, nil
	}
	if err == nil && !isDir {
		return nil, usageError{fmt.Sprintf("--baseline %s is a file: with several scenario files it must be a directory", base)}
	}
	owner := map[string]string{}
	for i, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)) + ".json"
		if other, ok := owner[name]; ok {
			return nil, usageError{fmt.Sprintf("%s and %s would share the baseline %s: check them in separate runs", other, file, filepath.Join(base, name))}
		}
		owner[name] = file
		paths[i] = filepath.Join(base, name)
	}
	return paths, nil
}

// reported is an error already printed on stderr: it is errReported, with
// a message for the summary and, in err, the problems themselves (a
// scenario.ErrorList) for the JUnit and JSON files.
type reported struct {
	msg string
	err error
}

func (r reported) Error() string        { return r.msg }
func (r reported) Is(target error) bool { return target == errReported }
func (r reported) Unwrap() error        { return r.err }

// checkScenario runs one scenario and checks it. Problems are returned in
// Scenario.Err so that the other files are still checked.
func checkScenario(ctx context.Context, e *env, out *reports.Files, path, basePath string, f checkFlags) check.Scenario {
	sc := check.Scenario{File: path}
	l, err := checkModel(e, path, f)
	if errors.Is(err, errReported) {
		sc.Err = reported{problemsSummary(path, err), errors.Unwrap(err)}
		return sc
	}
	if err != nil {
		sc.Err = err
		return sc
	}
	m := l.model
	sc.Name, sc.SHA256, sc.Seed, sc.Replications = m.Name, l.meta.SHA256, m.Seed, m.Replications
	start := time.Now()
	opt := checkOptions(f)
	var res *sim.Results
	if e.isMerging() {
		res, sc.Elapsed, err = e.shard.merged(m, opt, path) // the time the shards took
	} else {
		res, err = simulate(ctx, e, m, opt)
		sc.Elapsed = time.Since(start)
	}
	if err != nil {
		sc.Err = fmt.Errorf("%s: %w", path, err)
		return sc
	}
	if sc.Expectations, err = check.Expectations(res); err != nil {
		sc.Err = fmt.Errorf("%s: %w", path, err)
		return sc
	}
	if basePath == "" {
		if len(m.Expects) == 0 {
			sc.Warnings = append(sc.Warnings, "no [[expect]] tables and no --baseline: nothing to check")
		}
		return sc
	}
	sc.Baseline = &check.BaselineCheck{Path: basePath}
	if f.update {
		sc.Baseline.Updated = true
		sc.Err = writeBaseline(out, basePath, func(w io.Writer) error { return reports.WriteJSON(w, res, l.meta) })
		return sc
	}
	base, err := readBaseline(e, basePath)
	if err != nil {
		sc.Err = err
		return sc
	}
	sc.Baseline.Comparison = check.CompareWith(res, l.meta, base,
		check.Options{Tolerances: check.Tolerances(f.tolerances), RegressionsOnly: f.regressionsOnly})
	return sc
}

// checkModel loads a scenario to check, with the command line's --reps
// and --seed.
func checkModel(e *env, path string, f checkFlags) (*loaded, error) {
	l, err := loadScenario(e, path, f.sets)
	if err != nil {
		return nil, err
	}
	if f.repsSet {
		l.model.Replications = f.reps
	}
	if f.seedSet {
		l.model.Seed = f.seed
	}
	return l, nil
}

// problemsSummary is the one-line message of a scenario that did not load.
func problemsSummary(path string, err error) string {
	var list scenario.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return fmt.Sprintf("%s has problems (see supplysim validate)", path)
	}
	first := strings.TrimPrefix(strings.TrimPrefix(list[0].Error(), list[0].File), ":")
	first = strings.TrimPrefix(first, " ")
	if len(list) == 1 {
		return fmt.Sprintf("%s has problems (listed above): %s", path, first)
	}
	return fmt.Sprintf("%s has problems (listed above): %d, the first at %s", path, len(list), first)
}

// maxBaselineBytes bounds what a baseline may hold: the results of a large
// network over many replications, not a file that never ends.
const maxBaselineBytes = 1 << 30

func readBaseline(e *env, path string) (*check.Baseline, error) {
	data, err := e.readInput(path, maxBaselineBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no baseline at %s: write one with --update-baseline", path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read baseline %s: %w", path, unwrapPath(err))
	}
	if len(data) > maxBaselineBytes {
		return nil, fmt.Errorf("baseline %s is larger than %d MiB: not a supplysim result", path, maxBaselineBytes>>20)
	}
	b, err := reports.ReadBaseline(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return b, nil
}

// writeBaseline stages a baseline file, making its directory.
func writeBaseline(out *reports.Files, path string, write func(io.Writer) error) error {
	if err := out.MkdirAll(filepath.Dir(path)); err != nil {
		return fmt.Errorf("cannot write baseline %s: %w", path, err)
	}
	return out.Write(path, write)
}

// checkOutputs lists the files check was asked to write.
func checkOutputs(baselines []string, f checkFlags) []reports.Output {
	var outs []reports.Output
	if f.junitPath != "" {
		outs = append(outs, reports.Output{Flag: "--junit", Path: f.junitPath})
	}
	if f.jsonPath != "" {
		outs = append(outs, reports.Output{Flag: "--json", Path: f.jsonPath})
	}
	if f.update {
		for _, b := range baselines {
			outs = append(outs, reports.Output{Flag: "--update-baseline", Path: filepath.Dir(b), Dir: true, Files: []string{filepath.Base(b)}})
		}
	}
	return outs
}

// writeCheckOutputs stages the JUnit and JSON files, then writes them
// with the baselines, all or none.
func writeCheckOutputs(out *reports.Files, rep *check.Report, f checkFlags) error {
	if f.junitPath != "" {
		if err := out.Write(f.junitPath, func(w io.Writer) error { return reports.WriteJUnit(w, rep) }); err != nil {
			return err
		}
	}
	if f.jsonPath != "" {
		if err := out.Write(f.jsonPath, func(w io.Writer) error { return reports.WriteCheckJSON(w, rep) }); err != nil {
			return err
		}
	}
	return out.Commit()
}
