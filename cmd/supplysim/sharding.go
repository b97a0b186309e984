package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
)

// sharding makes compare, sweep or check one shard of itself, or the
// merge of its shards.
//
// A shard runs the command as far as its models, runs its share of each
// model's replications and writes them in a part with the command line and
// every file the command looked at. The merge runs the same command again,
// on the files the parts carry, with the merged replications in place of
// each simulation: the same code then writes the same bytes as one machine.
type sharding struct {
	merging      bool
	index, count int                 // the shard, when not merging
	inputs       []reports.PartInput // looked at by the shard; at merge, what the parts carry
	parts        []readPart          // at merge, one per shard
	next         int                 // at merge, the next run to hand out
}

// shardUsageOf is the help of --shard in compare, sweep and check.
func shardUsageOf(what string) string {
	return "run only shard `I/N` of the replications of " + what + " (those r with r % N == I) and write them with --json PATH as a partial result for `supplysim merge`; " +
		"auto takes I and N from a Slurm job array, auto/N takes I from a Kubernetes Indexed Job (see docs/scale-out.md)"
}

// startShard checks what a shard of the command is given, finds its index
// and returns the environment that records the files the command reads.
// refused maps the flags a shard cannot take to the reason.
func startShard(e *env, fs *flag.FlagSet, s shardFlag, partPath string, inputs []string, refused map[string]string) (*env, error) {
	for _, name := range []string{"o", "no-report", "junit"} {
		if flagWasSet(fs, name) {
			return nil, usageError{fmt.Sprintf("--shard writes a partial result (--json PATH), not -%s: `supplysim merge` writes the command's outputs", name)}
		}
	}
	var why []string
	fs.Visit(func(f *flag.Flag) {
		if reason, ok := refused[f.Name]; ok {
			why = append(why, fmt.Sprintf("--%s does not shard: %s", f.Name, reason))
		}
	})
	if len(why) > 0 {
		return nil, usageError{strings.Join(why, "; ")}
	}
	if partPath == "" {
		return nil, usageError{"--shard needs --json PATH: where the partial result goes, for `supplysim merge`"}
	}
	index, count, err := s.resolve(e.getenv)
	if err != nil {
		return nil, err
	}
	if err := reports.CheckOutputs(inputs, []reports.Output{{Flag: "--json", Path: partPath}}); err != nil {
		return nil, usageError{err.Error()}
	}
	shard := *e
	shard.shard = &sharding{index: index, count: count}
	return &shard, nil
}

