// Package theory gives textbook closed forms for the steady state of a
// single-echelon stock point under continuous review, so that reports can
// set simulated KPIs beside what inventory theory predicts.
//
// Two families are covered, each for base-stock and (r,Q) policies with full
// backordering and a lead time independent of the system's state:
//
//   - exact formulas for Poisson demand of one unit at a time and a constant
//     lead time (lead-time demand is then Poisson);
//   - the normal approximation of lead-time demand, with the loss function
//     G(z), for everything else.
//
// Analyze decides which one, if any, fits a stock point of a sim.Model. The
// package does no I/O.
package theory

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// KPIs are long-run averages of a stock point in steady state.
type KPIs struct {
	FillRate   float64 // share of units shipped from stock on hand at the moment of demand
	Backorders float64 // time-averaged units backordered
	OnHand     float64 // time-averaged units on hand
}

// PoissonBaseStock returns the KPIs of a base-stock policy with order-up-to
// level S when lead-time demand D is Poisson with the given mean (demand
// rate x constant lead time, in units). Inventory position is always S, so
// net inventory is S - D: fill = P(D <= S-1), E[on hand] = E[(S-D)+],
// E[backorders] = E[(D-S)+] (Zipkin 2000, Foundations of Inventory
// Management, sec. 6.2).
func PoissonBaseStock(mean float64, S int) KPIs {
	p := newPoissonSums(mean, S)
	return p.at(S)
}

// PoissonRQ returns the KPIs of a continuous-review (r,Q) policy with unit
// demand when lead-time demand is Poisson with the given mean. Inventory
// position is uniform on r+1 .. r+Q, so every KPI is the base-stock value
// averaged over those levels: fill = (1/Q) sum_{y=r+1}^{r+Q} P(D <= y-1)
// (Axsater 2006, Inventory Control, sec. 5.3). Q must be at least 1.
func PoissonRQ(mean float64, r, Q int) KPIs {
	p := newPoissonSums(mean, r+Q)
	var sum KPIs
	for y := r + 1; y <= r+Q; y++ {
		k := p.at(y)
		sum.FillRate += k.FillRate
		sum.Backorders += k.Backorders
		sum.OnHand += k.OnHand
	}
	q := float64(Q)
	return KPIs{sum.FillRate / q, sum.Backorders / q, sum.OnHand / q}
}

// poissonSums holds, for lead-time demand D ~ Poisson(mean), the CDF F(j) =
// P(D <= j) and the partial sums E[(y-D)+] = sum_{j<y} F(j), for j, y up to n.
type poissonSums struct {
	mean      float64
	cdf, area []float64 // cdf[j] = F(j); area[y] = E[(y-D)+]
}

func newPoissonSums(mean float64, n int) poissonSums {
	n = max(n, 0)
	p := poissonSums{mean: mean, cdf: make([]float64, n), area: make([]float64, n+1)}
	logMean := math.Log(mean)
	var acc float64
	for j := range n {
		if mean == 0 {
			acc = 1
		} else {
			lg, _ := math.Lgamma(float64(j + 1))
			acc += math.Exp(-mean + float64(j)*logMean - lg)
		}
		p.cdf[j] = min(acc, 1)
		p.area[j+1] = p.area[j] + p.cdf[j]
	}
	return p
}

// at returns the base-stock KPIs for inventory position y (y <= n).
func (p poissonSums) at(y int) KPIs {
	if y <= 0 {
		return KPIs{FillRate: 0, Backorders: p.mean - float64(y), OnHand: 0}
	}
	oh := p.area[y]
	return KPIs{FillRate: p.cdf[y-1], Backorders: oh - float64(y) + p.mean, OnHand: oh}
}

// NormalLoss is the standard normal first-order loss function
// G(z) = E[(Z-z)+] = phi(z) - z (1 - Phi(z)): the expected shortfall, in
// standard deviations, of a level z standard deviations above the mean.
func NormalLoss(z float64) float64 {
	return distuv.UnitNormal.Prob(z) - z*upperTail(z)
}

// normalLoss2 is the second-order loss function
// G2(z) = E[(Z-z)+²]/2 = ((z²+1)(1-Phi(z)) - z phi(z)) / 2.
func normalLoss2(z float64) float64 {
	return ((z*z+1)*upperTail(z) - z*distuv.UnitNormal.Prob(z)) / 2
}

// upperTail is 1 - Phi(z), without cancellation for large z.
func upperTail(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// NormalBaseStock approximates the KPIs of a base-stock policy with level S
// when lead-time demand is normal with mean mu and standard deviation sigma
// (units): fill = Phi(z), E[backorders] = sigma G(z), E[on hand] = S - mu +
// E[backorders], with z = (S - mu) / sigma. A sigma of 0 means demand is
// known: the level either covers it or it does not.
func NormalBaseStock(mu, sigma, S float64) KPIs {
	if sigma <= 0 {
		return KPIs{FillRate: step(S - mu), Backorders: max(mu-S, 0), OnHand: max(S-mu, 0)}
	}
	z := (S - mu) / sigma
	bo := sigma * NormalLoss(z)
	return KPIs{FillRate: 1 - upperTail(z), Backorders: bo, OnHand: S - mu + bo}
}

// NormalRQ approximates the KPIs of a continuous-review (r,Q) policy when
// lead-time demand is normal with mean mu and standard deviation sigma, with
// inventory position uniform on [r, r+Q] (Zipkin 2000, sec. 6.4; Silver,
// Pyke & Thomas 2017, ch. 7):
//
//	fill           = 1 - (sigma/Q)   [G(z_r)  - G(z_{r+Q})]
//	E[backorders]  =     (sigma²/Q)  [G2(z_r) - G2(z_{r+Q})]
//	E[on hand]     = r + Q/2 - mu + E[backorders]
//
// where z_y = (y - mu) / sigma. The one-term fill rate 1 - sigma G(z_r)/Q
// used to size safety stocks drops G(z_{r+Q}), which is tiny when Q is
// large against sigma. Q must be positive.
func NormalRQ(mu, sigma, r, Q float64) KPIs {
	if sigma <= 0 {
		return deterministicRQ(mu, r, Q)
	}
	z1, z2 := (r-mu)/sigma, (r+Q-mu)/sigma
	bo := sigma * sigma / Q * (normalLoss2(z1) - normalLoss2(z2))
	return KPIs{
		FillRate:   1 - sigma/Q*(NormalLoss(z1)-NormalLoss(z2)),
		Backorders: bo,
		OnHand:     r + Q/2 - mu + bo,
	}
}

// deterministicRQ is NormalRQ for known lead-time demand mu: net inventory
// is uniform on [r-mu, r+Q-mu].
func deterministicRQ(mu, r, Q float64) KPIs {
	lo, hi := r-mu, r+Q-mu
	pos := func(a, b float64) float64 { // integral of x over [a,b] ∩ [0,∞), divided by Q
		a, b = max(a, 0), max(b, 0)
		return (b*b - a*a) / 2 / Q
	}
	return KPIs{
		FillRate:   (max(hi, 0) - max(lo, 0)) / Q,
		Backorders: pos(-hi, -lo),
		OnHand:     pos(lo, hi),
	}
}

func step(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}
