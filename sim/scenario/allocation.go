package scenario

import (
	"fmt"
	"slices"
	"sort"

	"github.com/supplysim/supplysim/sim"
)

// maxPriority bounds a priority class: classes are ranks, not quantities.
const maxPriority = 1000

// allocation decodes a stock point's allocation, allocation_shares and priority.
func (t *table) allocation() sim.Allocation {
	var a sim.Allocation
	names := sim.AllocationRuleNames()
	rule := t.choice("allocation", names...)
	a.Rule, _ = sim.ParseAllocationRule(rule)
	a.Priority = t.priority()
	if st, ok := t.sub("allocation_shares", "store-a = 0.6, store-b = 0.4"); ok {
		a.Shares = st.allocationShares()
		if len(st.vals) == 0 {
			t.errorf("allocation_shares", "a weight per downstream site, such as { store-a = 0.6, store-b = 0.4 }", "must not be empty")
		}
		if len(st.bad) > 0 {
			t.bad["allocation_shares"] = true
		}
		if a.Rule != sim.AllocShares && !t.bad["allocation"] {
			t.errorf("allocation_shares", `add allocation = "shares"`, "allocation_shares apply only with allocation = \"shares\"")
		}
	}
	if a.Rule == sim.AllocShares && !t.has("allocation_shares") {
		t.errorf("allocation", "add allocation_shares = { store-a = 0.6, store-b = 0.4 }, one per downstream site",
			"allocation = \"shares\" needs allocation_shares")
	}
	return a
}

// priority reads a priority class: a whole number from 1 (served first)
// to maxPriority; 0 when not given (unranked, served last).
func (t *table) priority() int {
	n, ok := t.integer("priority")
	if !ok {
		return 0
	}
	if n < 1 || n > maxPriority {
		t.errorf("priority", "1 is served first, 2 next, ...; requests without a priority come last",
			"must be a whole number from 1 to %d, got %d", maxPriority, n)
		return 0
	}
	return int(n)
}

// allocationShares reads the weights of the downstream sites, in the order
// of their names (the engine divides in the order of the stock points).
func (st *table) allocationShares() []sim.Share {
	keys := make([]string, 0, len(st.vals))
	for k := range st.vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []sim.Share
	for _, k := range keys {
		if x, ok := st.positive(k); ok {
			out = append(out, sim.Share{Site: k, Weight: x})
		}
	}
	return out
}

// checkShares checks that the allocation_shares of each stock point name
// exactly the sites of the stock points it replenishes.
func (r *refs) checkShares(stocks []sim.StockPoint, ts []*table, next []int) {
	down := make([][]string, len(stocks))
	for j, u := range next {
		if u >= 0 {
			down[u] = append(down[u], stocks[j].At)
		}
	}
	for i := range stocks {
		t := ts[i]
		if !t.ok("allocation_shares") || stocks[i].Allocation.Rule != sim.AllocShares {
			continue
		}
		var named []string
		for _, sh := range stocks[i].Allocation.Shares {
			named = append(named, sh.Site)
			if !slices.Contains(down[i], sh.Site) {
				t.errorf("allocation_shares", t.d.hint(sh.Site, down[i], "downstream sites"),
					"%q is not a site replenished from %s/%s", sh.Site, stocks[i].At, stocks[i].SKU)
				return
			}
		}
		for _, site := range down[i] {
			if !slices.Contains(named, site) {
				t.errorf("allocation_shares", fmt.Sprintf("add %s = 0.5 (a weight) to allocation_shares", site),
					"no share for %s, which is replenished from %s/%s", site, stocks[i].At, stocks[i].SKU)
				return
			}
		}
	}
}