// shardArgs is the command line of a shard without the flags that only
// shape how the shard runs (which shard, where its part goes, its workers
// and budget): what parts of one command share.
func shardArgs(fs *flag.FlagSet, args []string) []string {
	drop := map[string]bool{"shard": true, "json": true, "workers": true, "max-events": true, "max-memory": true}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			out = append(out, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takes := 1
		if f := fs.Lookup(name); f != nil && !hasValue && !isBoolFlag(f) {
			takes = 2 // the value is the next argument
		}
		end := min(i+takes, len(args))
		if !drop[name] {
			out = append(out, args[i:end]...)
		}
		i = end - 1
	}
	return out
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// runModels runs the shard's replications of every model with opt, and
// writes them with the command line and the files read to partPath. The
// models share opt.Budget, as in compare and sweep, unless each has its
// own, as in check.
func (sh *sharding) runModels(ctx context.Context, e *env, command string, args []string, partPath string,
	models []*sim.Model, labels []string, opt sim.Options, eachOwnBudget bool) error {
	var est sim.Estimate
	reps := make([][]int, len(models))
	for i, m := range models {
		reps[i] = sim.ShardReplications(m.Replications, sh.index, sh.count)
		one := sim.EstimatePart(m, opt, len(reps[i]))
		if eachOwnBudget {
			if err := checkBudget(opt.Budget, one); err != nil {
				return fmt.Errorf("%s: %w", labels[i], err)
			}
			continue
		}
		est = est.Add(one)
	}
	if err := checkBudget(opt.Budget, est); err != nil {
		return err
	}
	cp := &reports.CommandPart{Version: Version, Command: command, Args: args, Shard: sh.index, Shards: sh.count}
	budget := &spending{budget: opt.Budget}
	for i, m := range models {
		if err := ctx.Err(); err != nil {
			return interrupted(ctx, err)
		}
		o := opt
		o.Context, o.Budget = ctx, budget.left()
		if e.stderrIsTerm {
			prefix := fmt.Sprintf("shard %d/%d %s (%d/%d): ", sh.index, sh.count, visible(labels[i]), i+1, len(models))
			o.Progress = progressLine(e.progress, prefix, len(reps[i]), time.Now)
		}
		start := time.Now()
		part, err := sim.RunPart(m, o, reps[i])
		if err != nil {
			return fmt.Errorf("%s: %w", labels[i], budgetHint(interrupted(ctx, err)))
		}
		for _, r := range part.Results {
			if !eachOwnBudget {
				budget.used += r.Events
			}
		}
		cp.Runs = append(cp.Runs, reports.PartRun{Name: labels[i], Seed: m.Seed, Replications: m.Replications,
			Elapsed: time.Since(start), Part: part})
	}
	cp.Inputs = sh.inputs
	out := reports.NewFiles(ctx, e.data)
	defer out.Abort()
	compress := strings.HasSuffix(partPath, ".gz")
	if err := out.Write(partPath, func(w io.Writer) error { return reports.WriteCommandPart(w, cp, compress) }); err != nil {
		return interrupted(ctx, err)
	}
	if err := out.Commit(); err != nil {
		return interrupted(ctx, err)
	}
	msg := e.stdout
	if partPath == reports.Stdout {
		msg = e.stderr
	}
	fmt.Fprintf(msg, "shard %d/%d of %s: %s -> %s\n", sh.index, sh.count, command, shardSummary(cp.Runs), partPath)
	return nil
}

// shardSummary says briefly which replications a shard ran.
func shardSummary(runs []reports.PartRun) string {
	if len(runs) == 0 {
		return "no runs"
	}
	first := runs[0]
	for _, r := range runs[1:] {
		if r.Replications != first.Replications {
			return fmt.Sprintf("%d runs, of each the replications r with r %% N == I", len(runs))
		}
	}
	what := fmt.Sprintf("%d runs x", len(runs))
	if len(runs) == 1 {
		what = "1 run,"
	}
	return fmt.Sprintf("%s %d of %d replications (%s)", what, len(first.Part.Reps), first.Replications, repList(first.Part.Reps))
}

// merged returns the next run's results, merged from the parts, in place
// of simulating m with opt: the merge's command asks for its runs in the
// order the shards ran them.
func (sh *sharding) merged(m *sim.Model, opt sim.Options, label string) (*sim.Results, time.Duration, error) {
	k := sh.next
	sh.next++
	first := sh.parts[0]
	if k >= len(first.cmd.Runs) {
		return nil, 0, fmt.Errorf("%s: the parts hold %d runs, the command asks for more (%s)", first.file, len(first.cmd.Runs), label)
	}
	want := first.cmd.Runs[k]
	if want.Name != label || want.Seed != m.Seed || want.Replications != m.Replications {
		return nil, 0, fmt.Errorf("%s: run %d is %s (seed %d, %d replications), the command asks for %s (seed %d, %d replications)",
			first.file, k+1, want.Name, want.Seed, want.Replications, label, m.Seed, m.Replications)
	}
	var parts []*sim.Part
	var took time.Duration
	for _, p := range sh.parts {
		run := p.cmd.Runs[k]
		part := run.Part
		switch {
		case part.NoImpact != opt.NoImpact || part.NoSeries && !opt.NoSeries:
			return nil, 0, fmt.Errorf("%s: run %s was recorded with other options than the command asks for", p.file, label)
		case opt.NoSeries && !part.NoSeries:
			part = part.WithoutSeries()
		}
		parts = append(parts, part)
		took += run.Elapsed
	}
	res, err := sim.Merge(m, parts)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", label, err)
	}
	return res, took, nil
}

