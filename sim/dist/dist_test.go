package dist_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/integrate"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/supplysim/supplysim/sim/dist"
)

// momentCases covers every Kind with two or three parameter sets, including
// the mean/cv and mean/variance constructors. Heavy tails are kept moderate
// (lognormal cv <= 0.8, gamma shape >= 0.15) so that the sample fourth moment
// used for the variance tolerance is itself well estimated.
var momentCases = []struct {
	name string
	d    dist.Dist
}{
	{"constant/0", dist.Const(0)},
	{"constant/3.5", dist.Const(3.5)},
	{"uniform/0-1", dist.NewUniform(0, 1)},
	{"uniform/2-10", dist.NewUniform(2, 10)},
	{"discrete_uniform/0-5", dist.NewDiscreteUniform(0, 5)},
	{"discrete_uniform/3-17", dist.NewDiscreteUniform(3, 17)},
	{"discrete_uniform/7-7", dist.NewDiscreteUniform(7, 7)},
	{"triangular/0-1-2", dist.NewTriangular(0, 1, 2)},
	{"triangular/mode-at-min", dist.NewTriangular(1, 1, 5)},
	{"triangular/mode-at-max", dist.NewTriangular(0, 4, 4)},
	{"normal/barely-truncated", dist.NewNormal(10, 2)},
	{"normal/truncated", dist.NewNormal(1, 1)},
	{"normal/mostly-truncated", dist.NewNormal(-2, 1)},
	{"normal/sd-0", dist.NewNormal(5, 0)},
	{"normal/far-truncated", dist.NewNormal(-5, 1)}, // the lowest mean Validate accepts: one plain draw in 3.5 million is kept
	{"normal/below-zero", dist.NewNormal(-0.5, 3)},
	{"lognormal/mean-10-cv-0.5", dist.NewLogNormal(10, 0.5)},
	{"lognormal/mean-2-cv-0.8", dist.NewLogNormal(2, 0.8)},
	{"lognormal/mu-0-sigma-0.25", dist.NewLogNormalMuSigma(0, 0.25)},
	{"gamma/shape-2-scale-3", dist.NewGamma(2, 3)},
	{"gamma/shape-1", dist.NewGamma(1, 2)},       // exponential branch in distuv
	{"gamma/shape-0.5", dist.NewGamma(0.5, 4)},   // Marsaglia-Tsang with the a < 1 boost
	{"gamma/shape-0.15", dist.NewGamma(0.15, 3)}, // Liu-Martin-Syring small-shape branch
	{"gamma/mean-10-cv-0.5", dist.NewGammaMeanCV(10, 0.5)},
	{"exponential/1", dist.NewExponential(1)},
	{"exponential/7.5", dist.NewExponential(7.5)},
	{"poisson/0.5", dist.NewPoisson(0.5)},
	{"poisson/4", dist.NewPoisson(4)},   // direct method (lambda < 10)
	{"poisson/25", dist.NewPoisson(25)}, // transformed rejection (PTRS)
	{"poisson/1000", dist.NewPoisson(1000)},
	{"geometric/1", dist.NewGeometric(1)},
	{"geometric/1.5", dist.NewGeometric(1.5)},
	{"geometric/10", dist.NewGeometric(10)},
	{"negative_binomial/r-3-p-0.4", dist.NewNegBinomial(3, 0.4)},
	{"negative_binomial/r-0.5-p-0.1", dist.NewNegBinomial(0.5, 0.1)},
	{"negative_binomial/mean-20-var-50", dist.NewNegBinomialMeanVar(20, 50)},
	{"negative_binomial/p-1", dist.NewNegBinomial(2, 1)},
	{"empirical/weighted", dist.NewEmpirical([]float64{1, 2, 5}, []float64{0.2, 0.5, 0.3})},
	{"empirical/equal", dist.NewEmpirical([]float64{0, 10, 25}, nil)},
	{"empirical/zero-weight", dist.NewEmpirical([]float64{3, 4, 8, 9}, []float64{1, 0, 2, 1})},
}

// TestMomentCasesCoverEveryKind keeps momentCases honest when a Kind is added.
func TestMomentCasesCoverEveryKind(t *testing.T) {
	t.Parallel()
	seen := map[dist.Kind]int{}
	for _, tc := range momentCases {
		seen[tc.d.Kind]++
	}
	for _, name := range dist.Names() {
		k, _ := dist.ParseKind(name)
		if seen[k] < 2 {
			t.Errorf("kind %s has %d parameter sets in momentCases, want at least 2", k, seen[k])
		}
	}
}

