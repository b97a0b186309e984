package sim

import (
	"cmp"
	"math"
	"slices"
)

// AllocationRule says how a stock point divides stock among the requests
// waiting for it when it cannot fill them all (docs/engine.md, Allocation).
type AllocationRule uint8

// The allocation rules.
const (
	// AllocFCFS fills waiting requests first come, first served.
	AllocFCFS AllocationRule = iota
	// AllocPriority fills them by class (the requester's Priority, lower
	// first, unranked last), first come first served within a class.
	AllocPriority
	// AllocShares fills waiting customer orders first come first served,
	// then divides what is left among the downstream stock points by their
	// shares, a share's leftover going to the others.
	AllocShares
)

var allocationNames = [...]string{AllocFCFS: "fcfs", AllocPriority: "priority", AllocShares: "shares"}

func (a AllocationRule) String() string { return allocationNames[a] }

// ParseAllocationRule returns the rule for a scenario name such as "shares".
func ParseAllocationRule(name string) (AllocationRule, bool) {
	i := slices.Index(allocationNames[:], name)
	return AllocationRule(max(i, 0)), i >= 0
}

// AllocationRuleNames lists the rule names, in a stable order.
func AllocationRuleNames() []string { return append([]string(nil), allocationNames[:]...) }

// Allocation is how a stock point serves the requests waiting for it, and
// where it stands itself in its source's queue.
type Allocation struct {
	Rule AllocationRule
	// Shares are the weights of the downstream stock points under
	// AllocShares: one per stock point this one replenishes, by its site.
	// Weights are relative (divided by their sum) and positive.
	Shares []Share
	// Priority is this stock point's class in its source's queue when the
	// source allocates by priority: 1 is served first; 0 is unranked,
	// served after every numbered class.
	Priority int
}

// Share is the weight of one downstream stock point, named by its site.
type Share struct {
	Site   string
	Weight float64
}

// allocPlan is a stock point's allocation compiled; nil for fcfs.
type allocPlan struct {
	rule   AllocationRule
	shares []allocShare // AllocShares: in the scenario's order
}

type allocShare struct {
	stock  int32 // the downstream stock point
	weight float64
}

// compileAllocation sets the allocation plans of the stock points that do
// not serve first come, first served.
func (p *plan) compileAllocation(n *network) {
	for k := range p.m.Stocks {
		a := &p.m.Stocks[k].Allocation
		if a.Rule == AllocFCFS {
			continue
		}
		ap := &allocPlan{rule: a.Rule}
		for _, j := range n.downstream[k] {
			for _, sh := range a.Shares {
				if sh.Site == p.m.Stocks[j].At {
					ap.shares = append(ap.shares, allocShare{stock: int32(j), weight: sh.Weight})
				}
			}
		}
		p.stocks[k].alloc = ap
	}
}

// class is the priority class of a request: its demand stream's or its
// downstream stock point's Priority, unranked ones last.
func (r *replication) class(q request) int {
	pr := 0
	if q.downstream >= 0 {
		pr = r.p.m.Stocks[q.downstream].Allocation.Priority
	} else {
		pr = r.p.demands[q.stream].d.Priority
	}
	if pr <= 0 {
		return math.MaxInt
	}
	return pr
}

// mayShip reports whether a new request may take stock on hand at once:
// never ahead of a request already waiting, except under priority, where
// it waits only behind requests of its class or a better one.
func (r *replication) mayShip(k int, q request) bool {
	s := &r.stocks[k]
	if s.queue.empty() {
		return true
	}
	if !s.byPriority {
		return false
	}
	c := r.class(q)
	for i := s.queue.head; i < len(s.queue.items); i++ {
		if w := &s.queue.items[i]; w.qty > 0 && r.class(w.request) <= c {
			return false
		}
	}
	return true
}

// allocate fills the waiting requests of stock point k by its rule; it
// returns false for first come, first served, which fillBackorders does.
func (r *replication) allocate(k int) bool {
	ap := r.p.stocks[k].alloc
	if ap == nil {
		return false
	}
	s := &r.stocks[k]
	order := r.allocOrder[:0]
	for i := s.queue.head; i < len(s.queue.items); i++ {
		if w := &s.queue.items[i]; w.qty > 0 && (ap.rule == AllocPriority || w.downstream < 0) {
			order = append(order, int32(i))
		}
	}
	if ap.rule == AllocPriority {
		slices.SortStableFunc(order, func(a, b int32) int {
			return cmp.Compare(r.class(s.queue.items[a].request), r.class(s.queue.items[b].request))
		})
	}
	blocked := false
	for _, i := range order {
		if !r.fillOne(k, i) {
			blocked = true
			break
		}
	}
	r.allocOrder = order
	if ap.rule == AllocShares && !blocked && s.onHand > 0 && !r.down(k) {
		r.divideByShares(k, ap)
	}
	s.dropFilled()
	return true
}