// isMerging reports whether e is the merge of a command's shards.
func (e *env) isMerging() bool { return e.shard != nil && e.shard.merging }

// readInput reads a command's input file, at most limit+1 bytes (the
// caller refuses more): from the file system, recording it when e is a
// shard, or, at merge, as the shards read it. Errors are *fs.PathError.
func (e *env) readInput(path string, limit int64) ([]byte, error) {
	if e.isMerging() {
		in, err := e.shard.input("read", path)
		if err != nil {
			return nil, err
		}
		if in.Err != "" {
			return nil, &fs.PathError{Op: "read", Path: path, Err: recordedError{in.Err, in.Missing}}
		}
		return in.Data, nil
	}
	data, err := readLimited(path, limit)
	if e.shard != nil {
		in := reports.PartInput{Op: "read", Path: path, Data: data}
		in.Err, in.Missing = errorText(err), errors.Is(err, fs.ErrNotExist)
		e.shard.record(in)
	}
	return data, err
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// statInput reports whether path is a directory; an error when it is not
// there. Like readInput, it records for a shard and replays at merge.
func (e *env) statInput(path string) (isDir bool, err error) {
	if e.isMerging() {
		in, err := e.shard.input("stat", path)
		if err != nil {
			return false, err
		}
		if in.Err != "" {
			return false, &fs.PathError{Op: "stat", Path: path, Err: recordedError{in.Err, in.Missing}}
		}
		return in.Dir, nil
	}
	info, err := os.Stat(path)
	isDir = err == nil && info.IsDir()
	if e.shard != nil {
		e.shard.record(reports.PartInput{Op: "stat", Path: path, Dir: isDir, Err: errorText(err), Missing: errors.Is(err, fs.ErrNotExist)})
	}
	return isDir, err
}

// errorText is what a recorded error says: the error without the path an
// *fs.PathError repeats.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return unwrapPath(err).Error()
}

// recordedError is an error a shard met reading a file, as merge gives it
// back: the same text, and still fs.ErrNotExist when the file was missing.
type recordedError struct {
	text    string
	missing bool
}

func (r recordedError) Error() string        { return r.text }
func (r recordedError) Is(target error) bool { return r.missing && target == fs.ErrNotExist }

// scenarioFiles reads the files the scenario at path names: from its
// directory, or, at merge, from the parts.
func (e *env) scenarioFiles(path string) *scenarioFiles {
	if !e.isMerging() {
		return newScenarioFiles(path)
	}
	files := &scenarioFiles{dir: ".", embedded: map[string][]byte{}, failed: map[string]string{}}
	if in, err := e.shard.input("read", path); err == nil {
		for _, f := range in.Files {
			if f.Err != "" {
				files.failed[f.Name] = f.Err
			} else {
				files.embedded[f.Name] = f.Data
			}
		}
	}
	return files
}

// record keeps what the shard looked at, once per path.
func (sh *sharding) record(in reports.PartInput) {
	for _, old := range sh.inputs {
		if old.Op == in.Op && old.Path == in.Path {
			return
		}
	}
	sh.inputs = append(sh.inputs, in)
}

// recordFiles adds to a scenario's record the files it names, as read.
func (sh *sharding) recordFiles(path string, files *scenarioFiles) {
	if sh == nil || sh.merging {
		return
	}
	for i := range sh.inputs {
		in := &sh.inputs[i]
		if in.Op != "read" || in.Path != path || len(in.Files) > 0 {
			continue
		}
		for _, nf := range files.read {
			in.Files = append(in.Files, reports.PartFile{Name: nf.name, Data: nf.data})
		}
		for _, name := range slices.Sorted(maps.Keys(files.failed)) {
			in.Files = append(in.Files, reports.PartFile{Name: name, Err: files.failed[name]})
		}
	}
}

// input finds what the shards found at path.
func (sh *sharding) input(op, path string) (reports.PartInput, error) {
	for _, in := range sh.inputs {
		if in.Op == op && in.Path == path {
			return in, nil
		}
	}
	return reports.PartInput{}, &fs.PathError{Op: op, Path: path, Err: errors.New("not among the files the parts carry")}
}
