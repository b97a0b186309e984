// Command supplysim runs supply-chain scenarios: `supplysim run`,
// `validate`, `check`, `compare`, `sweep` and `version`. See `supplysim help`.
//
// It only wires the parts together: flags, subcommands, reading files,
// signals and exit codes. The model and its judging live under sim/, every
// output under reports/.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Version is the program version, written into every output.
const Version = "0.1.0"

// Exit codes.
const (
	exitOK       = 0
	exitError    = 1 // bad scenario, I/O
	exitUsage    = 2 // bad command line
	exitExpected = 3 // expectations failed
)

// env is what a command may touch of the outside world. Commands print
// text on stdout and stderr; data files asked for on standard output
// (--json -) go to data, and progress lines to progress, unchanged.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stderrIsTerm   bool
	// stdoutWidth and stderrWidth are the terminal widths in columns that
	// tables fit, 0 for a pipe or a file (tables keep their natural width).
	stdoutWidth, stderrWidth int
	data                     io.Writer // standard output for data; stdout when nil
	progress                 io.Writer // stderr for progress lines; stderr when nil
	// getenv reads the environment (the shard of a batch job); nil reads
	// an empty one.
	getenv func(string) string
	// shard, when not nil, makes a command a shard of itself or the merge
	// of its shards (sharding.go).
	shard *sharding
}

// withPlainText returns e with its text outputs made safe for a terminal.
func (e *env) withPlainText() *env {
	safe := *e
	if safe.data == nil {
		safe.data = e.stdout
	}
	if safe.progress == nil {
		safe.progress = e.stderr
	}
	safe.stdout, safe.stderr = plainText{e.stdout, e.stdoutWidth}, plainText{e.stderr, e.stderrWidth}
	return &safe
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"run", "FILE", "simulate a scenario and print its KPIs", runCmd},
		{"validate", "FILE...", "check scenario files and report every problem", validateCmd},
		{"check", "FILE...", "run scenarios and judge their expectations; exit 3 on failure", checkCmd},
		{"compare", "FILE...", "run variants on common random numbers and test their differences", compareCmd},
		{"sweep", "FILE", "run a grid of parameter values: cost against fill rate, the frontier", sweepCmd},
		{"serve", "[DIR]", "serve the lessons of DIR (default scenarios) with their knobs, in a web page", serveCmd},
		{"playground", "--out DIR", "write the lessons' playground as a static site that runs in the browser", playgroundCmd},
		{"merge", "PART...", "merge the partial results of `--shard` runs into the one-machine outputs", mergeCmd},
		{"version", "", "print the program version", versionCmd},
	}
}

func main() {
	// SIGTERM is what CI runners and timeout send: stop as for Ctrl-C,
	// removing temporary files. A second signal ends the program at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stderrIsTerm: isTerminal(os.Stderr),
		stdoutWidth: termWidth(os.Stdout, os.Getenv("COLUMNS")), stderrWidth: termWidth(os.Stderr, os.Getenv("COLUMNS")),
		getenv: os.Getenv}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into an exit code.
func run(ctx context.Context, e *env, args []string) int {
	e = e.withPlainText()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return exitCode(e, c.run(ctx, e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "supplysim: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return exitUsage
}

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// failedError means the run worked but expectations failed: exit status 3.
type failedError struct{ msg string }

func (f failedError) Error() string { return f.msg }

// reportedError has already been printed in full (a scenario's error list).
var errReported = errors.New("reported")

func exitCode(e *env, err error) int {
	var u usageError
	var f failedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errReported):
		return exitError
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(e.stderr, "supplysim: interrupted: no output written")
		return exitError
	case errors.As(err, &u):
		fmt.Fprintf(e.stderr, "supplysim: %s\n", u.msg)
		return exitUsage
	case errors.As(err, &f):
		if f.msg != "" {
			fmt.Fprintf(e.stderr, "supplysim: %s\n", f.msg)
		}
		return exitExpected
	default:
		fmt.Fprintf(e.stderr, "supplysim: %v\n", err)
		return exitError
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "supplysim: discrete-event simulation of supply chains from scenario files")
	fmt.Fprintln(w, "\nusage: supplysim COMMAND [flags] ARGS")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %-10s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\n`supplysim COMMAND -h` lists a command's flags. Exit status: 0 ok, 1 error, 2 usage, 3 expectations failed.")
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
