// Package engine is the playground's engine: it runs a lesson with its
// knobs turned and hands back the key results with their intervals, the
// daily series the charts draw, and the paired difference from the
// previous run.
//
// It does no I/O: the playground's server (reports/playground) and its
// WebAssembly build (cmd/playground-wasm) both call Run and Validate, so
// a lesson gives the same numbers in a served page, in a static site and
// on the command line. Requests and responses are plain JSON values.
package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// Request is one run of a lesson.
type Request struct {
	File string `json:"file"` // the lesson's file name, for messages
	Text string `json:"text"` // the scenario, as the editor holds it
	// Knobs sets knobs by name; a knob not given stays at its start.
	Knobs map[string]any `json:"knobs,omitempty"`
	// Seed and Replications replace the file's when set.
	Seed         *uint64 `json:"seed,string,omitempty"`
	Replications int     `json:"replications,omitempty"`
	// Previous is the Pairing of the previous run, handed back by the
	// page, for the paired difference.
	Previous *Pairing `json:"previous,omitempty"`
	// Files holds the files the scenario names (a sales history), by
	// name, when the caller has no Limits.ReadFile (the static site).
	Files map[string]string `json:"files,omitempty"`
}

// Limits is what the caller allows a run.
type Limits struct {
	Budget          sim.Budget // events and memory, as on the command line
	MaxReplications int        // 0: sim.MaxReplications
	Workers         int        // 0: one per core
	// ReadFile reads a file the scenario names; nil reads Request.Files.
	ReadFile func(name string) ([]byte, error)
	// Progress, when set, is told of each replication done.
	Progress func(done, total int)
}

// Response is a run's results, or the reasons there are none.
type Response struct {
	File         string    `json:"file"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Seed         uint64    `json:"seed,string"`
	Replications int       `json:"replications"`
	HorizonDays  float64   `json:"horizon_days"`
	WarmupDays   float64   `json:"warmup_days"`
	Settings     []Setting `json:"settings"` // every knob, at its value in this run
	Network      []KPI     `json:"network"`  // network-wide key results
	Stocks       []Stock   `json:"stocks"`   // per stock point, in file order (at most maxStocks)
	MoreStocks   int       `json:"more_stocks,omitempty"`
	Events       int64     `json:"events"`
	// Paired says whether the changes are paired differences from the
	// previous run; Note says why not when there was one.
	Paired bool   `json:"paired"`
	Note   string `json:"note,omitempty"`
	// Changed says what changed since the previous run ("Order-up-to
	// level S 12 → 17"), Effects what that did to the network's key
	// results beyond noise ("fill rate rose by 27.3 points ± 2.6").
	Changed string   `json:"changed,omitempty"`
	Effects []string `json:"effects,omitempty"`
	Pairing Pairing  `json:"pairing"` // to send back as the next Request.Previous
	// Problems are the scenario's or the knobs' errors; Error is why the
	// run failed otherwise (budget, cancelled). Either means no results.
	Problems []Problem `json:"problems,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// Setting is a knob's value in a run.
type Setting struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Value any    `json:"value"`
	Text  string `json:"text"` // the value as a person reads it
}

// Pairing is what a run keeps for the next one: its identity and each key
// result's per-replication values.
type Pairing struct {
	File         string           `json:"file"`
	Seed         uint64           `json:"seed,string"`
	Replications int              `json:"replications"`
	Settings     []Setting        `json:"settings"`
	Values       map[string][]Num `json:"values"` // KPI id -> one value per replication
}

// maxStocks bounds the stock points a response details: lessons are
// small networks; a generated one would swamp the page.
const maxStocks = 12

