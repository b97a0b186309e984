// Package dist provides the probability distributions a scenario can use
// (lead times, transit times, order sizes, patience, ...) and the random
// streams they draw from.
//
// A Dist is a small value: its Kind and up to three parameters. Check it with
// Validate before sampling: Sample assumes valid parameters and never checks
// them again on the hot path. The package does no I/O.
package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Kind names a family of distributions.
type Kind uint8

// The distribution families. The zero Kind is Constant, so the zero Dist is
// the constant 0.
const (
	Constant        Kind = iota // A
	Uniform                     // continuous on [A, B]
	DiscreteUniform             // whole numbers A, A+1, ..., B
	Triangular                  // min A, mode B, max C
	Normal                      // mean A, sd B, truncated at zero
	LogNormal                   // log-mean A (mu), log-sd B (sigma)
	Gamma                       // shape A, scale B
	Exponential                 // mean A
	Poisson                     // mean A
	Geometric                   // number of trials to the first success, on 1, 2, ...; mean A
	NegBinomial                 // failures before the A-th success, success probability B; on 0, 1, ...
	Empirical                   // Values with Weights
)

var kindNames = [...]string{
	Constant: "constant", Uniform: "uniform", DiscreteUniform: "discrete_uniform",
	Triangular: "triangular", Normal: "normal", LogNormal: "lognormal", Gamma: "gamma",
	Exponential: "exponential", Poisson: "poisson", Geometric: "geometric",
	NegBinomial: "negative_binomial", Empirical: "empirical",
}

// Names lists the distribution names accepted by ParseKind, in a stable order.
func Names() []string { return append([]string(nil), kindNames[:]...) }

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind returns the Kind for a name such as "lognormal".
func ParseKind(name string) (Kind, bool) {
	for k, n := range kindNames {
		if n == name {
			return Kind(k), true
		}
	}
	return 0, false
}

// Dist is a distribution of a non-negative quantity (days, units, ...).
type Dist struct {
	Kind    Kind
	A, B, C float64
	Values  []float64 // Empirical only
	Weights []float64 // Empirical only: cumulative, normalised to end at 1
}

// Const returns the constant distribution at v.
func Const(v float64) Dist { return Dist{Kind: Constant, A: v} }

// NewUniform returns the continuous uniform distribution on [min, max].
func NewUniform(min, max float64) Dist { return Dist{Kind: Uniform, A: min, B: max} }

// NewDiscreteUniform returns the uniform distribution on the whole numbers min..max.
func NewDiscreteUniform(min, max float64) Dist { return Dist{Kind: DiscreteUniform, A: min, B: max} }

// NewTriangular returns the triangular distribution with the given min, mode and max.
func NewTriangular(min, mode, max float64) Dist {
	return Dist{Kind: Triangular, A: min, B: mode, C: max}
}

// NewNormal returns the normal distribution with the given mean and standard
// deviation, truncated at zero: conditioned on being non-negative.
func NewNormal(mean, sd float64) Dist { return Dist{Kind: Normal, A: mean, B: sd} }

// NewLogNormal returns the lognormal distribution with the given mean and
// coefficient of variation (sd / mean).
func NewLogNormal(mean, cv float64) Dist {
	s2 := math.Log1p(cv * cv)
	return Dist{Kind: LogNormal, A: math.Log(mean) - s2/2, B: math.Sqrt(s2)}
}

// NewLogNormalMuSigma returns the lognormal distribution of exp(N(mu, sigma²)).
func NewLogNormalMuSigma(mu, sigma float64) Dist { return Dist{Kind: LogNormal, A: mu, B: sigma} }

// NewGamma returns the gamma distribution with the given shape and scale.
func NewGamma(shape, scale float64) Dist { return Dist{Kind: Gamma, A: shape, B: scale} }

// NewGammaMeanCV returns the gamma distribution with the given mean and
// coefficient of variation.
func NewGammaMeanCV(mean, cv float64) Dist {
	shape := 1 / (cv * cv)
	return Dist{Kind: Gamma, A: shape, B: mean / shape}
}

// NewExponential returns the exponential distribution with the given mean.
func NewExponential(mean float64) Dist { return Dist{Kind: Exponential, A: mean} }

// NewPoisson returns the Poisson distribution with the given mean.
func NewPoisson(mean float64) Dist { return Dist{Kind: Poisson, A: mean} }

