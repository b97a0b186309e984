package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

const disruptionNetwork = `
[scenario]
name = "n"
horizon = "1y"
recovery_tolerance = 0.05
[[sku]]
id = "item"
[[supplier]]
id = "vendor"
capacity = 100
[[warehouse]]
id = "store"
[[lane]]
from = "vendor"
to = "store"
[[stock]]
at = "store"
sku = "item"
source = "vendor"
policy = { type = "base_stock", S = 20 }
[[demand]]
at = "store"
sku = "item"
rate = 2
max_wait = "3d"
`

func TestDecodeDisruptions(t *testing.T) {
	t.Parallel()
	src := disruptionNetwork + `
[[disruption]]
type = "demand_surge"
sku = "item"
start = "10d"
duration = "2w"
factor = 3
probability = 0.5
[[disruption]]
name = "strike"
type = "lane_closure"
from = "vendor"
to = "store"
start = "20d"
duration = "5d"
in_transit = "hold"
[[disruption]]
type = "equipment_failure"
site = "store"
every = { dist = "exponential", mean = "45d" }
repair = "2d"
receiving = "stop"
[[disruption]]
type = "supplier_delay"
supplier = "vendor"
start = "1d"
duration = "1d"
repeat = "30d"
extra = "1w"
factor = 1.5
[[disruption]]
type = "capacity_loss"
supplier = "vendor"
start = "1d"
duration = "1d"
capacity_share = 0.25
[[disruption]]
type = "demand_surge"
start = "5d"
duration = "1d"
factor = 0.5
`
	m, _, err := Parse("d.toml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, 0.05, m.RecoveryTolerance)
	assert.True(t, m.Demands[0].HasMaxWait)
	assert.Equal(t, dist.Const(3), m.Demands[0].MaxWait)
	require.Len(t, m.Disruptions, 6)
	want := []sim.Disruption{
		{Name: "demand_surge", Type: sim.DemandSurge, SKU: "item", Start: 10, Duration: 14, Probability: 0.5, Factor: 3, Extra: dist.Const(0)},
		{Name: "strike", Type: sim.LaneClosure, From: "vendor", To: "store", Start: 20, Duration: 5, Probability: 1, Factor: 1, Extra: dist.Const(0), Hold: true},
		{Name: "equipment_failure", Type: sim.EquipmentFailure, Site: "store", Random: true, Every: dist.NewExponential(45), Length: dist.Const(2),
			Probability: 1, Factor: 1, Extra: dist.Const(0), StopReceiving: true},
		{Name: "supplier_delay", Type: sim.SupplierDelay, Supplier: "vendor", Start: 1, Duration: 1, Repeat: 30, Probability: 1, Factor: 1.5, Extra: dist.Const(7)},
		{Name: "capacity_loss", Type: sim.CapacityLoss, Supplier: "vendor", Start: 1, Duration: 1, Probability: 1, Factor: 1, Extra: dist.Const(0), Share: 0.25},
		{Name: "demand_surge #2", Type: sim.DemandSurge, Start: 5, Duration: 1, Probability: 1, Factor: 0.5, Extra: dist.Const(0)},
	}
	assert.Equal(t, want, m.Disruptions)
}
