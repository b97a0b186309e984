package dist

import (
	"hash/fnv"
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