// NewGeometric returns the geometric distribution on 1, 2, ... with the given mean (>= 1).
func NewGeometric(mean float64) Dist { return Dist{Kind: Geometric, A: mean} }

// NewNegBinomial returns the negative binomial distribution of the number of
// failures before the r-th success with success probability p.
func NewNegBinomial(r, p float64) Dist { return Dist{Kind: NegBinomial, A: r, B: p} }

// NewNegBinomialMeanVar returns the negative binomial distribution with the
// given mean and variance (variance > mean).
func NewNegBinomialMeanVar(mean, variance float64) Dist {
	p := mean / variance
	return Dist{Kind: NegBinomial, A: mean * p / (1 - p), B: p}
}

// NewEmpirical returns the discrete distribution taking values[i] with
// probability proportional to weights[i]. A nil weights means equal weights.
func NewEmpirical(values, weights []float64) Dist {
	d := Dist{Kind: Empirical, Values: append([]float64(nil), values...)}
	if weights == nil {
		weights = make([]float64, len(values))
		for i := range weights {
			weights[i] = 1
		}
	}
	d.Weights = make([]float64, len(weights))
	var total float64
	for _, w := range weights {
		total += w
	}
	var acc float64
	for i, w := range weights {
		acc += w
		d.Weights[i] = acc / total
	}
	if len(weights) != len(values) || !(total > 0) {
		d.Weights = append(d.Weights, -1) // Validate reports it
	}
	return d
}

// maxParam bounds every parameter (and empirical value).
const maxParam = 1e12

// Validate reports the first problem with the parameters, as a sentence
// fit for a scenario error, or nil.
func (d Dist) Validate() error {
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	if !finite(d.A, d.B, d.C) {
		return fmt.Errorf("%s: parameters must be finite numbers", d.Kind)
	}
	// No quantity or duration in a supply chain comes near this; far larger
	// values overflow the samplers to infinity.
	if math.Max(math.Abs(d.A), math.Max(math.Abs(d.B), math.Abs(d.C))) > maxParam {
		return fmt.Errorf("%s: parameters must be below %g", d.Kind, maxParam)
	}
	switch d.Kind {
	case Constant:
		if d.A < 0 {
			return fmt.Errorf("constant: value %g is negative", d.A)
		}
	case Uniform, DiscreteUniform:
		if d.A < 0 || d.B < d.A {
			return fmt.Errorf("%s: need 0 <= min <= max, got min %g, max %g", d.Kind, d.A, d.B)
		}
		if d.Kind == DiscreteUniform && (d.A != math.Trunc(d.A) || d.B != math.Trunc(d.B)) {
			return fmt.Errorf("discrete_uniform: min and max must be whole numbers")
		}
	case Triangular:
		if d.A < 0 || d.B < d.A || d.C < d.B || d.C == d.A {
			return fmt.Errorf("triangular: need 0 <= min <= mode <= max and min < max, got %g, %g, %g", d.A, d.B, d.C)
		}
	case Normal:
		if d.B < 0 {
			return fmt.Errorf("normal: sd %g is negative", d.B)
		}
		if d.A <= 0 && d.B == 0 || d.B > 0 && d.A/d.B < -5 {
			return fmt.Errorf("normal: mean %g with sd %g leaves almost nothing above zero", d.A, d.B)
		}
	case LogNormal:
		if d.B < 0 {
			return fmt.Errorf("lognormal: sigma %g is negative", d.B)
		}
	case Gamma:
		if d.A <= 0 || d.B <= 0 {
			return fmt.Errorf("gamma: shape and scale must be positive, got %g and %g", d.A, d.B)
		}
	case Exponential, Poisson:
		if d.A <= 0 {
			return fmt.Errorf("%s: mean must be positive, got %g", d.Kind, d.A)
		}
	case Geometric:
		if d.A < 1 {
			return fmt.Errorf("geometric: mean must be at least 1 (it counts 1, 2, ...), got %g", d.A)
		}
	case NegBinomial:
		if d.A <= 0 || d.B <= 0 || d.B > 1 {
			return fmt.Errorf("negative_binomial: need r > 0 and 0 < p <= 1 (mean must be below variance), got r %g, p %g", d.A, d.B)
		}
	case Empirical:
		return d.validateEmpirical()
	default:
		return fmt.Errorf("unknown distribution kind %d", d.Kind)
	}
	return nil
}