// Run runs a lesson with its knobs set. Scenario and knob errors come back
// in Response.Problems, a failed run in Response.Error; the error return
// is for a cancelled context only (ctx.Err()).
func Run(ctx context.Context, req Request, lim Limits) (resp Response, err error) {
	defer func() {
		if r := recover(); r != nil { // a bug must not take the server or the page down
			resp, err = Response{File: req.File, Error: fmt.Sprintf("internal error: %v", r)}, nil
		}
	}()
	resp = Response{File: req.File}
	b, err := scenario.LoadWith(req.File, []byte(req.Text), scenario.Options{ReadFile: reader(req, lim)})
	if err != nil {
		resp.Problems = problems(req.File, err)
		return resp, nil
	}
	m, settings, probs := turn(b, req.File, req.Knobs)
	if len(probs) > 0 {
		resp.Problems = probs
		return resp, nil
	}
	run := *m // the model is the Base's: change a copy
	if req.Seed != nil {
		run.Seed = *req.Seed
	}
	if req.Replications != 0 {
		run.Replications = req.Replications
	}
	if most := cmp(lim.MaxReplications, sim.MaxReplications); run.Replications < 2 || run.Replications > most {
		resp.Problems = []Problem{{File: req.File, Msg: fmt.Sprintf("replications must be 2 to %d, got %d", most, run.Replications),
			Text: fmt.Sprintf("replications must be 2 to %d (intervals need two), got %d", most, run.Replications)}}
		return resp, nil
	}
	opt := sim.Options{Context: ctx, Budget: lim.Budget, Workers: lim.Workers, NoImpact: true}
	if lim.Progress != nil {
		opt.Progress = func(done int) { lim.Progress(done, run.Replications) }
	}
	res, err := sim.Run(&run, opt)
	switch {
	case ctx.Err() != nil:
		return resp, ctx.Err()
	case err != nil:
		resp.Error = runError(err)
		return resp, nil
	}
	return results(req, res, settings), nil
}

func cmp(x, def int) int {
	if x <= 0 {
		return def
	}
	return x
}

// runError says what went wrong and what to do about it.
func runError(err error) string {
	var be *sim.BudgetError
	if errors.As(err, &be) {
		return err.Error() + "; hint: run fewer replications, or turn the knobs that make the run longer back"
	}
	return err.Error()
}

// reader reads the files a scenario names: through the caller, or from
// the request.
func reader(req Request, lim Limits) func(string) ([]byte, error) {
	if lim.ReadFile != nil {
		return lim.ReadFile
	}
	return func(name string) ([]byte, error) {
		s, ok := req.Files[name]
		if !ok {
			return nil, fmt.Errorf("%s is not among the lesson's files", name)
		}
		return []byte(s), nil
	}
}

// turn sets the knobs: the model with every knob set that moved from its
// start, and each knob's setting.
func turn(b *scenario.Base, file string, values map[string]any) (*sim.Model, []Setting, []Problem) {
	knobs := b.Knobs()
	var changes []keypath.Change
	var probs []Problem
	settings := make([]Setting, 0, len(knobs))
	for _, k := range knobs {
		v := k.Start
		if raw, ok := values[k.Name]; ok {
			x, err := k.Position(raw)
			if err != nil {
				probs = append(probs, Problem{Line: k.Line, Col: k.Column, Msg: err.Error(), Text: err.Error()})
				continue
			}
			v = x
		}
		if fmt.Sprint(v) != fmt.Sprint(k.Start) {
			changes = append(changes, k.Change(v))
		}
		settings = append(settings, Setting{Name: k.Name, Label: k.Label, Value: v, Text: scenario.ValueLabel(v)})
	}
	for name := range values {
		if !slices.ContainsFunc(knobs, func(k scenario.Knob) bool { return k.Name == name }) {
			msg := fmt.Sprintf("there is no knob %q in this scenario", name)
			probs = append(probs, Problem{Msg: msg, Text: msg})
		}
	}
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b Problem) int { return strings.Compare(a.Msg, b.Msg) })
		return nil, nil, probs
	}
	if len(changes) == 0 {
		m, _ := b.Model()
		return m, settings, nil
	}
	m, _, err := b.With(changes)
	if err != nil {
		return nil, nil, problems(file, err)
	}
	return m, settings, nil
}
