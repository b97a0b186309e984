package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
)

func validateCmd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("validate", "FILE...", "Check scenario files and report every problem in each, with file:line:col.", e.stderr)
	var sets setFlag
	fs.Var(&sets, "set", setUsage+"; applied to every file")
	files, err := parseArgs(fs, args)
	if err == flag.ErrHelp {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"validate needs at least one scenario file"}
	}
	failed := 0
	for _, path := range files {
		l, err := loadScenario(e, path, sets)
		if err != nil {
			if !errors.Is(err, errReported) {
				fmt.Fprintf(e.stderr, "supplysim: %v\n", err)
			}
			failed++
			continue
		}
		m := l.model
		fmt.Fprintf(e.stdout, "ok  %s: %q, %d stock points, %d demand streams\n", path, m.Name, len(m.Stocks), len(m.Demands))
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "%d of %d scenario files have problems\n", failed, len(files))
		return errReported
	}
	return nil
}
