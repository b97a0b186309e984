package sim

// Independent groups. Stock points that share nothing, no lane, no
// capacity and no demand signal, never change one another's events: a
// store's orders go by its own stock and its own random streams, whatever
// the other stores do. A replication therefore runs such groups one after
// another, each from time 0 to the horizon with a queue of its own. Within
// a group events run in the same order as in one queue over the network
// (time, priority, then the order they were scheduled in), and every random
// stream belongs to one stock point or one demand stream, so the results do
// not change. What changes is the memory each event reaches for: a group's
// stock points, streams and queue stay in cache, where one queue over many
// thousand stores visits them in random order and misses the cache at
// nearly every event.
//
// A model with disruptions runs as one group: their random effects are
// drawn by instant across the network, and their windows' figures add up
// every stock point's customers in time. So does a traced run, whose
// records interleave every stock point's events in time.

// group is a set of stock points and the demand streams at them.
type group struct {
	stocks  []int32 // in Model.Stocks order
	streams []int32 // in Model.Demands order
	// calendar says whether the group's streams wait in a calendar queue:
	// a few streams do as well on the heap, without the calendar's set-up.
	calendar bool
	spacing  float64 // expected days between two of the group's customer orders
}

// calendarFrom is the number of demand streams from which a group's queue
// keeps their arrivals in a calendar (kernel.Queue.Slots). Measured on
// generated networks of 1,600 stores, one worker: groups of 16 streams ran
// as fast either way, groups of 400 a quarter faster with the calendar.
const calendarFrom = 16

// compileGroups splits the network into independent groups, in the order
// of their first stock point, and numbers each stream's calendar slot
// within its group.
func (p *plan) compileGroups() {
	parent := make([]int32, len(p.stocks))
	for k := range parent {
		parent[k] = int32(k)
	}
	if len(p.m.Disruptions) > 0 {
		for k := range parent {
			parent[k] = 0
		}
	} else {
		p.linkStocks(unionFind(parent))
	}
	of, n := numberGroups(parent)
	p.layOutGroups(of, n)
}

// numberGroups returns each stock point's group and the number of groups,
// numbered in the order of their first stock point.
func numberGroups(parent []int32) (of []int32, n int) {
	of = make([]int32, len(parent))
	for k := range parent {
		// Roots are the smallest index of their set, so they come first.
		if root := find(parent, int32(k)); root == int32(k) {
			of[k] = int32(n)
			n++
		} else {
			of[k] = of[root]
		}
	}
	return of, n
}

// layOutGroups fills n groups with their stock points and streams, given
// each stock point's group. The groups' members share two arrays, so that
// a network of many small groups costs no allocation per group.
func (p *plan) layOutGroups(of []int32, n int) {
	stocks, streams := make([]int, n), make([]int, n) // per group: how many
	for k := range of {
		stocks[of[k]]++
	}
	for i := range p.demands {
		streams[of[p.demands[i].stock]]++
	}
	p.groups = make([]group, n)
	stockAt, streamAt := make([]int32, len(of)), make([]int32, len(p.demands))
	for g := range p.groups {
		p.groups[g].stocks, stockAt = stockAt[:0:stocks[g]], stockAt[stocks[g]:]
		p.groups[g].streams, streamAt = streamAt[:0:streams[g]], streamAt[streams[g]:]
	}
	for k := range of {
		g := &p.groups[of[k]]
		g.stocks = append(g.stocks, int32(k))
	}
	p.streamSlot = make([]int32, len(p.demands))
	perDay := make([]float64, n)
	for i := range p.demands {
		g := &p.groups[of[p.demands[i].stock]]
		p.streamSlot[i] = int32(len(g.streams))
		g.streams = append(g.streams, int32(i))
		perDay[of[p.demands[i].stock]] += p.demands[i].ordersPerDay
	}
	for g := range p.groups {
		p.groups[g].calendar = len(p.groups[g].streams) >= calendarFrom
		p.groups[g].spacing = 1 / perDay[g]
	}
}

// linkStocks joins the stock points whose events can touch one another's
// state: a source and what it replenishes, users of a supplier's or a
// site's finite capacity, a policy and the end customers it listens to,
// and a plant's finished goods and components.
func (p *plan) linkStocks(join func(a, b int)) {
	suppliers := map[int]int{} // a capacity-limited supplier: its first user
	bySupplier := func(k, s int, capacity float64) {
		if s < 0 || capacity <= 0 {
			return
		}
		if first, ok := suppliers[s]; ok {
			join(first, k)
		} else {
			suppliers[s] = k
		}
	}
	sites := map[int]int{} // a site with a handling capacity: its first stock point
	for k := range p.stocks {
		sp := &p.stocks[k]
		if sp.upstream >= 0 {
			join(k, sp.upstream)
		}
		bySupplier(k, sp.supplier, sp.capacity)
		for _, src := range sp.sources {
			if src.upstream >= 0 {
				join(k, src.upstream)
			}
			bySupplier(k, src.supplier, src.capacity)
		}
		if sp.siteCapacity > 0 {
			if first, ok := sites[sp.site]; ok {
				join(first, k)
			} else {
				sites[sp.site] = k
			}
		}
	}
	for c, ks := range p.listeners {
		for _, k := range ks {
			join(c, int(k))
		}
	}
	for _, pp := range p.plants {
		for _, c := range pp.comps {
			join(pp.fg, c)
		}
	}
}

// unionFind returns the join of a disjoint-set forest over parent.
func unionFind(parent []int32) func(a, b int) {
	return func(a, b int) {
		ra, rb := find(parent, int32(a)), find(parent, int32(b))
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
}

// find returns the root of x's set, halving the path on the way.
func find(parent []int32, x int32) int32 {
	for parent[x] != x {
		parent[x] = parent[parent[x]]
		x = parent[x]
	}
	return x
}

// whole returns the network as one group, and each stream's calendar
// slot in it: for a traced run, whose records follow every stock point's
// events in time.
func (p *plan) whole() ([]group, []int32) {
	if len(p.groups) == 1 {
		return p.groups, p.streamSlot
	}
	g := group{stocks: make([]int32, len(p.stocks)), streams: make([]int32, len(p.demands)),
		calendar: len(p.demands) >= calendarFrom, spacing: 1 / p.ordersPerDay}
	for k := range g.stocks {
		g.stocks[k] = int32(k)
	}
	for i := range g.streams {
		g.streams[i] = int32(i)
	}
	return []group{g}, g.streams
}