// TestSampleMoments compares the sample mean and variance of n draws with
// Mean and Var.
//
// Mean: by the CLT the sample mean has standard error sigma/sqrt(n), so we
// allow 5 standard errors (two-sided P ~ 6e-7 per check).
//
// Variance: the unbiased sample variance s² has
// Var(s²) = (mu4 - sigma⁴(n-3)/(n-1)) / n, with mu4 the fourth central
// moment (the standard result for the variance of the sample variance). We
// plug in the sample mu4 and s² and allow 5 standard errors. With
// n = 200,000 and the moderate tails above, the sample mu4 is within a few
// percent of the true one, so the bound is close to a true 5-sigma bound.
// (A symmetric two-point distribution has mu4 = sigma⁴ and Var(s²) of order
// 1/n², which is why no case is one.)
//
// Calibration: rerun with seeds 1..40, the 2,480 standardised errors had
// sd 0.98 and largest |z| 3.7, as N(0, 1) predicts.
func TestSampleMoments(t *testing.T) {
	t.Parallel()
	const n = 200_000
	for _, tc := range momentCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			r := dist.Stream(1, 0, tc.name)
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = tc.d.Sample(r)
			}
			mu, sigma2 := tc.d.Mean(), tc.d.Var()
			if sigma2 == 0 {
				for i, x := range xs {
					if x != mu {
						t.Fatalf("draw %d = %g, want the constant %g", i, x, mu)
					}
				}
				return
			}
			mean, s2, m4 := sampleMoments(xs)
			if tol := 5 * math.Sqrt(sigma2/n); math.Abs(mean-mu) > tol {
				t.Errorf("sample mean %g, Mean() %g: off by %g, tolerance %g", mean, mu, mean-mu, tol)
			}
			varS2 := (m4 - s2*s2*(n-3)/(n-1)) / n
			if tol := 5 * math.Sqrt(varS2); math.Abs(s2-sigma2) > tol {
				t.Errorf("sample variance %g, Var() %g: off by %g, tolerance %g", s2, sigma2, s2-sigma2, tol)
			}
		})
	}
}

// sampleMoments returns the mean, the unbiased variance and the fourth
// central moment of xs, in two passes to avoid cancellation.
func sampleMoments(xs []float64) (mean, variance, m4 float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var m2 float64
	for _, x := range xs {
		d := x - mean
		m2 += d * d
		m4 += d * d * d * d
	}
	return mean, m2 / (n - 1), m4 / n
}

// TestExactMoments pins Mean and Var to textbook values worked by hand, so a
// parameterisation mix-up (scale vs rate, failures vs trials) that Sample and
// Mean share cannot pass unnoticed.
func TestExactMoments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		d              dist.Dist
		mean, variance float64
	}{
		{"constant", dist.Const(4), 4, 0},
		{"uniform", dist.NewUniform(2, 10), 6, 64.0 / 12},
		{"discrete_uniform", dist.NewDiscreteUniform(3, 17), 10, (15*15 - 1) / 12.0}, // (n²-1)/12, n = 15
		{"triangular", dist.NewTriangular(0, 1, 2), 1, 1.0 / 6},                      // (a²+b²+c²-ab-ac-bc)/18
		{"normal/untruncated-limit", dist.NewNormal(100, 1), 100, 1},                 // alpha = -100: truncation invisible
		{"normal/half-normal", dist.NewNormal(0, 2), 2 * math.Sqrt(2/math.Pi), 4 * (1 - 2/math.Pi)},
		{"lognormal/mu-sigma", dist.NewLogNormalMuSigma(1, 0.5), math.Exp(1.125), math.Exp(2.25) * (math.Exp(0.25) - 1)},
		{"lognormal/mean-cv", dist.NewLogNormal(10, 0.5), 10, 25},
		{"gamma/shape-scale", dist.NewGamma(2, 3), 6, 18},
		{"gamma/mean-cv", dist.NewGammaMeanCV(10, 0.5), 10, 25},
		{"exponential", dist.NewExponential(7.5), 7.5, 56.25},
		{"poisson", dist.NewPoisson(4), 4, 4},
		{"geometric", dist.NewGeometric(4), 4, 12},                         // p = 1/4: (1-p)/p²
		{"negative_binomial/r-p", dist.NewNegBinomial(3, 0.4), 4.5, 11.25}, // r(1-p)/p, r(1-p)/p²
		{"negative_binomial/mean-var", dist.NewNegBinomialMeanVar(20, 50), 20, 50},
		{"empirical", dist.NewEmpirical([]float64{1, 2, 5}, []float64{2, 5, 3}), 2.7, 9.7 - 2.7*2.7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			// 1e-12 relative: a few ulps of rounding in the closed forms.
			if got := tc.d.Mean(); !near(got, tc.mean, 1e-12) {
				t.Errorf("Mean() = %.17g, want %.17g", got, tc.mean)
			}
			if got := tc.d.Var(); !near(got, tc.variance, 1e-12) {
				t.Errorf("Var() = %.17g, want %.17g", got, tc.variance)
			}
		})
	}
}

func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(1, math.Abs(want))
}

