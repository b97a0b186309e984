package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/reports/playground"
)

func playgroundCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("playground", "--out DIR [LESSONS_DIR]", "Write the playground as a static site: the lessons of LESSONS_DIR (default scenarios),\nthe page, and the simulator as WebAssembly, which runs in the browser. Copy DIR to any web host\nor file share; no server code runs.", e.stderr)
	out := fs.String("out", "", "write the site into `DIR` (made if missing; files of the same names are replaced)")
	maxReps := fs.Int("max-reps", defaultPlaygroundReps, "the most replications the page offers: `N`")
	rest, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if *out == "" {
		return usageError{"playground needs --out DIR"}
	}
	dir := "scenarios"
	switch len(rest) {
	case 0:
	case 1:
		dir = rest[0]
	default:
		return usageError{"playground takes one lessons directory"}
	}
	if err := checkReps("--max-reps", *maxReps); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("cannot open the lessons' directory %s: %w", dir, unwrapPath(err))
	}
	defer root.Close()
	site, err := playground.StaticSite(root.FS(), Version, *maxReps)
	if err != nil {
		return err
	}
	return writeSite(ctx, e, *out, site)
}

// writeSite writes every file of the site, or none.
func writeSite(ctx context.Context, e *env, out string, site []playground.File) error {
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Errorf("--out %s is a file; give a directory", out)
	}
	files := reports.NewFiles(ctx, e.stdout)
	defer files.Abort()
	for _, f := range site {
		path := filepath.Join(out, filepath.FromSlash(f.Name))
		if err := files.MkdirAll(filepath.Dir(path)); err != nil {
			return err
		}
		data := f.Data
		if err := files.Write(path, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
	}
	if err := files.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote the playground to %s (%d files): open %s, or copy the directory to a web host or file share\n",
		out, len(site), filepath.Join(out, "index.html"))
	return nil
}
