package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// sweepFlags are the flags of `supplysim sweep`.
type sweepFlags struct {
	reps, workers int
	seed          uint64
	sets          setFlag
	params        stringsFlag
	values        stringsFlag
	at            string
	cost          bool
	minimize      string
	target        string
	jsonPath      string
	reportPath    string
	noReport      bool
	precision     precisionFlags
	limits        budgetFlags
	shard         shardFlag
}

// sweepPlan is a sweep ready to run: its grid and what it measures.
type sweepPlan struct {
	l      *loaded
	params []compare.Param
	paths  []keypath.Path
	grid   [][]string
	models []*sim.Model
	labels []string
	opt    compare.SweepOptions
}

func sweepCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("sweep", "FILE",
		"Run a scenario at every value of one parameter (or a grid of two) on common random numbers, and report\n"+
			"inventory (or cost) against fill rate, the efficient frontier, and the cheapest setting meeting --target.\n"+
			"See docs/compare.md.", e.stderr)
	var f sweepFlags
	fs.Var(&f.params, "param", "the key `PATH` to sweep, such as 'stock[store-*].policy.safety_stock.service_level'; a second --param makes a grid")
	fs.Var(&f.values, "values", "the values of the --param before it: `START:STOP:STEP` (inclusive) or a list separated by commas")
	fs.Var(&f.sets, "set", setUsage+"; applies to every setting")
	fs.StringVar(&f.at, "at", "", "measure only the stock points this `SELECTOR` picks, as in stock[SELECTOR] (default: inventory of all, fill rate of those with customer demand)")
	fs.BoolVar(&f.cost, "cost", false, "measure cost per day (cost_total) instead of inventory on hand")
	fs.StringVar(&f.minimize, "minimize", "", "also name the setting with the lowest mean `METRIC` (summed over the measured stock points), such as cost_total")
	fs.StringVar(&f.target, "target", "", "pick the cheapest setting meeting `METRIC>=VALUE` (or <=) on its 95% CI, such as fill_rate>=0.95")
	fs.IntVar(&f.reps, "reps", 0, "replications of every setting (default: the scenario's)")
	fs.Uint64Var(&f.seed, "seed", 0, "random seed of every setting (default: the scenario's)")
	fs.IntVar(&f.workers, "workers", 0, "replications run in parallel (default: one per core); results do not depend on it")
	fs.StringVar(&f.jsonPath, "json", "", "write the sweep as JSON to `PATH`")
	fs.StringVar(&f.reportPath, "o", "", "write the HTML report to `PATH` (default: the scenario's name with -sweep.html, in the current directory)")
	fs.BoolVar(&f.noReport, "no-report", false, "do not write the HTML report")
	f.precision.register(fs, "(at any stock point and setting)")
	f.limits.register(fs)
	fs.Var(&f.shard, "shard", shardUsageOf("every setting"))
	files, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	target, err := sweepUsage(fs, files, &f)
	if err != nil {
		return err
	}
	if f.shard.given {
		return sweepShard(ctx, e, fs, args, files, f, target)
	}
	reportPath, text, err := variantOutputs(e, files, f.jsonPath, f.reportPath, f.noReport, defaultOutputPath(files[0], "-sweep.html"))
	if err != nil {
		return err
	}
	plan, err := planSweep(e, fs, files[0], f, target)
	if err != nil {
		return err
	}
	sw, prec, err := runSweep(ctx, e, plan, f)
	if err != nil {
		return err
	}
	if err := reports.WriteSweepText(text, sw); err != nil {
		return err
	}
	var notes []string
	if prec != nil {
		var b strings.Builder
		if err := reports.WritePrecisionText(&b, *prec, "", sw.Widest(prec.Metric), false); err != nil {
			return err
		}
		notes = append(notes, strings.TrimSpace(b.String()))
		fmt.Fprint(text, b.String())
	}
	meta := plan.l.meta
	return writeVariantOutputs(ctx, e, text, f.jsonPath, reportPath,
		func(w io.Writer) error { return reports.WriteSweepJSON(w, sw, meta, prec) },
		func(out *reports.Files, path string) error { return writeSweepReport(e, out, sw, meta, notes, path) })
}

// sweepShard runs one shard of the sweep and writes its part.
func sweepShard(ctx context.Context, e *env, fs *flag.FlagSet, args, files []string, f sweepFlags, target *compare.Target) error {
	e, err := startShard(e, fs, f.shard, f.jsonPath, files, map[string]string{"precision": precisionShards})
	if err != nil {
		return err
	}
	plan, err := planSweep(e, fs, files[0], f, target)
	if err != nil {
		return err
	}
	opt := sim.Options{Workers: f.workers, NoSeries: true, NoImpact: true, Budget: f.limits.budget()}
	return e.shard.runModels(ctx, e, "sweep", shardArgs(fs, args), f.jsonPath, plan.models, plan.labels, opt, false)
}