// TestTruncatedNormalMoments checks the closed-form moments of N(mu, sd²)
// conditioned on X >= 0 against Simpson's rule on the unnormalised density.
// The closed form, for a lower truncation point alpha = -mu/sd and
// lambda = phi(alpha)/(1-Phi(alpha)), is mean = mu + sd*lambda and
// variance = sd²(1 + alpha*lambda - lambda²) (Johnson, Kotz & Balakrishnan,
// Continuous Univariate Distributions, vol. 1, 2nd ed., 1994, ch. 13, on
// truncated normal distributions).
func TestTruncatedNormalMoments(t *testing.T) {
	t.Parallel()
	tests := []struct{ mu, sd float64 }{
		{10, 2}, {1, 1}, {0, 1}, {-2, 1}, {-2, 0.5}, {-4, 1}, {-5, 1}, // -5 sd is the lowest mean Validate accepts
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("mu=%g/sd=%g", tc.mu, tc.sd), func(t *testing.T) {
			t.Parallel()
			d := dist.NewNormal(tc.mu, tc.sd)
			if err := d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			mean, variance := truncatedNormalByQuadrature(tc.mu, tc.sd)
			// Simpson's rule with h <= sd/8000 is accurate to about 1e-14 on
			// this smooth integrand; the tail beyond 40 sd is below 1e-300.
			// 1e-10 is loose for float64 yet catches 1-Phi(alpha) formed by
			// subtraction, which at alpha = 5 is off by 4e-9 in the mean and
			// 1.3e-7 in the variance.
			if got := d.Mean(); !near(got, mean, 1e-10) {
				t.Errorf("Mean() = %.15g, quadrature %.15g (rel err %.2g)", got, mean, got/mean-1)
			}
			if got := d.Var(); !near(got, variance, 1e-10) {
				t.Errorf("Var() = %.15g, quadrature %.15g (rel err %.2g)", got, variance, got/variance-1)
			}
		})
	}
}

func truncatedNormalByQuadrature(mu, sd float64) (mean, variance float64) {
	const steps = 400_000 // even, as Simpson's rule needs an odd number of points
	hi := math.Max(mu, 0) + 40*sd
	x := make([]float64, steps+1)
	f := make([]float64, steps+1)
	for i := range x {
		x[i] = hi * float64(i) / steps
	}
	integral := func(g func(x float64) float64) float64 {
		for i, xi := range x {
			z := (xi - mu) / sd
			f[i] = g(xi) * math.Exp(-z*z/2)
		}
		return integrate.Simpsons(x, f)
	}
	z := integral(func(float64) float64 { return 1 })
	mean = integral(func(x float64) float64 { return x }) / z
	variance = integral(func(x float64) float64 { return (x - mean) * (x - mean) }) / z
	return mean, variance
}

// TestMeanCVConstructors checks that the mean/cv and mean/variance
// constructors give back what they were asked for.
func TestMeanCVConstructors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		d        dist.Dist
		mean, cv float64
	}{
		{"lognormal/low-cv", dist.NewLogNormal(10, 0.1), 10, 0.1},
		{"lognormal/high-cv", dist.NewLogNormal(3, 2), 3, 2},
		{"gamma/low-cv", dist.NewGammaMeanCV(10, 0.1), 10, 0.1},
		{"gamma/high-cv", dist.NewGammaMeanCV(3, 2), 3, 2},
		{"negative_binomial/close-to-poisson", dist.NewNegBinomialMeanVar(5, 5.5), 5, math.Sqrt(5.5) / 5},
		{"negative_binomial/overdispersed", dist.NewNegBinomialMeanVar(2, 40), 2, math.Sqrt(40) / 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got := tc.d.Mean(); !near(got, tc.mean, 1e-12) {
				t.Errorf("Mean() = %.17g, want %g", got, tc.mean)
			}
			if got := math.Sqrt(tc.d.Var()) / tc.d.Mean(); !near(got, tc.cv, 1e-12) {
				t.Errorf("cv = %.17g, want %g", got, tc.cv)
			}
		})
	}
}

