package theory

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Exact values computed with scipy.stats.poisson (cdf and expectations of
// (D-y)+ and (y-D)+), the same ones sim/theory_test.go checks the engine
// against by simulation.
func TestPoissonExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		got               KPIs
		fill, bo, onHand  float64
		checkBO, checkOnH bool
	}{
		{"base stock lambda=2 L=5 S=12", PoissonBaseStock(10, 12), 0.696776, 0.530916, 2.530916, true, true},
		// E[on hand] = E[backorders] + r + (Q+1)/2 - lambda L.
		{"rQ lambda=10 L=2 r=22 Q=15", PoissonRQ(20, 22, 15), 0.934729, 0.139559, 10.139559, true, true},
		// The reference benchmark (bench/reference): lambda=20, L=5, r=60, Q=100.
		{"rQ lambda=20 L=5 r=60 Q=100", PoissonRQ(100, 60, 100), 0.599999850, 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.InDelta(t, tt.fill, tt.got.FillRate, 5e-7, "fill rate")
			if tt.checkBO {
				assert.InDelta(t, tt.bo, tt.got.Backorders, 5e-7, "backorders")
			}
			if tt.checkOnH {
				assert.InDelta(t, tt.onHand, tt.got.OnHand, 5e-7, "on hand")
			}
		})
	}
}

// The benchmark README states 0.599999850, its analytic.py prints 0.59999985
// (8 decimals); to 40 digits (mpmath, the same sum) the value is
// 0.59999985449287965..., so the ninth decimal is 4, not 0.
func TestPoissonReferenceDigits(t *testing.T) {
	t.Parallel()
	got := PoissonRQ(100, 60, 100).FillRate
	assert.InDelta(t, 0.59999985, got, 5e-9)
	assert.InDelta(t, 0.59999985449287965, got, 1e-13)
}

func TestPoissonEdges(t *testing.T) {
	t.Parallel()
	// No stock at all: everything is backordered, E[BO] = mean - S.
	assert.Equal(t, KPIs{FillRate: 0, Backorders: 10, OnHand: 0}, PoissonBaseStock(10, 0))
	assert.Equal(t, KPIs{FillRate: 0, Backorders: 13, OnHand: 0}, PoissonBaseStock(10, -3))
	// No demand in the lead time: the shelf never empties.
	assert.Equal(t, KPIs{FillRate: 1, Backorders: 0, OnHand: 4}, PoissonBaseStock(0, 4))
	// (r,Q) with Q = 1 is base stock with S = r + 1.
	assert.InDeltaMapValues(t, asMap(PoissonBaseStock(7.5, 9)), asMap(PoissonRQ(7.5, 8, 1)), 1e-12)
	// A negative reorder point: levels at or below zero serve nobody.
	k := PoissonRQ(3, -2, 4) // levels -1, 0, 1, 2
	want := (0 + 0 + math.Exp(-3) + 4*math.Exp(-3)) / 4
	assert.InDelta(t, want, k.FillRate, 1e-12)
	// Large means stay finite (no exp(-mean) underflow).
	k = PoissonBaseStock(5000, 5100)
	// P(D <= 5099) = Q(5100, 5000), the regularised upper incomplete gamma
	// function, to 40 digits with mpmath.gammainc: 0.91996900084342730...
	assert.InDelta(t, 0.9199690008434273, k.FillRate, 1e-11)
	assert.False(t, math.IsNaN(k.Backorders) || math.IsNaN(k.OnHand))
}

func asMap(k KPIs) map[string]float64 {
	return map[string]float64{"fill": k.FillRate, "bo": k.Backorders, "oh": k.OnHand}
}

// Standard normal loss values from tables (Silver, Pyke & Thomas 2017,
// app. II): G(0) = phi(0) = 0.398942, G(1) = 0.083315, G(-1) = 1.083315
// (G(-z) = G(z) + z); G2(0) = 1/4.
func TestNormalLoss(t *testing.T) {
	t.Parallel()
	assert.InDelta(t, 0.3989422804, NormalLoss(0), 1e-10)
	assert.InDelta(t, 0.0833154706, NormalLoss(1), 1e-10)
	assert.InDelta(t, 1.0833154706, NormalLoss(-1), 1e-10)
	assert.InDelta(t, 0.25, normalLoss2(0), 1e-12)
	assert.Greater(t, NormalLoss(12), 0.0) // no cancellation far in the tail
}

func TestNormalBaseStock(t *testing.T) {
	t.Parallel()
	// mu = 100, sigma = 20, S = 120: z = 1.
	k := NormalBaseStock(100, 20, 120)
	assert.InDelta(t, 0.8413447461, k.FillRate, 1e-9)
	assert.InDelta(t, 20*0.0833154706, k.Backorders, 1e-8)
	assert.InDelta(t, 20+20*0.0833154706, k.OnHand, 1e-8)
	// Known demand.
	assert.Equal(t, KPIs{FillRate: 1, Backorders: 0, OnHand: 5}, NormalBaseStock(10, 0, 15))
	assert.Equal(t, KPIs{FillRate: 0, Backorders: 5, OnHand: 0}, NormalBaseStock(10, 0, 5))
}

func TestNormalRQ(t *testing.T) {
	t.Parallel()
	// A tiny Q turns (r,Q) into base stock at r.
	bs, rq := NormalBaseStock(50, 8, 60), NormalRQ(50, 8, 60, 1e-4)
	assert.InDelta(t, bs.FillRate, rq.FillRate, 1e-5)
	assert.InDelta(t, bs.Backorders, rq.Backorders, 1e-4)
	assert.InDelta(t, bs.OnHand, rq.OnHand, 1e-4)
	// A large Q: the two-term fill rate meets the textbook one-term form.
	k := NormalRQ(50, 8, 50, 400)
	assert.InDelta(t, 1-8*NormalLoss(0)/400, k.FillRate, 1e-9)
	// Known demand: IP uniform on [r, r+Q] = [40, 60] against mu = 50:
	// half the time short, backorders average (10²/2)/20 = 2.5.
	k = NormalRQ(50, 0, 40, 20)
	assert.InDelta(t, 0.5, k.FillRate, 1e-12)
	assert.InDelta(t, 2.5, k.Backorders, 1e-12)
	assert.InDelta(t, 2.5, k.OnHand, 1e-12)
}

// The normal approximation nears the exact Poisson formulas as lead-time
// demand grows (the central limit theorem), within a few tenths of a
// percent of fill rate at a mean of 10,000.
func TestNormalApproachesPoisson(t *testing.T) {
	t.Parallel()
	const mean = 10000
	sd := math.Sqrt(mean)
	exact, approx := PoissonRQ(mean, 10100, 300), NormalRQ(mean, sd, 10100, 300)
	assert.InDelta(t, exact.FillRate, approx.FillRate, 0.005)
	assert.InDelta(t, exact.Backorders, approx.Backorders, 0.2)
	assert.InDelta(t, exact.OnHand, approx.OnHand, 1)
}