func (d Dist) validateEmpirical() error {
	n := len(d.Values)
	if n == 0 {
		return fmt.Errorf("empirical: values must not be empty")
	}
	if len(d.Weights) != n || d.Weights[n-1] != 1 {
		return fmt.Errorf("empirical: weights must match values one for one and add up to more than zero")
	}
	prev := 0.0
	for i, v := range d.Values {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v > maxParam {
			return fmt.Errorf("empirical: value %g is negative or not finite", v)
		}
		if d.Weights[i] < prev || math.IsNaN(d.Weights[i]) {
			return fmt.Errorf("empirical: weights must not be negative")
		}
		prev = d.Weights[i]
	}
	return nil
}

// IsConstant reports whether every draw gives the same value.
func (d Dist) IsConstant() bool { return d.Kind == Constant }

// Sample draws one value from r. d must be valid.
func (d Dist) Sample(r *rand.Rand) float64 {
	switch d.Kind {
	case Constant:
		return d.A
	case Uniform:
		return d.A + (d.B-d.A)*r.Float64()
	case DiscreteUniform:
		return d.A + float64(r.Int64N(int64(d.B-d.A)+1))
	case Triangular:
		return d.triangular(r.Float64())
	case Normal:
		return d.truncatedNormal(r)
	case LogNormal:
		return math.Exp(d.A + d.B*r.NormFloat64())
	case Gamma:
		return distuv.Gamma{Alpha: d.A, Beta: 1 / d.B, Src: r}.Rand()
	case Exponential:
		return d.A * r.ExpFloat64()
	case Poisson:
		return distuv.Poisson{Lambda: d.A, Src: r}.Rand()
	case Geometric:
		if d.A == 1 {
			return 1
		}
		// Inversion: P(X > k) = (1-p)^k with p = 1/mean.
		return 1 + math.Floor(math.Log(1-r.Float64())/math.Log1p(-1/d.A))
	case NegBinomial:
		if d.B == 1 {
			return 0
		}
		// Gamma-Poisson mixture.
		lambda := distuv.Gamma{Alpha: d.A, Beta: d.B / (1 - d.B), Src: r}.Rand()
		if lambda <= 0 {
			return 0
		}
		if math.IsInf(lambda, 1) {
			return lambda // overflow, as for the other unbounded kinds; Poisson(+Inf) would give NaN
		}
		return distuv.Poisson{Lambda: lambda, Src: r}.Rand()
	case Empirical:
		u := r.Float64()
		// First cumulative weight above u, so a zero-weight value is never drawn, even for u = 0.
		return d.Values[sort.Search(len(d.Weights), func(i int) bool { return d.Weights[i] > u })]
	}
	panic("dist: unknown kind " + d.Kind.String())
}

// maxRedraws bounds the redraws of a truncated normal with mean >= 0: each
// draw is kept with probability at least 1/2, so running out happens less
// than once in 2^64 draws.
const maxRedraws = 64

// truncatedNormal draws from N(A, B²) conditioned on being non-negative, in
// bounded time. With mean >= 0 it redraws negative values (at most
// maxRedraws times); with mean < 0, where redrawing can take millions of
// tries (mean -5 sd keeps one draw in 3.5 million), and after running out
// of redraws, it inverts the distribution function of the part above zero
// with one uniform draw. Both ways are exact, so the mixture is too.
func (d Dist) truncatedNormal(r *rand.Rand) float64 {
	if d.A >= 0 {
		for range maxRedraws {
			if x := d.A + d.B*r.NormFloat64(); x >= 0 {
				return x
			}
		}
	}
	return d.normalAbove(1 - r.Float64())
}

// normalAbove returns the value x >= 0 with P(X >= x | X >= 0) = u, for u
// in (0, 1]. It works on the upper tail, P(Z >= z) = u P(Z >= alpha), which
// keeps its precision when little of the distribution is above zero.
func (d Dist) normalAbove(u float64) float64 {
	alpha := -d.A / d.B
	tail := 0.5 * math.Erfc(alpha/math.Sqrt2) // P(Z >= alpha)
	z := -distuv.UnitNormal.Quantile(u * tail)
	return math.Max(0, d.A+d.B*z)
}

