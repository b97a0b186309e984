package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/supplysim/supplysim/sim/scenario"
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
		fmt.Fprintf(e.stdout, "ok  %s: %q, %s, %s%s\n", path, m.Name, count(len(m.Stocks), "stock point"), count(len(m.Demands), "demand stream"), extras(l.base))
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "%d of %d scenario files have problems\n", failed, len(files))
		return errReported
	}
	return nil
}

// extras counts what the file offers beyond the scenario: variants for
// compare, knobs for the playground.
func extras(b *scenario.Base) string {
	var s string
	if n := len(b.Variants()); n > 0 {
		s += ", " + count(n, "variant")
	}
	if n := len(b.Knobs()); n > 0 {
		s += ", " + count(n, "knob")
	}
	return s
}

// count writes "1 knob", "3 knobs".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
