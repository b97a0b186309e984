package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// readPart is one partial result as read, with the file it came from: a
// shard of run (header and part) or of compare, sweep or check (cmd).
type readPart struct {
	file   string
	header reports.PartHeader
	part   *sim.Part
	cmd    *reports.CommandPart
}

// command is the command whose shard the part is.
func (p readPart) command() string {
	if p.cmd != nil {
		return p.cmd.Command
	}
	return p.header.Command
}

// shard returns the part's shard and the number of shards.
func (p readPart) shard() (index, count int) {
	if p.cmd != nil {
		return p.cmd.Shard, p.cmd.Shards
	}
	return p.header.Shard, p.header.Shards
}

// runs returns, for each run of the part, its total replications and the
// part's share of them.
func (p readPart) runs() (totals []int, reps [][]int) {
	if p.cmd == nil {
		return []int{p.header.Replications}, [][]int{p.part.Reps}
	}
	for _, r := range p.cmd.Runs {
		totals, reps = append(totals, r.Replications), append(reps, r.Part.Reps)
	}
	return totals, reps
}

// mergeCmd puts the partial results of `--shard` back together and writes
// the outputs the command writes on one machine, byte for byte.
func mergeCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("merge", "PART...",
		"Merge the partial results that `supplysim run|compare|sweep|check ... --shard I/N --json PART` wrote,\n"+
			"one per shard, into the outputs of the command on one machine: the same bytes. See docs/scale-out.md.", e.stderr)
	var f runFlags
	var junitPath string
	fs.StringVar(&f.jsonPath, "json", "", "write the results (of compare, sweep: the comparison, the sweep; of check: the verdicts) as JSON to `PATH`")
	fs.StringVar(&f.csvDir, "csv", "", "write replications.csv and series.csv into `DIR` (run)")
	fs.StringVar(&f.reportPath, "o", "", "write the HTML report to `PATH` (run, compare, sweep; default: as the command does)")
	fs.BoolVar(&f.noReport, "no-report", false, "do not write the HTML report")
	fs.StringVar(&junitPath, "junit", "", "write the verdicts as JUnit XML to `PATH` (check)")
	files, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"merge takes the partial results of every shard (see supplysim merge -h)"}
	}
	if f.noReport && f.reportPath != "" {
		return usageError{"-o and --no-report contradict each other"}
	}
	parts, err := readParts(files)
	if err != nil {
		return err
	}
	if err := sameCommand(parts); err != nil {
		return err
	}
	if parts[0].cmd != nil {
		return mergeCommand(ctx, e, fs, files, parts)
	}
	if junitPath != "" {
		return usageError{"--junit: the parts are shards of `supplysim run`, which writes no JUnit (check does)"}
	}
	if err := checkParts(parts); err != nil {
		return err
	}
	first := parts[0].header
	reportPath := ""
	if !f.noReport {
		reportPath = cmp.Or(f.reportPath, defaultReportPath(first.Path))
	}
	outs := runOutputs(f, reportPath)
	if err := reports.CheckOutputs(files, outs); err != nil {
		return usageError{err.Error()}
	}
	l, err := loadPartScenario(e, parts[0])
	if err != nil {
		return err
	}
	all := make([]*sim.Part, len(parts))
	for i, p := range parts {
		all[i] = p.part
	}
	res, err := sim.Merge(l.model, all)
	if err != nil {
		return err
	}
	out := reports.NewFiles(ctx, e.data)
	defer out.Abort()
	// The report draws replication 0's path again, as run does.
	if err := writeRunOutputs(e, out, res, l.meta, f, reportPath, sim.Options{Context: ctx}); err != nil {
		return interrupted(ctx, err)
	}
	table := e.stdout
	if takesStdout(outs) {
		table = e.stderr
	}
	if err := reports.WriteTable(table, res); err != nil {
		return err
	}
	if reportPath != "" {
		fmt.Fprintf(table, "report: %s\n", reportPath)
	}
	return nil
}

// readParts reads every part, reporting every file that is not one.
func readParts(files []string) ([]readPart, error) {
	var parts []readPart
	var errs []error
	for _, file := range files {
		p, err := readPartFile(file)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		parts = append(parts, p)
	}
	return parts, errors.Join(errs...)
}

func readPartFile(file string) (readPart, error) {
	r, err := os.Open(file)
	if err != nil {
		return readPart{}, unwrapPath(err)
	}
	defer r.Close()
	h, part, cp, err := reports.ReadAnyPart(r)
	return readPart{file: file, header: h, part: part, cmd: cp}, err
}

