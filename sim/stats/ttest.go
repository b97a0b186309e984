package stats

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// TTest is a difference of means (now - base) with its standard error and
// degrees of freedom: what the paired and Welch t-tests both produce.
type TTest struct {
	Diff, SE, DF float64
}

// CI95 is the half-width of the difference's 95% confidence interval.
func (t TTest) CI95() float64 {
	if t.SE == 0 {
		return 0
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: t.DF}.Quantile(0.975) * t.SE
}

// P is the two-sided p-value of the null hypothesis "no change".
func (t TTest) P() float64 {
	switch {
	case t.SE == 0 && t.Diff == 0:
		return 1
	case t.SE == 0:
		return 0
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: t.DF}.Survival(math.Abs(t.Diff)/t.SE)
}

// PairedT tests now[i] - base[i] over the replications that define both
// (common random numbers pair them): se = sd/sqrt(k), k-1 degrees of
// freedom. It reports false when fewer than two pairs are defined.
func PairedT(base, now []float64) (TTest, bool) {
	var d []float64
	for i := range min(len(base), len(now)) {
		if !math.IsNaN(base[i]) && !math.IsNaN(now[i]) {
			d = append(d, now[i]-base[i])
		}
	}
	s := Summarize(d)
	if s.N < 2 {
		return TTest{}, false
	}
	return TTest{Diff: s.Mean, SE: s.SD / math.Sqrt(float64(s.N)), DF: float64(s.N - 1)}, true
}

// WelchT tests the difference of means (now - base) of two independent
// samples: se = sqrt(sb²/nb + sn²/nn), Welch-Satterthwaite degrees of
// freedom. It reports false when a side has fewer than two values.
func WelchT(base, now Summary) (TTest, bool) {
	if base.N < 2 || now.N < 2 {
		return TTest{}, false
	}
	vb, vn := base.SD*base.SD/float64(base.N), now.SD*now.SD/float64(now.N)
	t := TTest{Diff: now.Mean - base.Mean, SE: math.Sqrt(vb + vn)}
	if t.SE > 0 {
		t.DF = (vb + vn) * (vb + vn) / (vb*vb/float64(base.N-1) + vn*vn/float64(now.N-1))
	}
	return t, true
}

// Holm applies Holm's step-down method at family-wise level alpha to the
// p-values ps (NaN: not tested, not counted): the smallest is tested at
// alpha/m, the next at alpha/(m-1), ..., and testing stops at the first
// that is not significant. It returns each p-value's threshold (NaN when
// not tested) and whether "no change" is rejected.
func Holm(ps []float64, alpha float64) (threshold []float64, reject []bool) {
	threshold, reject = make([]float64, len(ps)), make([]bool, len(ps))
	var tested []int
	for i, p := range ps {
		threshold[i] = math.NaN()
		if !math.IsNaN(p) {
			tested = append(tested, i)
		}
	}
	sort.SliceStable(tested, func(a, b int) bool { return ps[tested[a]] < ps[tested[b]] })
	rejecting := true
	for rank, i := range tested {
		threshold[i] = alpha / float64(len(tested)-rank)
		rejecting = rejecting && ps[i] <= threshold[i]
		reject[i] = rejecting
	}
	return threshold, reject
}

// MaxReplications bounds the estimates of Replications.
const MaxReplications = 10_000_000

// Replications returns the smallest replication count n whose 95%
// half-width, t(0.975, n-1) x sd / sqrt(n), is at most halfWidth, for
// values with standard deviation sd: 2 when sd is 0, 0 when sd is
// undefined or halfWidth is not positive, and -1 beyond MaxReplications.
func Replications(sd, halfWidth float64) int {
	switch {
	case math.IsNaN(sd) || !(halfWidth > 0):
		return 0
	case sd == 0:
		return 2
	}
	hw := func(n int) float64 { return TQuantile975(n-1) * sd / math.Sqrt(float64(n)) }
	lo, hi := 1, 2 // hw(lo) > halfWidth (or lo = 1, which has no CI)
	for hw(hi) > halfWidth {
		if hi > MaxReplications {
			return -1
		}
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if hw(mid) <= halfWidth {
			hi = mid
		} else {
			lo = mid
		}
	}
	if hi > MaxReplications {
		return -1
	}
	return hi
}
