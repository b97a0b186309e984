// Command benchref runs the reference (r,Q) benchmark model (N stores,
// Poisson unit demand 20/day, r = 60, Q = 100, lead time 5 days, horizon
// 365, warm-up 10, initial IP uniform on 61..160) through supplysim's own
// scenario decoder and engine, on one worker, and prints one JSON line in
// the reference harness's protocol.
//
//	go run ./cmd/benchref -n 1000 -seed 1
//	go run ./cmd/benchref -n 1000 -write reference-1000.toml
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

func main() {
	n := flag.Int("n", 1000, "number of independent stores")
	seed := flag.Uint64("seed", 1, "random seed")
	days := flag.Int("days", 365, "horizon in days")
	write := flag.String("write", "", "write the generated scenario file to this path and exit")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "reference:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*n, *seed, *days, *write); err != nil {
		fmt.Fprintln(os.Stderr, "reference:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, days int, write string) error {
	src := Scenario(n, seed, days)
	if write != "" {
		return os.WriteFile(write, []byte(src), 0o644)
	}
	m, _, err := scenario.Parse("reference.toml", []byte(src))
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := sim.Run(m, sim.Options{Workers: 1, NoSeries: true})
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	var demanded, filled float64
	for _, s := range res.Stocks {
		d := s.Metric("demand_per_day").Mean
		demanded += d
		filled += d * s.Metric("fill_rate").Mean
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]any{
		"engine": "supplysim", "n": n, "seed": seed,
		"events": res.KernelEvents, "kernel_events": res.KernelEvents,
		"fill_rate": filled / demanded, "sim_seconds": secs,
		"events_per_sec": float64(res.KernelEvents) / secs,
	})
}

// Scenario returns the reference model for n stores over days as a scenario file.
func Scenario(n int, seed uint64, days int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# The reference (r,Q) benchmark model with %d independent stores.
[scenario]
name = "reference (r,Q) benchmark, %d stores"
horizon = %d
warmup = 10
replications = 1
seed = %d

[[sku]]
id = "item"

[[supplier]]
id = "vendor"
lead_time = "5d"
`, n, n, days, seed)
	for i := range n {
		id := fmt.Sprintf("store-%04d", i)
		fmt.Fprintf(&b, `
[[warehouse]]
id = %[1]q
[[lane]]
from = "vendor"
to = %[1]q
[[stock]]
at = %[1]q
sku = "item"
source = "vendor"
initial = { dist = "discrete_uniform", min = 61, max = 160 }
policy = { type = "rQ", r = 60, Q = 100 }
[[demand]]
at = %[1]q
sku = "item"
rate = 20
`, id)
	}
	return b.String()
}