// TestSampleSupport checks where draws may land: never negative or NaN,
// whole numbers for discrete kinds, within [min, Max()] for bounded ones, and
// that Max() is attained (discrete) or approached (continuous).
func TestSampleSupport(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	tests := []struct {
		name     string
		d        dist.Dist
		min, max float64 // max is the wanted Max()
		whole    bool
	}{
		{"constant", dist.Const(3), 3, 3, false},
		{"uniform", dist.NewUniform(2, 10), 2, 10, false},
		{"discrete_uniform", dist.NewDiscreteUniform(3, 17), 3, 17, true},
		{"discrete_uniform/single", dist.NewDiscreteUniform(0, 0), 0, 0, true},
		{"triangular", dist.NewTriangular(0, 1, 2), 0, 2, false},
		{"triangular/mode-at-min", dist.NewTriangular(1, 1, 5), 1, 5, false},
		{"triangular/mode-at-max", dist.NewTriangular(0, 4, 4), 0, 4, false},
		{"normal/mostly-truncated", dist.NewNormal(-3, 2), 0, inf, false},
		{"lognormal", dist.NewLogNormal(2, 3), 0, inf, false},
		{"gamma/small-shape", dist.NewGamma(0.05, 1), 0, inf, false},
		{"exponential", dist.NewExponential(0.01), 0, inf, false},
		{"poisson/small", dist.NewPoisson(0.01), 0, inf, true},
		{"poisson/large", dist.NewPoisson(50), 0, inf, true},
		{"geometric/1", dist.NewGeometric(1), 1, inf, true},
		{"geometric/barely-above-1", dist.NewGeometric(1.001), 1, inf, true},
		{"geometric/large", dist.NewGeometric(1e6), 1, inf, true},
		{"negative_binomial/small-r", dist.NewNegBinomial(0.01, 0.5), 0, inf, true},
		{"negative_binomial/large-mean", dist.NewNegBinomialMeanVar(500, 2000), 0, inf, true},
		{"empirical", dist.NewEmpirical([]float64{0.5, 2, 7.25}, []float64{1, 1, 1}), 0.5, 7.25, false},
		{"empirical/counts", dist.NewEmpirical([]float64{0, 6, 12, 24}, nil), 0, 24, true},
	}
	const n = 20_000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := tc.d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got := tc.d.Max(); got != tc.max {
				t.Errorf("Max() = %g, want %g", got, tc.max)
			}
			r := dist.Stream(1, 0, tc.name)
			hi := math.Inf(-1)
			for i := range n {
				x := tc.d.Sample(r)
				if !(x >= tc.min && x <= tc.max) { // also catches NaN
					t.Fatalf("draw %d = %g, outside [%g, %g]", i, x, tc.min, tc.max)
				}
				if tc.whole && x != math.Trunc(x) {
					t.Fatalf("draw %d = %g, want a whole number", i, x)
				}
				hi = math.Max(hi, x)
			}
			if math.IsInf(tc.max, 1) {
				return
			}
			// Every bounded case puts at least 0.25% of its mass in the top 5%
			// of its range, so 20,000 draws all missing it has P < e^-50.
			if gap := tc.max - hi; gap > 0.05*(tc.max-tc.min) || tc.whole && gap != 0 {
				t.Errorf("largest of %d draws is %g, want it close to Max() = %g", n, hi, tc.max)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name    string
		d       dist.Dist
		wantErr string // substring; "" means valid
	}{
		{"zero value", dist.Dist{}, ""},
		{"constant", dist.Const(2), ""},
		{"constant/negative", dist.Const(-1), "constant: value -1 is negative"},
		{"uniform", dist.NewUniform(0, 1), ""},
		{"uniform/point", dist.NewUniform(3, 3), ""},
		{"uniform/min>max", dist.NewUniform(5, 2), "need 0 <= min <= max, got min 5, max 2"},
		{"uniform/negative min", dist.NewUniform(-1, 2), "need 0 <= min <= max"},
		{"discrete_uniform", dist.NewDiscreteUniform(0, 0), ""},
		{"discrete_uniform/min>max", dist.NewDiscreteUniform(4, 3), "need 0 <= min <= max"},
		{"discrete_uniform/fractional", dist.NewDiscreteUniform(0.5, 3), "must be whole numbers"},
		{"discrete_uniform/widest", dist.NewDiscreteUniform(1, 1e12), ""},
		{"discrete_uniform/too wide", dist.NewDiscreteUniform(0, 1e19), "must be below 1e+12"},
		{"triangular/huge", dist.NewTriangular(0, 1, 1e200), "must be below 1e+12"},
		{"triangular", dist.NewTriangular(0, 1, 2), ""},
		{"triangular/mode at min", dist.NewTriangular(0, 0, 1), ""},
		{"triangular/mode at max", dist.NewTriangular(0, 1, 1), ""},
		{"triangular/mode above max", dist.NewTriangular(0, 5, 3), "need 0 <= min <= mode <= max"},
		{"triangular/mode below min", dist.NewTriangular(2, 1, 3), "need 0 <= min <= mode <= max"},
		{"triangular/min=max", dist.NewTriangular(2, 2, 2), "min < max"},
		{"triangular/negative min", dist.NewTriangular(-1, 0, 1), "need 0 <= min"},
		{"normal", dist.NewNormal(5, 1), ""},
		{"normal/sd 0", dist.NewNormal(5, 0), ""},
		{"normal/lowest mean", dist.NewNormal(-5, 1), ""},
		{"normal/sd<0", dist.NewNormal(5, -1), "normal: sd -1 is negative"},
		{"normal/nothing above zero", dist.NewNormal(0, 0), "leaves almost nothing above zero"},
		{"normal/mean far below zero", dist.NewNormal(-6, 1), "leaves almost nothing above zero"},
		{"normal/tiny sd far below zero", dist.NewNormal(-1e-305, 1e-310), "leaves almost nothing above zero"},
		{"lognormal", dist.NewLogNormal(10, 0.5), ""},
		{"lognormal/sigma 0", dist.NewLogNormalMuSigma(-3, 0), ""},
		{"lognormal/sigma<0", dist.NewLogNormalMuSigma(0, -1), "lognormal: sigma -1 is negative"},
		{"lognormal/mean 0", dist.NewLogNormal(0, 0.5), "must be finite"},
		{"gamma", dist.NewGamma(2, 3), ""},
		{"gamma/shape 0", dist.NewGamma(0, 1), "gamma: shape and scale must be positive, got 0 and 1"},
		{"gamma/scale<0", dist.NewGamma(2, -1), "shape and scale must be positive"},
		{"gamma/cv 0", dist.NewGammaMeanCV(10, 0), "must be finite"},
		{"exponential", dist.NewExponential(1), ""},
		{"exponential/mean 0", dist.NewExponential(0), "exponential: mean must be positive, got 0"},
		{"poisson", dist.NewPoisson(0.1), ""},
		{"poisson/mean<0", dist.NewPoisson(-1), "poisson: mean must be positive"},
		{"geometric", dist.NewGeometric(1), ""},
		{"geometric/mean 0.5", dist.NewGeometric(0.5), "geometric: mean must be at least 1"},
		{"negative_binomial", dist.NewNegBinomial(1, 1), ""},
		{"negative_binomial/p 0", dist.NewNegBinomial(2, 0), "need r > 0 and 0 < p <= 1"},
		{"negative_binomial/p>1", dist.NewNegBinomial(2, 1.5), "need r > 0 and 0 < p <= 1"},
		{"negative_binomial/r 0", dist.NewNegBinomial(0, 0.5), "need r > 0"},
		{"negative_binomial/variance<mean", dist.NewNegBinomialMeanVar(5, 4), "need r > 0 and 0 < p <= 1"},
		{"empirical", dist.NewEmpirical([]float64{0}, nil), ""},
		{"empirical/zero weight", dist.NewEmpirical([]float64{1, 2}, []float64{0, 1}), ""},
		{"empirical/empty", dist.NewEmpirical(nil, nil), "empirical: values must not be empty"},
		{"empirical/fewer weights", dist.NewEmpirical([]float64{1, 2}, []float64{1}), "weights must match values"},
		{"empirical/more weights", dist.NewEmpirical([]float64{1}, []float64{1, 1}), "weights must match values"},
		{"empirical/empty weights", dist.NewEmpirical([]float64{1}, []float64{}), "weights must match values"},
		{"empirical/zero weights", dist.NewEmpirical([]float64{1, 2}, []float64{0, 0}), "add up to more than zero"},
		{"empirical/negative weight", dist.NewEmpirical([]float64{1, 2}, []float64{2, -1}), "weights must not be negative"},
		{"empirical/negative first weight", dist.NewEmpirical([]float64{1, 2}, []float64{-1, 2}), "weights must not be negative"},
		{"empirical/NaN weight", dist.NewEmpirical([]float64{1, 2}, []float64{nan, 1}), "weights must match values"},
		{"empirical/Inf weight", dist.NewEmpirical([]float64{1, 2}, []float64{inf, 1}), "weights must match values"},
		{"empirical/negative value", dist.NewEmpirical([]float64{-1, 2}, nil), "value -1 is negative or not finite"},
		{"empirical/NaN value", dist.NewEmpirical([]float64{nan}, nil), "negative or not finite"},
		{"empirical/Inf value", dist.NewEmpirical([]float64{1, inf}, nil), "negative or not finite"},
		{"empirical/hand-built without weights", dist.Dist{Kind: dist.Empirical, Values: []float64{1}}, "weights must match values"},
		{"empirical/hand-built weights only", dist.Dist{Kind: dist.Empirical, Weights: []float64{1}}, "values must not be empty"},
		{"NaN constant", dist.Const(nan), "constant: parameters must be finite numbers"},
		{"Inf uniform max", dist.NewUniform(0, inf), "uniform: parameters must be finite"},
		{"NaN normal mean", dist.NewNormal(nan, 1), "must be finite"},
		{"-Inf triangular", dist.NewTriangular(math.Inf(-1), 0, 1), "must be finite"},
		{"NaN gamma scale", dist.NewGamma(2, nan), "must be finite"},
		{"Inf poisson", dist.NewPoisson(inf), "must be finite"},
		{"NaN in unused parameter", dist.Dist{Kind: dist.Exponential, A: 1, C: nan}, "must be finite"},
		{"unknown kind", dist.Dist{Kind: 200}, "unknown distribution kind 200"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.d.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate(%v) = %v, want nil", tc.d, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate(%v) = nil, want an error containing %q", tc.d, tc.wantErr)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.wantErr) {
				t.Errorf("Validate() = %q, want it to contain %q", msg, tc.wantErr)
			}
			// Readable in a scenario error: starts with the kind, one line.
			if tc.d.Kind <= dist.Empirical && !strings.HasPrefix(msg, tc.d.Kind.String()+": ") {
				t.Errorf("Validate() = %q, want it to start with %q", msg, tc.d.Kind.String()+": ")
			}
			if strings.ContainsAny(msg, "\n") || strings.HasSuffix(msg, ".") {
				t.Errorf("Validate() = %q, want one line without a final period", msg)
			}
		})
	}
}