func (d Dist) triangular(u float64) float64 {
	a, m, b := d.A, d.B, d.C
	if u < (m-a)/(b-a) {
		return a + math.Sqrt(u*(b-a)*(m-a))
	}
	return b - math.Sqrt((1-u)*(b-a)*(b-m))
}

// Mean returns the expected value. d must be valid.
func (d Dist) Mean() float64 {
	m, _ := d.moments()
	return m
}

// Var returns the variance. d must be valid.
func (d Dist) Var() float64 {
	_, v := d.moments()
	return v
}

func (d Dist) moments() (mean, variance float64) {
	switch d.Kind {
	case Constant:
		return d.A, 0
	case Uniform:
		return (d.A + d.B) / 2, (d.B - d.A) * (d.B - d.A) / 12
	case DiscreteUniform:
		n := d.B - d.A + 1
		return (d.A + d.B) / 2, (n*n - 1) / 12
	case Triangular:
		a, m, b := d.A, d.B, d.C
		return (a + m + b) / 3, (a*a + m*m + b*b - a*m - a*b - m*b) / 18
	case Normal:
		return truncatedNormalMoments(d.A, d.B)
	case LogNormal:
		mean = math.Exp(d.A + d.B*d.B/2)
		return mean, mean * mean * math.Expm1(d.B*d.B)
	case Gamma:
		return d.A * d.B, d.A * d.B * d.B
	case Exponential:
		return d.A, d.A * d.A
	case Poisson:
		return d.A, d.A
	case Geometric:
		return d.A, d.A * (d.A - 1)
	case NegBinomial:
		q := 1 - d.B
		return d.A * q / d.B, d.A * q / (d.B * d.B)
	case Empirical:
		var m, m2, prev float64
		for i, v := range d.Values {
			p := d.Weights[i] - prev
			prev = d.Weights[i]
			m += p * v
			m2 += p * v * v
		}
		return m, math.Max(0, m2-m*m)
	}
	panic("dist: unknown kind " + d.Kind.String())
}

// truncatedNormalMoments gives the mean and variance of N(mu, sd²) conditioned
// on being non-negative.
func truncatedNormalMoments(mu, sd float64) (float64, float64) {
	if sd == 0 {
		return mu, 0
	}
	alpha := -mu / sd
	z := 0.5 * math.Erfc(alpha/math.Sqrt2) // 1 - Phi(alpha) without cancellation for large alpha
	lambda := distuv.UnitNormal.Prob(alpha) / z
	mean := mu + sd*lambda
	return mean, sd * sd * (1 + alpha*lambda - lambda*lambda)
}

// Max returns the largest value d can take, or +Inf when it is unbounded.
func (d Dist) Max() float64 {
	switch d.Kind {
	case Constant:
		return d.A
	case Uniform, DiscreteUniform:
		return d.B
	case Triangular:
		return d.C
	case Empirical:
		m := 0.0
		for _, v := range d.Values {
			m = math.Max(m, v)
		}
		return m
	}
	return math.Inf(1)
}

// String describes d in the scenario file's words, for reports and errors.
func (d Dist) String() string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	switch d.Kind {
	case Constant:
		return g(d.A)
	case Uniform, DiscreteUniform:
		return fmt.Sprintf("%s(min %s, max %s)", d.Kind, g(d.A), g(d.B))
	case Triangular:
		return fmt.Sprintf("triangular(min %s, mode %s, max %s)", g(d.A), g(d.B), g(d.C))
	case Normal:
		return fmt.Sprintf("normal(mean %s, sd %s)", g(d.A), g(d.B))
	case LogNormal, Gamma:
		m, v := d.moments()
		return fmt.Sprintf("%s(mean %s, cv %s)", d.Kind, g(m), g(math.Sqrt(v)/m))
	case Exponential, Poisson, Geometric:
		return fmt.Sprintf("%s(mean %s)", d.Kind, g(d.A))
	case NegBinomial:
		m, v := d.moments()
		return fmt.Sprintf("negative_binomial(mean %s, variance %s)", g(m), g(v))
	case Empirical:
		parts := make([]string, len(d.Values))
		for i, v := range d.Values {
			parts[i] = g(v)
		}
		return "empirical(" + strings.Join(parts, ", ") + ")"
	}
	return d.Kind.String()
}
