package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/supplysim/supplysim/sim/scenario"
)

// newFlagSet returns a flag set that reports errors instead of exiting.
// Its usage ends with the command's examples.
func newFlagSet(name, args, summary string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: supplysim %s [flags] %s\n\n%s\n", name, args, summary)
		if hasFlags(fs) {
			fmt.Fprint(out, "\nflags:\n")
			fs.PrintDefaults()
		}
		if ex := examples[name]; ex != "" {
			fmt.Fprintf(out, "\nexamples:\n%s", ex)
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// examples are what each command's -h ends with.
var examples = map[string]string{
	"run": `  supplysim run scenarios/single-store.toml                 # table, and single-store.html
  supplysim run scenarios/two-echelon.toml --reps 50 --seed 3 --json out.json --csv out/
  supplysim run scenarios/port-closure.toml --trace trace.csv --rep 3
  supplysim run scenarios/two-echelon.toml --set 'stock[store-*].policy.S=40' -o s40.html
  supplysim run big.toml --json - --no-report | jq '.stock[0].fill_rate.mean'
  supplysim run big.toml --reps 1000 --shard 3/8 --json part-3.json   # then supplysim merge
`,
	"merge": `  supplysim merge part-*.json --json out.json --csv out/ -o report.html
  supplysim merge parts/*.json.gz --no-report --json -
  supplysim merge check-part-*.json --junit check.xml --json check.json    # exits as check would
`,
	"validate": `  supplysim validate scenarios/*.toml
`,
	"check": `  supplysim check scenarios/*.toml --junit check.xml --json check.json
  supplysim check scenarios/*.toml --baseline baselines/ --update-baseline     # write baselines once
  supplysim check scenarios/*.toml --baseline baselines/ --regressions-only    # fail on changes for the worse only
  supplysim check one.toml --baseline one.json --tolerance fill_rate=0.005 --tolerance avg_on_hand=10%
  supplysim check scenarios/*.toml --reps 400 --shard 2/8 --json part-2.json  # then supplysim merge
`,
	"compare": `  supplysim compare scenarios/safety-stock-comparison.toml          # the file's [[variant]]s
  supplysim compare scenarios/two-echelon.toml --variant 'more:stock[store-*].policy.S=40'
  supplysim compare before.toml after.toml --metrics fill_rate,cost_total -o compare.html
  supplysim compare scenarios/safety-stock-comparison.toml --reps 800 --shard 0/8 --json part-0.json
`,
	"sweep": `  supplysim sweep scenarios/single-store.toml --param 'stock[shop].policy.S' --values 8:16:1 --target 'fill_rate>=0.9'
  supplysim sweep scenarios/single-store.toml --param 'stock[shop].policy.S' --values 8,10,12 --json sweep.json
  supplysim sweep big.toml --reps 500 --param 'stock[store-*].policy.S' --values 20:60:5 --shard auto/16 --json part.json.gz
`,
	"version": `  supplysim version
`,
	"serve": `  supplysim serve                              # the lessons of scenarios/ at http://127.0.0.1:8080/
  supplysim serve my-lessons --port 0          # any free port
  supplysim serve --public --max-reps 50       # for a classroom: other machines too
`,
	"playground": `  supplysim playground --out site              # then open site/index.html, or copy site/ to a web host
  supplysim playground --out site my-lessons
`,
}

// parseArgs parses flags that may come before or after the positional
// arguments (`run FILE --reps 50` as well as `run --reps 50 FILE`). A bad
// flag is one usage error, said once, with the nearest flag when there is
// one; -h prints the usage.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard) // the error is returned, and printed once by the caller
	fs.Usage = func() {}
	defer func() { fs.SetOutput(out); fs.Usage = usage }()
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				usage()
				return nil, err
			}
			return nil, usageError{flagError(fs, err)}
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil // after --, nothing is a flag
		}
		args = rest
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// flagError is the message for a bad flag: for an unknown one, the
// nearest known flag, and where to find them all.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	const unknown = "flag provided but not defined: -"
	if !strings.HasPrefix(msg, unknown) {
		return fmt.Sprintf("%s %s (see supplysim %s -h)", fs.Name(), msg, fs.Name())
	}
	name := strings.TrimPrefix(msg, unknown)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	hint := fmt.Sprintf("see supplysim %s -h", fs.Name())
	if c, ok := scenario.Closest(name, names); ok {
		hint = fmt.Sprintf("did you mean --%s? %s", c, hint)
	}
	return fmt.Sprintf("%s: unknown flag --%s; %s", fs.Name(), name, hint)
}

// flagWasSet reports whether the named flag was given on the command line.
func flagWasSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
