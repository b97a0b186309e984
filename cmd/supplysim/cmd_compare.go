package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// compareFlags are the flags of `supplysim compare`.
type compareFlags struct {
	reps, workers int
	seed          uint64
	sets          setFlag
	variants      stringsFlag
	metrics       string
	jsonPath      string
	reportPath    string
	noReport      bool
	target        string
	precision     precisionFlags
	limits        budgetFlags
	shard         shardFlag
}

// contender is one run of a comparison, before it runs.
type contender struct {
	name    string
	about   string   // a [[variant]]'s description
	file    string   // the scenario file
	changes []string // as written, for tables
	meta    sim.Meta
	model   *sim.Model
}

func compareCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("compare", "FILE [FILE...]",
		"Run variants of a scenario on common random numbers and report, per KPI and stock point, each variant's\n"+
			"change against the first (the baseline) with its paired 95% CI, next to the unpaired one.\n"+
			"Variants: --variant flags, else the file's [[variant]] tables; or several files of one network.\n"+
			"See docs/compare.md.", e.stderr)
	var f compareFlags
	fs.Var(&f.variants, "variant", "a variant of the scenario, `NAME:PATH=VALUE[;PATH=VALUE...]`, or the NAME of one of its [[variant]] tables; repeatable")
	fs.Var(&f.sets, "set", setUsage+"; applies to every run")
	fs.StringVar(&f.metrics, "metrics", "", "KPIs to compare, `LIST` separated by commas, or all (default "+strings.Join(compare.Headline, ",")+")")
	fs.IntVar(&f.reps, "reps", 0, "replications of every run (default: the baseline's)")
	fs.Uint64Var(&f.seed, "seed", 0, "random seed of every run (default: the baseline's)")
	fs.IntVar(&f.workers, "workers", 0, "replications run in parallel (default: one per core); results do not depend on it")
	fs.StringVar(&f.jsonPath, "json", "", "write the comparison as JSON to `PATH`")
	fs.StringVar(&f.reportPath, "o", "", "write the HTML report to `PATH` (default: the scenario's name with -compare.html, in the current directory)")
	fs.BoolVar(&f.noReport, "no-report", false, "do not write the HTML report")
	fs.StringVar(&f.target, "target", "", "name the cheapest run (network cost_total) meeting `METRIC>=VALUE` (or <=) on its 95% CI, such as fill_rate>=0.98")
	f.precision.register(fs, "(on the paired differences)")
	f.limits.register(fs)
	fs.Var(&f.shard, "shard", shardUsageOf("every variant"))
	files, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	metrics, err := compareUsage(fs, files, &f)
	if err != nil {
		return err
	}
	var target *compare.Target
	if f.target != "" {
		t, err := compare.ParseTarget(f.target)
		if err != nil {
			return usageError{"--target " + err.Error()}
		}
		target = &t
	}
	if f.shard.given {
		return compareShard(ctx, e, fs, args, files, f)
	}
	reportPath, text, err := variantOutputs(e, files, f.jsonPath, f.reportPath, f.noReport, defaultOutputPath(files[0], "-compare.html"))
	if err != nil {
		return err
	}
	runs, err := contenders(e, files, f)
	if err != nil {
		return err
	}
	notes := alignRuns(fs, runs, f)
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "supplysim: note: %s\n", n)
	}
	cmp, prec, err := runComparison(ctx, e, runs, metrics, f)
	if err != nil {
		return err
	}
	cmp.SetTarget(target)
	if err := reports.WriteComparisonText(text, cmp); err != nil {
		return err
	}
	var precNote string
	if prec != nil {
		var b strings.Builder
		if err := reports.WritePrecisionText(&b, *prec, "paired change of", cmp.WidestDifference(prec.Metric), true); err != nil {
			return err
		}
		precNote = strings.TrimSpace(b.String())
		fmt.Fprintln(text, precNote)
	}
	meta := runs[0].meta
	return writeVariantOutputs(ctx, e, text, f.jsonPath, reportPath,
		func(w io.Writer) error { return reports.WriteComparisonJSON(w, cmp, meta, prec) },
		func(out *reports.Files, path string) error {
			return writeComparisonReport(e, out, cmp, meta, append(notes, precNote), path)
		})
}