// fillOne ships what it can to waiting request i of stock point k; it
// returns false when nothing is left to ship, or when a complete-only
// request cannot be filled, which stops the fill (it keeps its turn).
func (r *replication) fillOne(k int, i int32) bool {
	s := &r.stocks[k]
	w := &s.queue.items[i]
	if s.onHand <= 0 || (!w.partial && s.onHand < w.qty) {
		return false
	}
	r.shipWaiting(k, w, min(s.onHand, w.qty))
	return true
}

// shipWaiting ships amount units to waiting request w.
func (r *replication) shipWaiting(k int, w *wait, amount float64) {
	s := &r.stocks[k]
	s.change(r.now, r.warmup, delta{onHand: -amount, backorders: -amount})
	w.qty -= amount
	if w.counted {
		s.k.delays.Add(r.now-w.since, amount)
		s.k.filledLate += amount
	}
	r.deliver(k, w.request, amount)
	if r.trace != nil {
		r.log(k, "fill", amount, r.requester(w.request))
	}
}

// divideByShares divides the stock on hand among the downstream stock
// points waiting, by their shares: each gets its share of what is left,
// at most what it waits for; what a share cannot use is divided again
// among the others. Whole units are divided in whole units, the units a
// division leaves over going one by one to the largest remainders (the
// first share on ties). Each downstream stock point's allotment fills its
// waiting orders first come, first served, in the order of the shares.
func (r *replication) divideByShares(k int, ap *allocPlan) {
	s := &r.stocks[k]
	n := len(ap.shares)
	need := make([]float64, n)
	for i := s.queue.head; i < len(s.queue.items); i++ {
		w := &s.queue.items[i]
		if w.qty <= 0 || w.downstream < 0 {
			continue
		}
		for j := range ap.shares {
			if ap.shares[j].stock == w.downstream {
				need[j] += w.qty
			}
		}
	}
	give := divide(s.onHand, ap.shares, need)
	for i := s.queue.head; i < len(s.queue.items); i++ {
		w := &s.queue.items[i]
		if w.qty <= 0 || w.downstream < 0 {
			continue
		}
		for j := range ap.shares {
			if ap.shares[j].stock == w.downstream && give[j] > 0 {
				amount := min(give[j], w.qty)
				give[j] -= amount
				r.shipWaiting(k, w, amount)
			}
		}
	}
}

// divide splits avail units among shares wanting need units each (see
// divideByShares); the result never exceeds need or, in total, avail.
func divide(avail float64, shares []allocShare, need []float64) []float64 {
	give := make([]float64, len(shares))
	active := make([]bool, len(shares))
	for j := range shares {
		active[j] = need[j] > 0
	}
	for avail > 0 {
		total := 0.0
		for j, a := range active {
			if a {
				total += shares[j].weight
			}
		}
		if total == 0 {
			break
		}
		capped, left := false, avail
		for j, a := range active {
			if a && avail*shares[j].weight/total >= need[j]-give[j] {
				left -= need[j] - give[j]
				give[j], active[j], capped = need[j], false, true
			}
		}
		avail = left
		if capped {
			continue // divide what is left among the others again
		}
		rest := avail
		frac := make([]float64, len(shares))
		for j, a := range active {
			if a {
				x := avail * shares[j].weight / total
				fl := math.Floor(x)
				give[j] += fl
				rest -= fl
				frac[j] = x - fl
			}
		}
		for rest > 1e-9 {
			best := -1
			for j, a := range active {
				if a && (best < 0 || frac[j] > frac[best]) {
					best = j
				}
			}
			if best < 0 || frac[best] < 0 {
				break
			}
			unit := min(1, rest, need[best]-give[best])
			give[best] += unit
			rest -= unit
			frac[best] = -1
		}
		break
	}
	return give
}

// dropFilled pops the filled and cancelled requests at the head of the queue.
func (s *stock) dropFilled() {
	for !s.queue.empty() && s.queue.front().qty == 0 {
		s.queue.pop()
	}
}
