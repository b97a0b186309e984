package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/stats"
)

// The beer game's remedy: with every stage smoothing the shoppers' demand
// (variant shared-demand) the factory's bullwhip ratio falls, on common
// random numbers: the paired difference's whole 95% interval is below
// -0.5 (the lesson shows about -1.06 ± 0.06 over 20 replications).
func TestBeerGameSharedDemandCutsBullwhip(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../scenarios/beer-game.toml")
	require.NoError(t, err)
	b, err := scenario.Load("beer-game.toml", data)
	require.NoError(t, err)
	base, _ := b.Model()
	var shared *sim.Model
	for _, v := range b.Variants() {
		if v.Name == "shared-demand" {
			shared, _, err = b.With(v.Changes)
			require.NoError(t, err)
		}
	}
	require.NotNil(t, shared, "variant shared-demand")
	factory := func(m *sim.Model) []float64 {
		res, err := sim.Run(m, sim.Options{NoImpact: true, NoSeries: true})
		require.NoError(t, err)
		for _, s := range res.Stocks {
			if s.At == "factory" {
				return s.Metric("bullwhip_ratio").Values
			}
		}
		t.Fatal("no factory")
		return nil
	}
	before, after := factory(base), factory(shared)
	diff := make([]float64, len(before))
	for i := range diff {
		diff[i] = after[i] - before[i]
	}
	d := stats.Summarize(diff)
	assert.Less(t, d.Mean+d.CI95, -0.5, "factory bullwhip change %v ± %v", d.Mean, d.CI95)
}