// precisionShards is why --precision does not shard.
const precisionShards = "it adds replications until an interval is narrow enough, which no shard can tell alone; " +
	"hint: give every shard the same --reps N (a --precision run on one machine prints how many it needed)"

// compareShard runs one shard of the comparison and writes its part.
func compareShard(ctx context.Context, e *env, fs *flag.FlagSet, args, files []string, f compareFlags) error {
	e, err := startShard(e, fs, f.shard, f.jsonPath, files, map[string]string{"precision": precisionShards})
	if err != nil {
		return err
	}
	runs, err := contenders(e, files, f)
	if err != nil {
		return err
	}
	for _, n := range alignRuns(fs, runs, f) {
		fmt.Fprintf(e.stderr, "supplysim: note: %s\n", n)
	}
	models := make([]*sim.Model, len(runs))
	labels := make([]string, len(runs))
	for i, r := range runs {
		models[i], labels[i] = r.model, r.name
	}
	// The merge may write the report, which draws the daily series.
	opt := sim.Options{Workers: f.workers, NoImpact: true, Budget: f.limits.budget()}
	return e.shard.runModels(ctx, e, "compare", shardArgs(fs, args), f.jsonPath, models, labels, opt, false)
}

// compareUsage checks the command line and returns the metrics compared.
func compareUsage(fs *flag.FlagSet, files []string, f *compareFlags) ([]string, error) {
	switch {
	case len(files) == 0:
		return nil, usageError{"compare needs a scenario file (see supplysim compare -h)"}
	case len(files) > 1 && len(f.variants) > 0:
		return nil, usageError{"--variant makes variants of one scenario file: give one file, or compare several files without --variant"}
	case flagWasSet(fs, "reps") && f.reps < 2:
		return nil, usageError{"--reps must be at least 2: a comparison needs confidence intervals"}
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
	metrics, err := parseMetrics(f.metrics)
	if err == nil && f.precision.target > 0 && !slices.Contains(metrics, f.precision.metric) {
		metrics = append(metrics, f.precision.metric) // what --precision narrows is shown
	}
	return metrics, err
}

// contenders loads the runs: the files, or the one file and its variants.
func contenders(e *env, files []string, f compareFlags) ([]contender, error) {
	if len(files) > 1 {
		return fileContenders(e, files, f)
	}
	l, err := loadScenario(e, files[0], f.sets)
	if err != nil {
		return nil, err
	}
	runs := []contender{{name: scenario.BaseName, file: files[0], changes: changeTexts(f.sets), meta: l.meta, model: l.model}}
	vs, err := chosenVariants(l.base, f.variants)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, usageError{fmt.Sprintf("%s has no [[variant]] tables: nothing to compare it with; add --variant 'NAME:PATH=VALUE', [[variant]] tables, or a second file", files[0])}
	}
	for _, v := range vs {
		changes := append(append([]keypath.Change(nil), f.sets...), v.Changes...)
		m, _, err := l.base.With(changes)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return nil, errReported
		}
		runs = append(runs, contender{name: v.Name, about: v.Description, file: files[0], changes: changeTexts(changes), meta: scenarioMeta(files[0], l.data, changes), model: m})
	}
	return runs, nil
}

// chosenVariants returns the --variant flags as variants (NAME picks one of
// the file's [[variant]] tables), or all of the file's when none is given.
func chosenVariants(b *scenario.Base, flags []string) ([]scenario.Variant, error) {
	file := b.Variants()
	if len(flags) == 0 {
		return file, nil
	}
	var out []scenario.Variant
	names := []string{scenario.BaseName}
	for _, s := range flags {
		name, sets, hasSets := strings.Cut(s, ":")
		name = strings.TrimSpace(name)
		var v scenario.Variant
		switch {
		case name == "":
			return nil, usageError{fmt.Sprintf("--variant %q: write NAME:PATH=VALUE, or the NAME of a [[variant]] table", s)}
		case slices.Contains(names, name):
			return nil, usageError{fmt.Sprintf("--variant %q: the name %q is taken", s, name)}
		case hasSets:
			changes, err := keypath.ParseChanges(sets)
			if err != nil {
				return nil, usageError{fmt.Sprintf("--variant %s: %v", name, err)}
			}
			for i := range changes {
				changes[i].Origin = fmt.Sprintf("--variant %s: '%s'", name, changes[i].Text)
			}
			v = scenario.Variant{Name: name, Changes: changes}
		default:
			i := slices.IndexFunc(file, func(v scenario.Variant) bool { return v.Name == name })
			if i < 0 {
				return nil, usageError{unknownVariant(name, file)}
			}
			v = file[i]
		}
		names = append(names, name)
		out = append(out, v)
	}
	return out, nil
}

