package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

// allocationFile is a DC replenishing two stores; extra is put in the DC's
// [[stock]] and demand in its [[demand]].
func allocationFile(extra, demand string) string {
	return `[scenario]
name = "allocation"
horizon = "30d"
[[sku]]
id = "x"
[[supplier]]
id = "v"
[[warehouse]]
id = "dc"
[[warehouse]]
id = "store-a"
[[warehouse]]
id = "store-b"
[[lane]]
from = "v"
to = "dc"
[[lane]]
from = "dc"
to = "store-a"
[[lane]]
from = "dc"
to = "store-b"
[[stock]]
at = "dc"
sku = "x"
source = "v"
policy = { type = "base_stock", S = 10 }
` + extra + `
[[stock]]
at = "store-a"
sku = "x"
source = "dc"
priority = 2
policy = { type = "base_stock", S = 5 }
[[stock]]
at = "store-b"
sku = "x"
source = "dc"
policy = { type = "base_stock", S = 5 }
[[demand]]
at = "dc"
sku = "x"
rate = 1
` + demand + "\n"
}

func TestAllocationKeys(t *testing.T) {
	t.Parallel()
	m, _, err := Parse("a.toml", []byte(allocationFile(`allocation = "shares"
allocation_shares = { store-b = 1, store-a = 3 }`, "priority = 1")))
	require.NoError(t, err)
	assert.Equal(t, sim.AllocShares, m.Stocks[0].Allocation.Rule)
	assert.Equal(t, []sim.Share{{Site: "store-a", Weight: 3}, {Site: "store-b", Weight: 1}}, m.Stocks[0].Allocation.Shares)
	assert.Equal(t, 2, m.Stocks[1].Allocation.Priority)
	assert.Equal(t, 0, m.Stocks[2].Allocation.Priority)
	assert.Equal(t, 1, m.Demands[0].Priority)

	m, _, err = Parse("a.toml", []byte(allocationFile(`allocation = "priority"`, "")))
	require.NoError(t, err)
	assert.Equal(t, sim.AllocPriority, m.Stocks[0].Allocation.Rule)
}

func TestAllocationErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ extra, demand, want string }{
		{`allocation = "fifo"`, "", `a.toml:28:1: allocation: must be "fcfs", "priority" or "shares", got "fifo"`},
		{`allocation = "shares"`, "", `allocation: allocation = "shares" needs allocation_shares`},
		{`allocation_shares = { store-a = 1, store-b = 1 }`, "", `allocation_shares: allocation_shares apply only with allocation = "shares"`},
		{"allocation = \"shares\"\nallocation_shares = { store-a = 1 }", "", `allocation_shares: no share for store-b, which is replenished from dc/x; hint: add store-b = 0.5`},
		{"allocation = \"shares\"\nallocation_shares = { store-a = 1, store-c = 1 }", "", `allocation_shares: "store-c" is not a site replenished from dc/x; hint: did you mean "store-a"`},
		{"allocation = \"shares\"\nallocation_shares = { store-a = 1, store-b = 0 }", "", `allocation_shares.store-b: must be greater than 0, got 0`},
		{"allocation = \"shares\"\nallocation_shares = {}", "", `allocation_shares: must not be empty`},
		{"", "priority = 0", `priority: must be a whole number from 1 to 1000, got 0`},
		{"", "priority = 1.5", `priority`},
	} {
		_, _, err := Parse("a.toml", []byte(allocationFile(c.extra, c.demand)))
		require.Error(t, err, c.want)
		assert.Contains(t, err.Error(), c.want)
		assert.Equal(t, 1, strings.Count(err.Error(), "\n")+1, "one error for %q: %v", c.extra+c.demand, err)
	}
}
