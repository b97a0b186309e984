package dist

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// Stream returns the random stream of one stochastic source in one
// replication. The stream depends only on the scenario seed, the replication
// index and the source's stable name (for example "demand/store-soho/hoodie-m"),
// so adding a source or changing a policy leaves every other source's draws
// unchanged: the basis of common random numbers across variants.
func Stream(seed uint64, replication int, name string) *rand.Rand {
	return rand.New(StreamSource(seed, replication, name))
}

// StreamSource returns the source behind Stream, for callers that keep it inline.
func StreamSource(seed uint64, replication int, name string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.NewPCG(splitmix(seed^splitmix(uint64(replication)+1)), splitmix(h.Sum64()))
}

// splitmix is the SplitMix64 finaliser: it spreads nearby inputs (seeds 1, 2,
// 3, replications 0, 1, 2) over the whole 64-bit range.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Keyed is a random stream for draws that belong to an instant rather than
// to a place in a sequence: it is re-seeded at each draw from the time and
// the number of draws already made at that time. Two runs that draw at the
// same instant get the same numbers, whatever each drew before: an order
// placed at the same time in a run and in its twin without a disruption gets
// the same lead time, even when the disruption changed how many orders came
// before it. Re-seeding costs a few multiplications and no allocation.
type Keyed struct {
	hi, lo uint64 // from the seed, the replication and the source's name
	last   float64
	n      uint64 // draws made at time last
	pcg    rand.PCG
	rng    *rand.Rand
}

// NewKeyed returns the keyed stream of one source in one replication.
func NewKeyed(seed uint64, replication int, name string) *Keyed {
	h := fnv.New64a()
	h.Write([]byte(name))
	k := &Keyed{hi: splitmix(seed ^ splitmix(uint64(replication)+1)), lo: splitmix(h.Sum64()), last: -1}
	k.rng = rand.New(&k.pcg)
	return k
}

// At returns the stream for the next draw at time t. Draws at one instant
// are numbered in the order they are asked for.
func (k *Keyed) At(t float64) *rand.Rand {
	if t != k.last {
		k.last, k.n = t, 0
	}
	k.n++
	k.pcg.Seed(splitmix(k.hi^math.Float64bits(t)), splitmix(k.lo+k.n))
	return k.rng
}