func unknownVariant(name string, file []scenario.Variant) string {
	if len(file) == 0 {
		return fmt.Sprintf("--variant %s: the file has no [[variant]] tables; define one here with --variant '%s:PATH=VALUE'", name, name)
	}
	var names []string
	for _, v := range file {
		names = append(names, v.Name)
	}
	return fmt.Sprintf("--variant %s: no [[variant]] of that name (the file has %s); define one with --variant '%s:PATH=VALUE'",
		name, strings.Join(names, ", "), name)
}

func changeTexts(cs []keypath.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

// fileContenders loads several files of one network, the first the baseline.
func fileContenders(e *env, files []string, f compareFlags) ([]contender, error) {
	var runs []contender
	taken := map[string]bool{}
	for _, path := range files {
		l, err := loadScenario(e, path, f.sets)
		if err != nil {
			return nil, err
		}
		name := fileLabel(path)
		if taken[name] {
			name = path
		}
		taken[name] = true
		runs = append(runs, contender{name: name, file: path, changes: changeTexts(f.sets), meta: l.meta, model: l.model})
	}
	return runs, nil
}

// alignRuns gives every run the baseline's seed and replication count
// (or those of the command line): common random numbers pair replication
// i of each run only so. A run whose own differ gets a note.
func alignRuns(fs *flag.FlagSet, runs []contender, f compareFlags) (notes []string) {
	base := runs[0].model
	seed, reps := base.Seed, base.Replications
	if flagWasSet(fs, "seed") {
		seed = f.seed
	}
	if flagWasSet(fs, "reps") {
		reps = f.reps
	}
	for _, r := range runs[1:] {
		m := r.model
		if m.Seed != base.Seed && !flagWasSet(fs, "seed") {
			notes = append(notes, fmt.Sprintf("%s runs with seed %d, not its own %d: common random numbers need the baseline's seed", r.name, seed, m.Seed))
		}
		if m.Replications != base.Replications && !flagWasSet(fs, "reps") {
			notes = append(notes, fmt.Sprintf("%s runs %d replications, not its own %d, to pair with the baseline's", r.name, reps, m.Replications))
		}
	}
	for _, r := range runs {
		r.model.Seed, r.model.Replications = seed, reps
	}
	return notes
}

// runComparison runs every contender, adding replications while
// --precision asks for more.
func runComparison(ctx context.Context, e *env, runs []contender, metrics []string, f compareFlags) (*compare.Comparison, *compare.Precision, error) {
	models := make([]*sim.Model, len(runs))
	labels := make([]string, len(runs))
	for i, r := range runs {
		models[i], labels[i] = r.model, r.name
	}
	var cmp *compare.Comparison
	budget := &spending{budget: f.limits.budget()}
	measure := func(n int) (compare.Widest, error) {
		res, err := runAll(ctx, e, models, labels, n, f.workers, !f.noReport, budget)
		if err != nil {
			return compare.Widest{}, err
		}
		crs := make([]compare.Run, len(runs))
		for i, r := range runs {
			crs[i] = compare.Run{Name: r.name, Description: r.about, Changes: r.changes, File: r.file, SHA256: r.meta.SHA256, Results: res[i]}
		}
		if cmp, err = compare.New(crs, metrics); err != nil {
			return compare.Widest{}, err
		}
		return cmp.WidestDifference(f.precision.metric), nil
	}
	prec, err := f.precision.search(models[0].Replications, "the baseline's", measure)
	if err != nil {
		return nil, nil, err
	}
	return cmp, prec, nil
}