// sameCommand refuses parts of different commands.
func sameCommand(parts []readPart) error {
	var errs []error
	for _, p := range parts[1:] {
		if p.command() != parts[0].command() {
			errs = append(errs, fmt.Errorf("%s is a shard of `supplysim %s` and %s of `supplysim %s`: merge the shards of one command",
				parts[0].file, parts[0].command(), p.file, p.command()))
		}
	}
	return errors.Join(errs...)
}

// checkParts makes sure the parts are the shards of one run, each once,
// all there, written by this program's version.
func checkParts(parts []readPart) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	first := parts[0]
	h0 := first.header
	for _, p := range parts {
		h := p.header
		if h.Version != Version {
			add("%s was written by supplysim %s, this is %s: merge with the version that ran the shards", p.file, h.Version, Version)
		}
		if p.file == first.file {
			continue
		}
		differ := func(what string, a, b any) {
			if a != b {
				add("%s and %s are not shards of one run: %s %v and %v", first.file, p.file, what, a, b)
			}
		}
		differ("scenario", h0.Meta.File, h.Meta.File)
		differ("scenario sha256", h0.Meta.SHA256, h.Meta.SHA256)
		differ("seed", h0.Seed, h.Seed)
		differ("replications", h0.Replications, h.Replications)
		differ("shard count", h0.Shards, h.Shards)
		differ("--no-impact", p.part.NoImpact, first.part.NoImpact)
		differ("no series", p.part.NoSeries, first.part.NoSeries)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return errors.Join(checkShards(parts)...)
}

// checkShards finds shards given twice or missing, and parts that do not
// hold their shard's replications.
func checkShards(parts []readPart) []error {
	var errs []error
	_, count := parts[0].shard()
	byShard := map[int]string{}
	for _, p := range parts {
		index, _ := p.shard()
		if other, ok := byShard[index]; ok {
			errs = append(errs, fmt.Errorf("%s and %s are both shard %d/%d: give each shard once", other, p.file, index, count))
			continue
		}
		byShard[index] = p.file
		totals, reps := p.runs()
		for k := range totals {
			if want := sim.ShardReplications(totals[k], index, count); !slices.Equal(reps[k], want) {
				errs = append(errs, fmt.Errorf("%s holds replications %s, not those of shard %d/%d (%s)", p.file, repList(reps[k]), index, count, repList(want)))
				break
			}
		}
	}
	totals, _ := parts[0].runs()
	for i := range count {
		if _, ok := byShard[i]; !ok {
			var reps []int
			if len(totals) > 0 {
				reps = sim.ShardReplications(totals[0], i, count)
			}
			errs = append(errs, fmt.Errorf("shard %d/%d is missing (replications %s): give its part too, or run it with --shard %d/%d",
				i, count, repList(reps), i, count))
		}
	}
	return errs
}

// loadPartScenario rebuilds the run's model from the scenario a part
// carries, and checks that it is the one the shard ran.
func loadPartScenario(e *env, p readPart) (*loaded, error) {
	h := p.header
	files := &scenarioFiles{dir: ".", embedded: map[string][]byte{}}
	for _, nf := range h.Files {
		files.embedded[nf.Name] = nf.Data
	}
	var changes []keypath.Change
	for _, text := range h.Sets {
		var s setFlag
		if err := s.Set(text); err != nil {
			return nil, fmt.Errorf("%s: --set %q: %w", p.file, text, err)
		}
		changes = append(changes, s...)
	}
	l, err := loadFrom(e, h.Path, h.Source, files, changes)
	if err != nil {
		return nil, err
	}
	if l.meta.SHA256 != h.Meta.SHA256 || l.meta.File != h.Meta.File {
		return nil, fmt.Errorf("%s: the scenario it carries does not match its sha256: the part was changed after the shard wrote it", p.file)
	}
	l.model.Seed, l.model.Replications = h.Seed, h.Replications
	return l, nil
}

// mergeOutputs are the output flags of merge each command takes.
var mergeOutputs = map[string][]string{
	"compare": {"json", "o", "no-report"},
	"sweep":   {"json", "o", "no-report"},
	"check":   {"json", "junit"},
}