// TestValidateNeverPanics feeds Validate every Kind value with awkward
// parameters and slices; it must report, not panic.
func TestValidateNeverPanics(t *testing.T) {
	t.Parallel()
	params := [][3]float64{{0, 0, 0}, {-1, -1, -1}, {math.NaN(), 0, 0}, {1, 2, 3}, {math.MaxFloat64, math.SmallestNonzeroFloat64, 0}}
	lists := [][2][]float64{{nil, nil}, {{1}, nil}, {nil, {1}}, {{1, 2}, {1}}, {{1}, {0.5, 1}}, {{}, {}}}
	for k := range 256 {
		for _, p := range params {
			for _, s := range lists {
				d := dist.Dist{Kind: dist.Kind(k), A: p[0], B: p[1], C: p[2], Values: s[0], Weights: s[1]}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("Validate(%#v) panicked: %v", d, r)
						}
					}()
					if err := d.Validate(); err == nil && k > int(dist.Empirical) {
						t.Errorf("Validate(%#v) = nil for an unknown kind", d)
					}
				}()
			}
		}
	}
}

// TestEmpiricalFrequencies compares draw counts with the weights through
// Pearson's chi-square statistic, which for k categories is approximately
// chi-square with k-1 degrees of freedom (every expected count here is at
// least 200); we fail above its 1-1e-6 quantile.
func TestEmpiricalFrequencies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		values, weights []float64
		probs           []float64 // wanted probabilities
	}{
		{"weighted", []float64{1, 2, 5}, []float64{0.2, 0.5, 0.3}, []float64{0.2, 0.5, 0.3}},
		{"unnormalised", []float64{10, 20, 30, 40}, []float64{1, 2, 3, 4}, []float64{0.1, 0.2, 0.3, 0.4}},
		{"equal", []float64{4, 8, 15, 16, 23}, nil, []float64{0.2, 0.2, 0.2, 0.2, 0.2}},
		{"zero weights", []float64{0, 1, 2, 3, 4}, []float64{0, 3, 0, 1, 0}, []float64{0, 0.75, 0, 0.25, 0}},
		{"rare value", []float64{1, 100}, []float64{999, 1}, []float64{0.999, 0.001}},
	}
	const n = 200_000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := dist.NewEmpirical(tc.values, tc.weights)
			if err := d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			counts := make([]int, len(tc.values))
			r := dist.Stream(1, 0, "empirical/"+tc.name)
			for range n {
				i := slices.Index(tc.values, d.Sample(r))
				if i < 0 {
					t.Fatal("drew a value not in Values")
				}
				counts[i]++
			}
			var chi2 float64
			df := -1
			for i, p := range tc.probs {
				if p == 0 {
					if counts[i] != 0 {
						t.Errorf("value %g has weight 0 but was drawn %d times", tc.values[i], counts[i])
					}
					continue
				}
				e := n * p
				chi2 += (float64(counts[i]) - e) * (float64(counts[i]) - e) / e
				df++
			}
			limit := distuv.ChiSquared{K: float64(df)}.Quantile(1 - 1e-6)
			if chi2 > limit {
				t.Errorf("chi-square %g with %d df exceeds %g; counts %v for probabilities %v", chi2, df, limit, counts, tc.probs)
			}
		})
	}
}

