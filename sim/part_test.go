package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
)

func TestShardReplications(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []int{1, 4, 7}, sim.ShardReplications(8, 1, 3))
	assert.Equal(t, []int{0, 1, 2}, sim.ShardReplications(3, 0, 1))
	assert.Empty(t, sim.ShardReplications(3, 4, 5))
}

// Merge takes every replication once and refuses anything else.
func TestMergeRefusesIncompleteParts(t *testing.T) {
	t.Parallel()
	b, err := scenario.Load("shop.toml", []byte(`
[scenario]
name = "shop"
horizon = "60d"
replications = 4
[[sku]]
id = "k"
unit_cost = 1
[[supplier]]
id = "mill"
lead_time = "3d"
[[warehouse]]
id = "shop"
[[lane]]
from = "mill"
to = "shop"
transit = 0
[[stock]]
at = "shop"
sku = "k"
source = "mill"
policy = { type = "base_stock", S = 5 }
[[demand]]
at = "shop"
sku = "k"
rate = 1
`))
	require.NoError(t, err)
	m, _ := b.Model()
	run := func(opt sim.Options, reps ...int) *sim.Part {
		p, err := sim.RunPart(m, opt, reps)
		require.NoError(t, err)
		return p
	}
	even, odd := run(sim.Options{}, 0, 2), run(sim.Options{}, 1, 3)
	_, err = sim.Merge(m, []*sim.Part{even, odd})
	require.NoError(t, err)

	_, err = sim.Merge(m, []*sim.Part{even})
	assert.ErrorContains(t, err, "replications missing from the parts: 1, 3")
	_, err = sim.Merge(m, []*sim.Part{even, odd, run(sim.Options{}, 3)})
	assert.ErrorContains(t, err, "replication 3 is in more than one part")
	_, err = sim.Merge(m, []*sim.Part{even, run(sim.Options{NoSeries: true}, 1, 3)})
	assert.ErrorContains(t, err, "other options")
	broken := run(sim.Options{}, 1, 3)
	broken.Results[1].KPIs = broken.Results[1].KPIs[:0]
	_, err = sim.Merge(m, []*sim.Part{even, broken})
	assert.ErrorContains(t, err, "part 1, replication 3: kpis: 0 entries, the model has 1")
	_, err = sim.RunPart(m, sim.Options{}, []int{2, 1})
	assert.ErrorContains(t, err, "ascending")
	_, err = sim.RunPart(m, sim.Options{}, []int{4})
	assert.ErrorContains(t, err, "the run has replications 0 to 3")
}
