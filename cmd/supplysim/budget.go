package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// budgetFlags are --max-events and --max-memory: the budget that run,
// check, compare and sweep hold each command's simulations to.
type budgetFlags struct {
	maxEvents countFlag
	maxMemory sizeFlag
}

func (b *budgetFlags) register(fs *flag.FlagSet) {
	def := sim.DefaultBudget()
	b.maxEvents, b.maxMemory = countFlag(def.MaxEvents), sizeFlag(def.MaxBytes)
	fs.Var(&b.maxEvents, "max-events", "refuse a run estimated at more than `N` events, and stop one that executes more (such as 5e9; 0: no limit)")
	fs.Var(&b.maxMemory, "max-memory", "refuse a run estimated to hold more than `SIZE` of memory (such as 8GiB; 0: no limit)")
}

func (b budgetFlags) budget() sim.Budget {
	return sim.Budget{MaxEvents: int64(b.maxEvents), MaxBytes: int64(b.maxMemory)}
}

// checkBudget refuses, before anything runs, simulations whose estimates
// add up to more than the budget.
func checkBudget(b sim.Budget, est sim.Estimate) error {
	return budgetHint(b.Check(est))
}

// budgetHint adds to a budget error what the user can do about it.
func budgetHint(err error) error {
	var be *sim.BudgetError
	switch {
	case !errors.As(err, &be):
		return err
	case be.During:
		return fmt.Errorf("%w; hint: the estimate was too low; if you mean the run, raise the budget with --max-events N (0: no limit)", err)
	case be.Events():
		return fmt.Errorf("%w; hint: shorten the horizon, lower the arrival rates or run fewer replications; if you mean the run, raise the budget with --max-events N (0: no limit)", err)
	}
	return fmt.Errorf("%w; hint: run fewer replications at once (--workers) or fewer in all; if you mean the run, raise the budget with --max-memory SIZE (0: no limit)", err)
}

// spending is a budget shared by several runs, one after another: the
// rounds of --precision and, in each, every variant or setting.
type spending struct {
	budget sim.Budget
	used   int64 // events executed so far
}

// left returns the budget the next run has.
func (s *spending) left() sim.Budget {
	b := s.budget
	if b.MaxEvents > 0 {
		b.MaxEvents = max(1, b.MaxEvents-s.used)
	}
	return b
}

// checkReps refuses a --reps above what a scenario file may ask for.
func checkReps(flag string, reps int) error {
	if reps > sim.MaxReplications {
		return usageError{fmt.Sprintf("%s must be at most %d, got %d", flag, sim.MaxReplications, reps)}
	}
	return nil
}

// countFlag is a count of events: a whole number, which may be written
// 2e9 or 2000000000.
type countFlag int64

func (c *countFlag) String() string { return strconv.FormatInt(int64(*c), 10) }

func (c *countFlag) Set(s string) error {
	x, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil || x < 0 || x != math.Trunc(x) || x >= math.MaxInt64 {
		return errors.New("want a whole number of events, at least 0, such as 5e9")
	}
	*c = countFlag(x)
	return nil
}

// sizeFlag is a size in bytes, written with a unit: 512MiB, 8GiB, 1TiB
// (or KiB, or B; the SI forms MB, GB, TB are accepted as their binary twins).
type sizeFlag int64

func (z *sizeFlag) String() string { return sim.FormatBytes(int64(*z)) }

func (z *sizeFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	num := strings.TrimRight(t, "KMGTPiBkmgtpib")
	unit := strings.ToUpper(strings.TrimSpace(t[len(num):]))
	scale := map[string]float64{"": 1, "B": 1, "KB": 1 << 10, "KIB": 1 << 10, "MB": 1 << 20, "MIB": 1 << 20,
		"GB": 1 << 30, "GIB": 1 << 30, "TB": 1 << 40, "TIB": 1 << 40}[unit]
	x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || scale == 0 || x < 0 || math.IsInf(x, 0) || x*scale >= math.MaxInt64 {
		return errors.New("want a size such as 512MiB or 8GiB, or 0")
	}
	*z = sizeFlag(x * scale)
	return nil
}