// constSource feeds Rand the same 64 bits forever: 0 makes Float64 return
// exactly 0 and all ones makes it return 1-2^-53, the two ends of [0, 1)
// that inversion samplers must map inside the support.
type constSource uint64

func (s constSource) Uint64() uint64 { return uint64(s) }

// TestSampleAtExtremeUniforms drives the inversion samplers with u = 0 and
// u = 1-2^-53. Rejection and ziggurat samplers (normal, lognormal, gamma,
// exponential, Poisson) are left out: a constant source can make them loop
// forever. DiscreteUniform spans a power of two values so that Int64N needs
// no rejection either.
func TestSampleAtExtremeUniforms(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name     string
		d        dist.Dist
		lo, hi   float64 // support
		at0, at1 float64 // wanted draw for u = 0 and u = 1-2^-53; NaN: support only
	}{
		{"uniform", dist.NewUniform(2, 10), 2, 10, 2, nan},
		{"discrete_uniform", dist.NewDiscreteUniform(3, 10), 3, 10, 3, 10},
		{"triangular", dist.NewTriangular(1, 2, 5), 1, 5, 1, nan},
		{"triangular/mode-at-min", dist.NewTriangular(1, 1, 5), 1, 5, 1, nan},
		{"triangular/mode-at-max", dist.NewTriangular(0, 4, 4), 0, 4, 0, nan},
		// 1 + floor(ln(2^-53) / ln(3/4)) = 1 + floor(127.7) = 128.
		{"geometric", dist.NewGeometric(4), 1, math.Inf(1), 1, 128},
		{"geometric/1", dist.NewGeometric(1), 1, 1, 1, 1},
		{"empirical", dist.NewEmpirical([]float64{2, 4, 8}, nil), 2, 8, 2, 8},
		{"empirical/zero weights at both ends", dist.NewEmpirical([]float64{5, 0, 7, 9}, []float64{0, 0, 1, 0}), 7, 7, 7, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, end := range []struct {
				src  constSource
				want float64
			}{{0, tc.at0}, {math.MaxUint64, tc.at1}} {
				got := tc.d.Sample(rand.New(end.src))
				if !(got >= tc.lo && got <= tc.hi) {
					t.Errorf("source %#x: Sample = %g, outside [%g, %g]", uint64(end.src), got, tc.lo, tc.hi)
				}
				if !math.IsNaN(end.want) && got != end.want {
					t.Errorf("source %#x: Sample = %g, want %g", uint64(end.src), got, end.want)
				}
			}
		})
	}
}