// mergeCommand merges the shards of compare, sweep or check: it runs the
// command again with the shards' command line and the merge's output
// flags, on the files the parts carry, taking each run's replications from
// the parts instead of simulating them. The outputs and the exit status
// are the command's on one machine.
func mergeCommand(ctx context.Context, e *env, fs *flag.FlagSet, files []string, parts []readPart) error {
	first := parts[0].cmd
	var outArgs []string
	var errs []string
	fs.Visit(func(f *flag.Flag) {
		if !slices.Contains(mergeOutputs[first.Command], f.Name) {
			errs = append(errs, fmt.Sprintf("%s: the parts are shards of `supplysim %s`, which takes %s", flagName(f.Name), first.Command, flagList(mergeOutputs[first.Command])))
			return
		}
		outArgs = append(outArgs, "--"+f.Name+"="+f.Value.String())
	})
	if len(errs) > 0 {
		return usageError{strings.Join(errs, "; ")}
	}
	if err := checkCommandParts(parts); err != nil {
		return err
	}
	// The parts must not be overwritten by an output, as if they were inputs.
	if err := reports.CheckOutputs(files, mergeOutputList(fs)); err != nil {
		return usageError{err.Error()}
	}
	merging := *e
	merging.shard = &sharding{merging: true, inputs: first.Inputs, parts: parts}
	cmds := map[string]func(context.Context, *env, []string) error{"compare": compareCmd, "sweep": sweepCmd, "check": checkCmd}
	err := cmds[first.Command](ctx, &merging, append(outArgs, first.Args...))
	var u usageError
	if errors.As(err, &u) {
		// The shards took this command line; only the merge's flags can be wrong.
		return usageError{fmt.Sprintf("merging shards of `supplysim %s %s`: %s", first.Command, strings.Join(first.Args, " "), u.msg)}
	}
	if err == nil && merging.shard.next != len(first.Runs) {
		return fmt.Errorf("the parts hold %d runs, the command asked for %d", len(first.Runs), merging.shard.next)
	}
	return err
}

func flagList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = flagName(n)
	}
	return strings.Join(out, ", ")
}

// flagName writes a flag as the help does: -o, --json.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// mergeOutputList lists the files the merge was asked to write.
func mergeOutputList(fs *flag.FlagSet) []reports.Output {
	var outs []reports.Output
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "no-report" && f.Value.String() != "" {
			outs = append(outs, reports.Output{Flag: flagName(f.Name), Path: f.Value.String()})
		}
	})
	return outs
}

// checkCommandParts makes sure the parts are the shards of one command,
// each once, all there, written by this program's version.
func checkCommandParts(parts []readPart) error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	first := parts[0]
	c0 := first.cmd
	for _, p := range parts {
		c := p.cmd
		if c.Version != Version {
			add("%s was written by supplysim %s, this is %s: merge with the version that ran the shards", p.file, c.Version, Version)
		}
		if p.file == first.file {
			continue
		}
		differ := func(what string, a, b any) {
			add("%s and %s are not shards of one `supplysim %s`: %s %v and %v", first.file, p.file, c0.Command, what, a, b)
		}
		switch {
		case !slices.Equal(c.Args, c0.Args):
			differ("command line", quoteArgs(c0.Args), quoteArgs(c.Args))
		case c.Shards != c0.Shards:
			differ("shard count", c0.Shards, c.Shards)
		default:
			if what := inputsDiffer(c0.Inputs, c.Inputs); what != "" {
				add("%s and %s are not shards of one `supplysim %s`: %s", first.file, p.file, c0.Command, what)
			} else if what := runsDiffer(c0.Runs, c.Runs); what != "" {
				add("%s and %s are not shards of one `supplysim %s`: %s", first.file, p.file, c0.Command, what)
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return errors.Join(checkShards(parts)...)
}

func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "" || strings.ContainsAny(a, " '\"*[];") {
			out[i] = "'" + a + "'"
		}
	}
	return "`" + strings.Join(out, " ") + "`"
}

// inputsDiffer says how two shards' inputs differ: a file changed between
// the shards, or found in one and not the other.
func inputsDiffer(a, b []reports.PartInput) string {
	if len(a) != len(b) {
		return fmt.Sprintf("they read %d and %d files", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		same := x.Op == y.Op && x.Path == y.Path && bytes.Equal(x.Data, y.Data) && x.Dir == y.Dir && x.Err == y.Err &&
			slices.EqualFunc(x.Files, y.Files, func(f, g reports.PartFile) bool {
				return f.Name == g.Name && f.Err == g.Err && bytes.Equal(f.Data, g.Data)
			})
		if !same {
			return fmt.Sprintf("%s differs between them (changed while the shards ran?): run every shard on the same files", x.Path)
		}
	}
	return ""
}

// runsDiffer says how two shards' runs differ.
func runsDiffer(a, b []reports.PartRun) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d runs and %d", len(a), len(b))
	}
	for k := range a {
		x, y := a[k], b[k]
		if x.Name != y.Name || x.Seed != y.Seed || x.Replications != y.Replications ||
			x.Part.NoSeries != y.Part.NoSeries || x.Part.NoImpact != y.Part.NoImpact {
			return fmt.Sprintf("run %d is %s (seed %d, %d replications) and %s (seed %d, %d replications)",
				k+1, x.Name, x.Seed, x.Replications, y.Name, y.Seed, y.Replications)
		}
	}
	return ""
}
