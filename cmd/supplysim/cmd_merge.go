package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// readPart is one partial result as read, with the file it came from.
type readPart struct {
	file   string
	header reports.PartHeader
	part   *sim.Part
}

// mergeCmd puts the partial results of `run --shard` back together and
// writes the outputs `supplysim run` writes, byte for byte.
func mergeCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("merge", "PART...",
		"Merge the partial results that `supplysim run FILE --shard I/N --json PART` wrote, one per shard,\n"+
			"into the outputs of `supplysim run FILE`: the same bytes. See docs/scale-out.md.", e.stderr)
	var f runFlags
	fs.StringVar(&f.jsonPath, "json", "", "write the results as JSON to `PATH`")
	fs.StringVar(&f.csvDir, "csv", "", "write replications.csv and series.csv into `DIR`")
	fs.StringVar(&f.reportPath, "o", "", "write the HTML report to `PATH` (default: the scenario's name with .html, in the current directory)")
	fs.BoolVar(&f.noReport, "no-report", false, "do not write the HTML report")
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
	h, part, err := reports.ReadPart(r)
	return readPart{file: file, header: h, part: part}, err
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
		if h.Command != "run" {
			add("%s is a shard of `supplysim %s`: merge reads shards of `supplysim run`", p.file, h.Command)
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
	h0 := parts[0].header
	byShard := map[int]string{}
	for _, p := range parts {
		h := p.header
		if other, ok := byShard[h.Shard]; ok {
			errs = append(errs, fmt.Errorf("%s and %s are both shard %d/%d: give each shard once", other, p.file, h.Shard, h.Shards))
			continue
		}
		byShard[h.Shard] = p.file
		if want := sim.ShardReplications(h.Replications, h.Shard, h.Shards); !slices.Equal(p.part.Reps, want) {
			errs = append(errs, fmt.Errorf("%s holds replications %s, not those of shard %d/%d (%s)", p.file, repList(p.part.Reps), h.Shard, h.Shards, repList(want)))
		}
	}
	for i := range h0.Shards {
		if _, ok := byShard[i]; !ok {
			errs = append(errs, fmt.Errorf("shard %d/%d is missing (replications %s): give its part too, or run it with --shard %d/%d",
				i, h0.Shards, repList(sim.ShardReplications(h0.Replications, i, h0.Shards)), i, h0.Shards))
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