func TestNewEmpirical(t *testing.T) {
	t.Parallel()
	t.Run("nil weights are equal weights", func(t *testing.T) {
		t.Parallel()
		got := dist.NewEmpirical([]float64{3, 1, 2, 10}, nil)
		want := dist.NewEmpirical([]float64{3, 1, 2, 10}, []float64{1, 1, 1, 1})
		if !slices.Equal(got.Weights, want.Weights) {
			t.Errorf("Weights = %v, want %v", got.Weights, want.Weights)
		}
		if !slices.Equal(got.Weights, []float64{0.25, 0.5, 0.75, 1}) {
			t.Errorf("Weights = %v, want cumulative quarters", got.Weights)
		}
		if got.Mean() != 4 {
			t.Errorf("Mean() = %g, want 4", got.Mean())
		}
	})
	t.Run("copies its arguments", func(t *testing.T) {
		t.Parallel()
		values, weights := []float64{1, 2}, []float64{1, 3}
		d := dist.NewEmpirical(values, weights)
		values[0], weights[0] = 100, 100
		if d.Values[0] != 1 || d.Weights[0] != 0.25 {
			t.Errorf("NewEmpirical kept a reference to its arguments: %v %v", d.Values, d.Weights)
		}
	})
	t.Run("last cumulative weight is exactly 1", func(t *testing.T) {
		t.Parallel()
		d := dist.NewEmpirical([]float64{1, 2, 3}, []float64{0.1, 0.2, 0.3})
		if last := d.Weights[len(d.Weights)-1]; last != 1 {
			t.Errorf("last cumulative weight = %.17g, want exactly 1", last)
		}
	})
}

func TestKindNames(t *testing.T) {
	t.Parallel()
	names := dist.Names()
	if len(names) != int(dist.Empirical)+1 {
		t.Fatalf("Names() has %d entries, want one per Kind (%d)", len(names), dist.Empirical+1)
	}
	for i, name := range names {
		k, ok := dist.ParseKind(name)
		if !ok || k != dist.Kind(i) {
			t.Errorf("ParseKind(%q) = %v, %v; want %v, true", name, k, ok, dist.Kind(i))
		}
		if k.String() != name {
			t.Errorf("Kind(%d).String() = %q, want %q", i, k.String(), name)
		}
	}
	for _, bad := range []string{"", "Normal", " normal", "negbin", "Kind(3)"} {
		if k, ok := dist.ParseKind(bad); ok {
			t.Errorf("ParseKind(%q) = %v, true; want false", bad, k)
		}
	}
	if got := dist.Kind(200).String(); got != "Kind(200)" {
		t.Errorf("Kind(200).String() = %q", got)
	}
	names[0] = "changed"
	if dist.Names()[0] != "constant" {
		t.Error("Names() returned the package's own slice")
	}
}

// FuzzSample checks the contract between Validate and Sample: whatever
// Validate accepts, Sample draws without panicking, and the draw is a
// non-negative number (not NaN) no larger than Max(). Unbounded kinds may
// overflow to +Inf. Parameters above 1e150 are out of scope: there the
// product of two parameters overflows float64 (triangular then draws ±Inf),
// far beyond any quantity of days or units.
func FuzzSample(f *testing.F) {
	f.Add(uint8(dist.DiscreteUniform), 0.0, 1e19, 0.0) // panicked in Int64N before Validate bounded the range
	f.Add(uint8(dist.NegBinomial), 62.0, 1e-310, 0.0)  // Gamma-Poisson mixture drew Poisson(+Inf) = NaN
	f.Add(uint8(dist.DiscreteUniform), 3.0, 9.0, 0.0)
	f.Add(uint8(dist.Triangular), 0.0, 0.0, 1.0)
	f.Add(uint8(dist.Normal), -4.0, 1.0, 0.0)
	f.Add(uint8(dist.Normal), -1e-305, 1e-310, 0.0)
	f.Add(uint8(dist.Gamma), 1e-3, 1e-3, 0.0)
	f.Add(uint8(dist.Poisson), 1e12, 0.0, 0.0)
	f.Add(uint8(dist.Geometric), 1.0000001, 0.0, 0.0)
	f.Add(uint8(dist.NegBinomial), 1e-3, 1e-3, 0.0)
	f.Add(uint8(dist.Empirical), 1.0, 0.0, 2.0)
	f.Fuzz(func(t *testing.T, kind uint8, a, b, c float64) {
		for _, x := range []float64{a, b, c} {
			if math.Abs(x) > 1e150 {
				return
			}
		}
		d := dist.Dist{Kind: dist.Kind(kind), A: a, B: b, C: c}
		if d.Kind == dist.Empirical {
			d = dist.NewEmpirical([]float64{a, b, c}, nil)
		}
		if d.Validate() != nil {
			return
		}
		r := dist.Stream(1, 0, "fuzz")
		for range 3 {
			if x := d.Sample(r); !(x >= 0 && x <= d.Max()) {
				t.Fatalf("%v: Sample = %g, want in [0, %g]", d, x, d.Max())
			}
		}
	})
}

