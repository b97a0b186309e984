package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
)

const shardUsage = "run only shard `I/N` of the replications (those r with r % N == I) and write them with --json PATH as a partial result for `supplysim merge`; " +
	"auto takes I and N from a Slurm job array, auto/N takes I from a Kubernetes Indexed Job (see docs/scale-out.md)"

// shardFlag is --shard I/N, auto or auto/N.
type shardFlag struct {
	given        bool
	auto         bool
	index, count int // count 0 with auto: from the environment
}

func (s *shardFlag) String() string {
	switch {
	case !s.given:
		return ""
	case s.auto && s.count == 0:
		return "auto"
	case s.auto:
		return fmt.Sprintf("auto/%d", s.count)
	}
	return fmt.Sprintf("%d/%d", s.index, s.count)
}

func (s *shardFlag) Set(text string) error {
	i, n, hasN := strings.Cut(text, "/")
	var err error
	*s = shardFlag{given: true, auto: i == "auto"}
	if hasN {
		if s.count, err = strconv.Atoi(n); err != nil || s.count < 1 {
			return fmt.Errorf("want I/N with N at least 1, such as 0/8, or auto, or auto/8")
		}
	}
	if s.auto {
		return nil
	}
	if s.index, err = strconv.Atoi(i); err != nil || !hasN || s.index < 0 || s.index >= s.count {
		return fmt.Errorf("want I/N with 0 <= I < N, such as 0/8 for the first of 8 shards, or auto, or auto/8")
	}
	return nil
}

// resolve returns the shard's index and count, from the environment of
// the batch system for auto: a Kubernetes Indexed Job sets
// JOB_COMPLETION_INDEX (0 to completions-1) but not the count, which
// auto/N gives; a Slurm job array sets SLURM_ARRAY_TASK_ID, _MIN and _COUNT.
func (s shardFlag) resolve(getenv func(string) string) (index, count int, err error) {
	if !s.auto {
		return s.index, s.count, nil
	}
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	k8s, slurm := getenv("JOB_COMPLETION_INDEX"), getenv("SLURM_ARRAY_TASK_ID")
	switch {
	case k8s != "" && slurm != "":
		return 0, 0, usageError{"--shard auto: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set: give --shard I/N"}
	case k8s != "":
		if s.count == 0 {
			return 0, 0, usageError{"--shard auto: a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX but not the number of shards: give --shard auto/N with N the Job's completions"}
		}
		if index, err = envInt("JOB_COMPLETION_INDEX", k8s); err != nil {
			return 0, 0, err
		}
		count = s.count
	case slurm != "":
		id, err := envInt("SLURM_ARRAY_TASK_ID", slurm)
		if err != nil {
			return 0, 0, err
		}
		first := 0
		if v := getenv("SLURM_ARRAY_TASK_MIN"); v != "" {
			if first, err = envInt("SLURM_ARRAY_TASK_MIN", v); err != nil {
				return 0, 0, err
			}
		}
		if count, err = envInt("SLURM_ARRAY_TASK_COUNT", getenv("SLURM_ARRAY_TASK_COUNT")); err != nil {
			return 0, 0, err
		}
		if s.count != 0 && s.count != count {
			return 0, 0, usageError{fmt.Sprintf("--shard auto/%d: the Slurm array has %d tasks (SLURM_ARRAY_TASK_COUNT)", s.count, count)}
		}
		index = id - first
	default:
		return 0, 0, usageError{"--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm job array) is set: give --shard I/N"}
	}
	if index < 0 || index >= count || count < 1 {
		return 0, 0, usageError{fmt.Sprintf("--shard auto: shard %d of %d does not exist; a Slurm array must be contiguous, such as --array=0-%d, and a Kubernetes Job's completions must be N",
			index, count, max(count, 1)-1)}
	}
	return index, count, nil
}

func envInt(name, value string) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || n < 0 {
		return 0, usageError{fmt.Sprintf("--shard auto: %s=%q is not a whole number", name, value)}
	}
	return n, nil
}

// runShard runs one shard of `supplysim run` and writes its partial result.
func runShard(ctx context.Context, e *env, file string, f runFlags, fs *flag.FlagSet) error {
	for _, name := range []string{"csv", "o", "trace", "no-report"} {
		if flagWasSet(fs, name) {
			return usageError{fmt.Sprintf("--shard writes a partial result (--json PATH), not -%s: `supplysim merge` writes the run's outputs", name)}
		}
	}
	if f.jsonPath == "" {
		return usageError{"--shard needs --json PATH: where the partial result goes, for `supplysim merge`"}
	}
	index, count, err := f.shard.resolve(e.getenv)
	if err != nil {
		return err
	}
	if err := reports.CheckOutputs([]string{file}, []reports.Output{{Flag: "--json", Path: f.jsonPath}}); err != nil {
		return usageError{err.Error()}
	}
	l, err := loadScenario(e, file, f.sets)
	if err != nil {
		return err
	}
	if flagWasSet(fs, "reps") {
		l.model.Replications = f.reps
	}
	if flagWasSet(fs, "seed") {
		l.model.Seed = f.seed
	}
	reps := sim.ShardReplications(l.model.Replications, index, count)
	opt := sim.Options{Workers: f.workers, NoImpact: f.noImpact, Budget: f.limits.budget(), Context: ctx}
	if err := checkBudget(opt.Budget, sim.EstimatePart(l.model, opt, len(reps))); err != nil {
		return err
	}
	if e.stderrIsTerm {
		opt.Progress = progressLine(e.progress, fmt.Sprintf("shard %d/%d ", index, count), len(reps), time.Now)
	}
	part, err := sim.RunPart(l.model, opt, reps)
	if err != nil {
		return budgetHint(interrupted(ctx, err))
	}
	h := partHeader(l, file, f.sets, index, count)
	out := reports.NewFiles(ctx, e.data)
	defer out.Abort()
	compress := strings.HasSuffix(f.jsonPath, ".gz")
	if err := out.Write(f.jsonPath, func(w io.Writer) error { return reports.WritePart(w, h, part, compress) }); err != nil {
		return interrupted(ctx, err)
	}
	if err := out.Commit(); err != nil {
		return interrupted(ctx, err)
	}
	msg := e.stdout
	if f.jsonPath == reports.Stdout {
		msg = e.stderr
	}
	fmt.Fprintf(msg, "shard %d/%d: %d of %d replications (%s) -> %s\n", index, count, len(reps), l.model.Replications, repList(reps), f.jsonPath)
	return nil
}

// partHeader describes a shard of a run of the loaded scenario.
func partHeader(l *loaded, path string, sets setFlag, index, count int) reports.PartHeader {
	h := reports.PartHeader{Version: Version, Command: "run", Meta: l.meta, Name: l.model.Name,
		Path: path, Source: l.source, Seed: l.model.Seed,
		Replications: l.model.Replications, Shard: index, Shards: count}
	for _, nf := range l.named {
		h.Files = append(h.Files, reports.PartFile{Name: nf.name, Data: nf.data})
	}
	for _, c := range sets {
		h.Sets = append(h.Sets, c.Text)
	}
	return h
}

// repList shows replication indices briefly: "0, 4, 8, ... 96".
func repList(reps []int) string {
	if len(reps) == 0 {
		return "none"
	}
	var parts []string
	for i, r := range reps {
		if i == 3 && len(reps) > 5 {
			parts = append(parts, "...", strconv.Itoa(reps[len(reps)-1]))
			break
		}
		parts = append(parts, strconv.Itoa(r))
	}
	return strings.Join(parts, ", ")
}
