package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// loaded is a scenario file read, decoded and validated, with the
// command line's --set changes made.
type loaded struct {
	model *sim.Model
	deriv []sim.Derivation
	meta  sim.Meta
	base  *scenario.Base // the file as written, for variants of it
	data  []byte         // the file's bytes, and those of the files it names
	// source is the file's bytes alone and named the files it names, as
	// read: what a shard's part carries so that merge needs no other input.
	source []byte
	named  []namedFile
}

// maxScenarioBytes bounds what loadScenario reads: the largest network
// anyone writes by hand or generates is a few megabytes, and a file that
// never ends (/dev/zero, a pipe) must not be read forever.
const maxScenarioBytes = 64 << 20

// loadScenario reads and validates a scenario file and makes the changes.
// Scenario problems are printed to stderr, all of them, and reported as
// errReported.
func loadScenario(e *env, path string, changes []keypath.Change) (*loaded, error) {
	data, err := readScenario(e, path)
	if err != nil {
		return nil, err
	}
	files := e.scenarioFiles(path)
	l, err := loadFrom(e, path, data, files, changes)
	e.shard.recordFiles(path, files)
	return l, err
}

// loadFrom decodes and validates a scenario's bytes, reading the files it
// names through files, and makes the changes.
func loadFrom(e *env, path string, data []byte, files *scenarioFiles, changes []keypath.Change) (*loaded, error) {
	restore := tightenGC()
	b, err := scenario.LoadWith(path, data, scenario.Options{ReadFile: files.ReadFile})
	restore()
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, reported{"", err}
	}
	l := &loaded{base: b, source: data, named: files.read}
	l.data = files.covered(data) // so that the hash covers the history files
	l.meta = scenarioMeta(path, l.data, changes)
	l.model, l.deriv = b.Model()
	if len(changes) > 0 {
		if l.model, l.deriv, err = b.With(changes); err != nil {
			fmt.Fprintln(e.stderr, err)
			return nil, reported{"", err}
		}
	}
	return l, nil
}

// readScenario reads a scenario file of at most maxScenarioBytes.
func readScenario(e *env, path string) ([]byte, error) {
	data, err := e.readInput(path, maxScenarioBytes)
	if err != nil {
		return nil, fmt.Errorf("cannot read scenario %s: %w", path, unwrapPath(err))
	}
	if len(data) > maxScenarioBytes {
		return nil, fmt.Errorf("scenario %s is larger than %d MiB: a scenario file is a small text file; hint: split the network, or check that %s is the file you meant",
			path, maxScenarioBytes>>20, path)
	}
	return data, nil
}

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return inner
	}
	return err
}

// scenarioMeta identifies a scenario in outputs. With changes, the file
// names them after the path, as on the command line, and the hash covers
// the file and the changes: a run with --set is not the file's run (check
// --baseline then pairs replications instead of demanding identical ones).
func scenarioMeta(path string, data []byte, changes []keypath.Change) sim.Meta {
	h := sha256.New()
	h.Write(data)
	file := path
	for _, c := range changes {
		fmt.Fprintf(h, "\x00%s", c.Text)
		file += " " + c.Label()
	}
	return sim.Meta{Version: Version, File: file, SHA256: hex.EncodeToString(h.Sum(nil))}
}

// setFlag collects repeated --set PATH=VALUE flags.
type setFlag []keypath.Change

func (s *setFlag) String() string {
	parts := make([]string, len(*s))
	for i, c := range *s {
		parts[i] = c.Text
	}
	return strings.Join(parts, " ")
}

func (s *setFlag) Set(text string) error {
	c, err := keypath.ParseChange(text)
	if err != nil {
		return err
	}
	c.Origin = "--set '" + c.Text + "'"
	*s = append(*s, c)
	return nil
}

const setUsage = "change the scenario: `PATH=VALUE` such as 'stock[store-*].policy.S=40' (an empty VALUE removes the key); repeatable; see docs/compare.md"

// loadGC holds the garbage collector tighter while scenarios decode: the
// TOML parse of a large network is the peak of a run's memory (a 10,000-store
// file holds about 64 MB at once), and at the default GOGC the heap may grow
// to twice that before a collection. Halving the headroom costs a few
// percent of the load's CPU time. Nested or concurrent loads share one
// setting; a GOGC in the environment is left alone.
var loadGC struct {
	sync.Mutex
	loads, prev int
}

const loadGCPercent = 50

func tightenGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	loadGC.Lock()
	if loadGC.loads == 0 {
		loadGC.prev = debug.SetGCPercent(loadGCPercent)
	}
	loadGC.loads++
	loadGC.Unlock()
	return func() {
		loadGC.Lock()
		if loadGC.loads--; loadGC.loads == 0 {
			debug.SetGCPercent(loadGC.prev)
		}
		loadGC.Unlock()
	}
}