// hotPathCases are typical scenario distributions, one or two per kind.
var hotPathCases = []struct {
	name string
	d    dist.Dist
}{
	{"constant", dist.Const(3)},
	{"uniform", dist.NewUniform(2, 10)},
	{"discrete_uniform", dist.NewDiscreteUniform(3, 17)},
	{"triangular", dist.NewTriangular(0, 1, 2)},
	{"normal", dist.NewNormal(10, 3)},
	{"normal/truncated", dist.NewNormal(1, 1)},
	{"lognormal", dist.NewLogNormal(10, 0.5)},
	{"gamma", dist.NewGammaMeanCV(10, 0.5)},
	{"gamma/small-shape", dist.NewGamma(0.1, 10)},
	{"exponential", dist.NewExponential(7.5)},
	{"poisson/small", dist.NewPoisson(4)},
	{"poisson/large", dist.NewPoisson(100)},
	{"geometric", dist.NewGeometric(4)},
	{"negative_binomial", dist.NewNegBinomialMeanVar(20, 50)},
	{"empirical", dist.NewEmpirical([]float64{1, 2, 3, 5, 8, 13, 21, 34}, nil)},
}

// TestSampleDoesNotAllocate guards the hot path: the engine draws millions of
// values per run. The gonum samplers build a rand.Rand around Src on every
// call; today that stays on the stack. Not parallel: AllocsPerRun forbids it.
func TestSampleDoesNotAllocate(t *testing.T) {
	for _, tc := range hotPathCases {
		r := dist.Stream(1, 0, tc.name)
		if allocs := testing.AllocsPerRun(1000, func() { tc.d.Sample(r) }); allocs != 0 {
			t.Errorf("%s: Sample allocates %g times per call, want 0", tc.name, allocs)
		}
	}
}

// BenchmarkSample times one draw per kind; ReportAllocs shows any kind that
// allocates on the hot path.
func BenchmarkSample(b *testing.B) {
	for _, tc := range hotPathCases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			r := dist.Stream(1, 0, tc.name)
			var sink float64
			for b.Loop() {
				sink += tc.d.Sample(r)
			}
			_ = sink
		})
	}
}

func ExampleDist_Validate() {
	fmt.Println(dist.NewTriangular(0, 5, 3).Validate())
	fmt.Println(dist.NewGammaMeanCV(10, 0.5).Validate())
	// Output:
	// triangular: need 0 <= min <= mode <= max and min < max, got 0, 5, 3
	// <nil>
}

// countingSource counts the 64-bit values a sampler takes from its source.
type countingSource struct {
	src rand.Source
	n   int
}

func (c *countingSource) Uint64() uint64 { c.n++; return c.src.Uint64() }

// A truncated normal samples in bounded time: with its mean below zero
// (where redrawing negative values took millions of tries per draw) it
// takes one uniform per draw, whatever the truncation Validate accepts.
func TestTruncatedNormalTakesOneUniformBelowZero(t *testing.T) {
	t.Parallel()
	for _, d := range []dist.Dist{dist.NewNormal(-5, 1), dist.NewNormal(-1e-9, 1), dist.NewNormal(-0.005, 1e-3), dist.NewNormal(-5e-300, 1e-300)} {
		src := &countingSource{src: rand.NewPCG(1, 2)}
		r := rand.New(src)
		for i := range 1000 {
			x := d.Sample(r)
			if !(x >= 0) || math.IsInf(x, 0) {
				t.Fatalf("%v: draw %d = %g, want a finite x >= 0", d, i, x)
			}
		}
		if src.n != 1000 {
			t.Errorf("%v: 1000 draws took %d values from the source, want 1000", d, src.n)
		}
	}
}

// With its mean at or above zero a truncated normal redraws negative values,
// as it always has: the draws of existing scenarios do not change.
func TestTruncatedNormalRedrawsAboveZero(t *testing.T) {
	t.Parallel()
	for _, d := range []dist.Dist{dist.NewNormal(8, 2), dist.NewNormal(1, 1), dist.NewNormal(0, 3)} {
		got, want := dist.Stream(7, 0, "x"), dist.Stream(7, 0, "x")
		for i := range 10_000 {
			var w float64
			for {
				if w = d.A + d.B*want.NormFloat64(); w >= 0 {
					break
				}
			}
			if g := d.Sample(got); g != w {
				t.Fatalf("%v: draw %d = %g, want %g as by redrawing", d, i, g, w)
			}
		}
	}
}
