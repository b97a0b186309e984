package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/supplysim/supplysim/output"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

// loaded is a scenario file read, decoded and validated.
type loaded struct {
	model *sim.Model
	deriv []sim.Derivation
	meta  output.Meta
}

// loadScenario reads and validates a scenario file. Scenario problems are
// printed to stderr, all of them, and reported as errReported.
func loadScenario(e *env, path string) (*loaded, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read scenario %s: %w", path, errors.Unwrap(err))
	}
	m, deriv, err := scenario.Parse(path, data)
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return nil, errReported
	}
	sum := sha256.Sum256(data)
	return &loaded{model: m, deriv: deriv, meta: output.Meta{Version: Version, File: path, SHA256: hex.EncodeToString(sum[:])}}, nil
}