// sweepUsage checks the command line and returns the target, if any.
func sweepUsage(fs *flag.FlagSet, files []string, f *sweepFlags) (*compare.Target, error) {
	switch {
	case len(files) != 1:
		return nil, usageError{"sweep takes one scenario file (see supplysim sweep -h)"}
	case len(f.params) == 0:
		return nil, usageError{"sweep needs --param PATH and --values, such as --param 'stock[shop].policy.S' --values 8:16:1"}
	case len(f.params) != len(f.values):
		return nil, usageError{fmt.Sprintf("give one --values after each --param: %d --param, %d --values", len(f.params), len(f.values))}
	case repeated(f.params) != "":
		return nil, usageError{fmt.Sprintf("--param %s is given twice: sweep each parameter once (a grid takes two different ones)", repeated(f.params))}
	case flagWasSet(fs, "reps") && f.reps < 2:
		return nil, usageError{"--reps must be at least 2: a sweep needs confidence intervals"}
	case f.reps > sim.MaxReplications:
		return nil, checkReps("--reps", f.reps)
	case f.workers < 0:
		return nil, usageError{"--workers must not be negative"}
	case f.noReport && f.reportPath != "":
		return nil, usageError{"-o and --no-report contradict each other"}
	}
	if err := f.precision.check(fs); err != nil {
		return nil, err
	}
	if f.minimize != "" && sim.MetricIndex(f.minimize) < 0 {
		return nil, usageError{fmt.Sprintf("--minimize: unknown metric %q", f.minimize)}
	}
	if f.target == "" {
		return nil, nil
	}
	t, err := compare.ParseTarget(f.target)
	if err != nil {
		return nil, usageError{"--target " + err.Error()}
	}
	return &t, nil
}

// planSweep loads the scenario and makes a model per setting of the grid.
func planSweep(e *env, fs *flag.FlagSet, file string, f sweepFlags, target *compare.Target) (*sweepPlan, error) {
	l, err := loadScenario(e, file, f.sets)
	if err != nil {
		return nil, err
	}
	p := &sweepPlan{l: l, opt: compare.SweepOptions{Cost: f.cost, Target: target, TargetParam: -1, Minimize: f.minimize}}
	for i, raw := range f.params {
		path, err := keypath.ParsePath(raw)
		if err != nil {
			return nil, usageError{"--param " + err.Error()}
		}
		values, err := compare.ParseValues(f.values[i])
		if err != nil {
			return nil, usageError{"--values " + err.Error()}
		}
		addressed, err := l.base.Select(path, "--param "+path.String())
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return nil, errReported
		}
		if p.opt.TargetParam < 0 && path.Section == "stock" && isServiceTarget(path) {
			p.opt.TargetParam, p.opt.Addressed = i, addressed
		}
		p.paths = append(p.paths, path)
		p.params = append(p.params, compare.Param{Path: path.String(), Values: values})
	}
	if f.at != "" {
		at, err := keypath.ParsePath("stock[" + f.at + "].at")
		if err != nil {
			return nil, usageError{"--at " + err.Error()}
		}
		if p.opt.Selected, err = l.base.Select(at, "--at "+f.at); err != nil {
			fmt.Fprintln(e.stderr, err)
			return nil, errReported
		}
	}
	p.grid = compare.Grid(p.params)
	if err := p.makeModels(e, fs, f); err != nil {
		return nil, err
	}
	return p, nil
}

// isServiceTarget reports whether a path sets a safety stock's service
// level or fill-rate target, for target versus achieved.
func isServiceTarget(p keypath.Path) bool {
	n := len(p.Keys)
	return n >= 2 && p.Keys[n-2] == "safety_stock" && (p.Keys[n-1] == "service_level" || p.Keys[n-1] == "fill_rate")
}

// makeModels applies each setting to the scenario, every one with the
// scenario's (or the command line's) seed and replications.
func (p *sweepPlan) makeModels(e *env, fs *flag.FlagSet, f sweepFlags) error {
	seed, reps := p.l.model.Seed, p.l.model.Replications
	if flagWasSet(fs, "seed") {
		seed = f.seed
	}
	if flagWasSet(fs, "reps") {
		reps = f.reps
	}
	for _, setting := range p.grid {
		changes := append([]keypath.Change(nil), f.sets...)
		var label []string
		for i, v := range setting {
			value, err := keypath.ParseValue(v)
			if err != nil {
				return usageError{fmt.Sprintf("--values: %s: %v", p.params[i].Path, err)}
			}
			text := p.params[i].Path + "=" + v
			changes = append(changes, keypath.Change{Path: p.paths[i], Value: value, Text: text, Origin: "--param " + text})
			label = append(label, v)
		}
		m, _, err := p.l.base.With(changes)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return errReported
		}
		m.Seed, m.Replications = seed, reps
		p.models = append(p.models, m)
		p.labels = append(p.labels, strings.Join(label, ", "))
	}
	return nil
}

// runSweep runs every setting, adding replications while --precision asks
// for more.
func runSweep(ctx context.Context, e *env, p *sweepPlan, f sweepFlags) (*compare.Sweep, *compare.Precision, error) {
	var sw *compare.Sweep
	budget := &spending{budget: f.limits.budget()}
	measure := func(n int) (compare.Widest, error) {
		res, err := runAll(ctx, e, p.models, p.labels, n, f.workers, false, budget)
		if err != nil {
			return compare.Widest{}, err
		}
		points := make([]compare.Point, len(res))
		for i := range res {
			points[i] = compare.Point{Values: p.grid[i], Results: res[i]}
		}
		if sw, err = compare.NewSweep(p.params, points, p.opt); err != nil {
			return compare.Widest{}, err
		}
		return sw.Widest(f.precision.metric), nil
	}
	prec, err := f.precision.search(p.models[0].Replications, "the scenario's", measure)
	if err != nil {
		return nil, nil, err
	}
	return sw, prec, nil
}

// repeated returns the first value given twice, or "".
func repeated(values []string) string {
	seen := map[string]bool{}
	for _, v := range values {
		if seen[v] {
			return v
		}
		seen[v] = true
	}
	return ""
}
