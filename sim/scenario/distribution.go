package scenario

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/supplysim/supplysim/sim/dist"
)

// distUnit says what a distribution measures, which decides how its
// parameters are written.
type distUnit uint8

const (
	timeDist     distUnit = iota // days: value, min, max, mode, mean, sd, scale and values are durations
	quantityDist                 // units: every parameter is a plain number
)

// isTimeParam reports whether a parameter is in the distribution's own
// unit (a duration for a time distribution) rather than a plain number
// (cv, mu, sigma, shape, r, p, variance, weights).
func isTimeParam(name string) bool {
	switch name {
	case "value", "min", "max", "mode", "mean", "sd", "scale", "values":
		return true
	}
	return false
}

// distForms lists the parameter sets a distribution accepts.
func distForms(k dist.Kind) [][]string {
	switch k {
	case dist.Constant:
		return [][]string{{"value"}}
	case dist.Uniform, dist.DiscreteUniform:
		return [][]string{{"min", "max"}}
	case dist.Triangular:
		return [][]string{{"min", "mode", "max"}}
	case dist.Normal:
		return [][]string{{"mean", "sd"}, {"mean", "cv"}}
	case dist.LogNormal:
		return [][]string{{"mean", "cv"}, {"mu", "sigma"}}
	case dist.Gamma:
		return [][]string{{"mean", "cv"}, {"shape", "scale"}}
	case dist.NegBinomial:
		return [][]string{{"mean", "variance"}, {"r", "p"}}
	case dist.Empirical:
		return [][]string{{"values"}, {"values", "weights"}}
	}
	return [][]string{{"mean"}} // exponential, poisson, geometric
}

// describeForms says what parameters k takes: "mean and cv, or mu and sigma".
func describeForms(k dist.Kind) string {
	forms := distForms(k)
	parts := make([]string, len(forms))
	for i, f := range forms {
		parts[i] = joinAnd(f)
	}
	return strings.Join(parts, ", or ")
}

// joinAnd joins words as in "min, mode and max".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// dist returns key's value as a distribution: a bare number (or duration,
// for a time distribution) is a constant; a table names its dist.
func (t *table) dist(key string, u distUnit) (dist.Dist, bool) {
	v, ok := t.get(key)
	if !ok {
		return dist.Dist{}, false
	}
	var d dist.Dist
	if _, isTable := v.(map[string]any); isTable {
		d, ok = t.distTable(key, u)
	} else {
		d, ok = t.distConst(key, v, u)
	}
	if !ok {
		t.bad[key] = true
	}
	return d, ok
}

// distConst decodes a constant distribution written as a bare value.
func (t *table) distConst(key string, v any, u distUnit) (dist.Dist, bool) {
	var x float64
	var err error
	if u == timeDist {
		x, err = toShortDays(v)
	} else {
		x, err = toNumber(v)
	}
	switch {
	case err != nil:
		t.errorf(key, hintFor(err, `a distribution is written { dist = "poisson", mean = 3 }`), "%v", err)
	case x < 0:
		t.errorf(key, "", "must not be negative, got %s", describe(v))
	default:
		return dist.Const(x), true
	}
	return dist.Dist{}, false
}

// distTable decodes { dist = "NAME", param = value, ... }.
func (t *table) distTable(key string, u distUnit) (dist.Dist, bool) {
	dt, _ := t.sub(key, `dist = "lognormal", mean = "5d", cv = 0.3`)
	kind, ok := dt.distKind()
	if !ok {
		return dist.Dist{}, false
	}
	form, ok := dt.distForm(kind)
	if !ok {
		return dist.Dist{}, false
	}
	params, values, weights, ok := dt.distParams(form, u)
	if !ok {
		return dist.Dist{}, false
	}
	d, err := buildDist(kind, params, values, weights)
	if err == nil {
		err = checkDist(d)
	}
	if err == nil {
		err = checkDistBounds(d, u)
	}
	if err != nil {
		t.errorf(key, "", "%v", err)
		return dist.Dist{}, false
	}
	return d, true
}

// distKind reads the table's dist key.
func (dt *table) distKind() (dist.Kind, bool) {
	names := dist.Names()
	if !dt.has("dist") {
		dt.tableErrorf("known distributions: "+strings.Join(names, ", "),
			"%s: missing dist = \"NAME\" in the distribution table", strings.TrimSuffix(dt.prefix, "."))
		return 0, false
	}
	name, ok := dt.str("dist")
	if !ok {
		return 0, false
	}
	kind, ok := dist.ParseKind(name)
	if !ok {
		dt.errorf("dist", didYouMean(name, names, "distributions"), "unknown distribution %q", name)
	}
	return kind, ok
}

// distForm returns the parameter set of kind the table holds, reporting
// unknown, missing or mixed parameters.
func (dt *table) distForm(kind dist.Kind) ([]string, bool) {
	var given []string
	for k := range dt.vals {
		if k != "dist" {
			given = append(given, k)
		}
	}
	sort.Strings(given)
	for _, f := range distForms(kind) {
		if sameSet(f, given) {
			return f, true
		}
	}
	if dt.rejectDistParams(kind, given) {
		return nil, false
	}
	got := "no parameters"
	if len(given) > 0 {
		got = joinAnd(given)
	}
	dt.tableErrorf("", "%s: %s takes %s; got %s", strings.TrimSuffix(dt.prefix, "."), kind, describeForms(kind), got)
	return nil, false
}

// rejectDistParams reports parameters kind never takes and says whether
// there were any.
func (dt *table) rejectDistParams(kind dist.Kind, given []string) bool {
	var allowed []string
	for _, f := range distForms(kind) {
		for _, p := range f {
			if !slices.Contains(allowed, p) {
				allowed = append(allowed, p)
			}
		}
	}
	found := false
	for _, p := range given {
		if !slices.Contains(allowed, p) {
			hint := didYouMean(p, allowed, "parameters")
			if _, ok := closest(p, allowed); !ok {
				hint = fmt.Sprintf("%s takes %s", kind, describeForms(kind))
			}
			dt.errorf(p, hint, "unknown parameter for %s", kind)
			found = true
		}
	}
	return found
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// distParams reads the parameters of form.
func (dt *table) distParams(form []string, u distUnit) (params map[string]float64, values, weights []float64, ok bool) {
	params = map[string]float64{}
	ok = true
	for _, p := range form {
		var good bool
		switch p {
		case "values":
			values, good = dt.distArray(p, u)
		case "weights":
			weights, good = dt.distArray(p, quantityDist)
		default:
			params[p], good = dt.distParam(p, u)
		}
		ok = ok && good
	}
	return params, values, weights, ok
}

// distParam reads one number, a duration when it is a time parameter of a
// time distribution. Signs are left to the distribution's checks.
func (dt *table) distParam(name string, u distUnit) (float64, bool) {
	v, _ := dt.get(name)
	x, err := toNumber(v)
	if u == timeDist && isTimeParam(name) {
		x, err = toShortDays(v)
	}
	if err != nil {
		dt.errorf(name, hintFor(err, ""), "%v", err)
		return 0, false
	}
	return x, true
}

// distArray reads an array of parameters (empirical values or weights).
func (dt *table) distArray(name string, u distUnit) ([]float64, bool) {
	v, _ := dt.get(name)
	arr, ok := v.([]any)
	if !ok {
		dt.errorf(name, "", "expected an array such as [1, 2, 3], got %s", describe(v))
		return nil, false
	}
	xs := make([]float64, len(arr))
	for i, e := range arr {
		x, err := toNumber(e)
		if u == timeDist && isTimeParam(name) {
			x, err = toShortDays(e)
		}
		if err != nil {
			dt.errorf(name, hintFor(err, ""), "element %d: %v", i+1, err)
			return nil, false
		}
		xs[i] = x
	}
	return xs, true
}

// buildDist makes the distribution, checking what the constructors
// assume (positive means, non-negative cv, ...) so that none of them
// divides by zero or takes the log of a negative number.
func buildDist(k dist.Kind, p map[string]float64, values, weights []float64) (dist.Dist, error) {
	_, hasCV := p["cv"]
	_, hasVar := p["variance"]
	switch {
	case k == dist.Normal && hasCV:
		return normalMeanCV(p["mean"], p["cv"])
	case k == dist.LogNormal && hasCV:
		return lognormalMeanCV(p["mean"], p["cv"])
	case k == dist.Gamma && hasCV:
		return gammaMeanCV(p["mean"], p["cv"])
	case k == dist.NegBinomial && hasVar:
		return negBinomialMeanVar(p["mean"], p["variance"])
	case k == dist.Empirical:
		return empirical(values, weights)
	}
	return buildDirect(k, p), nil
}

// buildDirect makes a distribution from parameters its constructor takes
// as they are; Validate checks them.
func buildDirect(k dist.Kind, p map[string]float64) dist.Dist {
	switch k {
	case dist.Constant:
		return dist.Const(p["value"])
	case dist.Uniform:
		return dist.NewUniform(p["min"], p["max"])
	case dist.DiscreteUniform:
		return dist.NewDiscreteUniform(p["min"], p["max"])
	case dist.Triangular:
		return dist.NewTriangular(p["min"], p["mode"], p["max"])
	case dist.Normal:
		return dist.NewNormal(p["mean"], p["sd"])
	case dist.LogNormal:
		return dist.NewLogNormalMuSigma(p["mu"], p["sigma"])
	case dist.Gamma:
		return dist.NewGamma(p["shape"], p["scale"])
	case dist.Exponential:
		return dist.NewExponential(p["mean"])
	case dist.Poisson:
		return dist.NewPoisson(p["mean"])
	case dist.Geometric:
		return dist.NewGeometric(p["mean"])
	}
	return dist.NewNegBinomial(p["r"], p["p"])
}

func normalMeanCV(mean, cv float64) (dist.Dist, error) {
	if mean <= 0 || cv < 0 {
		return dist.Dist{}, fmt.Errorf("normal: with cv, need mean > 0 and cv >= 0, got mean %g, cv %g", mean, cv)
	}
	return dist.NewNormal(mean, mean*cv), nil
}

func lognormalMeanCV(mean, cv float64) (dist.Dist, error) {
	if mean <= 0 || cv < 0 {
		return dist.Dist{}, fmt.Errorf("lognormal: need mean > 0 and cv >= 0, got mean %g, cv %g", mean, cv)
	}
	return dist.NewLogNormal(mean, cv), nil
}

func gammaMeanCV(mean, cv float64) (dist.Dist, error) {
	if mean <= 0 || cv <= 0 {
		return dist.Dist{}, fmt.Errorf("gamma: need mean > 0 and cv > 0, got mean %g, cv %g", mean, cv)
	}
	return dist.NewGammaMeanCV(mean, cv), nil
}

func negBinomialMeanVar(mean, variance float64) (dist.Dist, error) {
	if mean <= 0 || variance <= mean {
		return dist.Dist{}, fmt.Errorf("negative_binomial: need 0 < mean < variance (use poisson when they are equal), got mean %g, variance %g", mean, variance)
	}
	return dist.NewNegBinomialMeanVar(mean, variance), nil
}

func empirical(values, weights []float64) (dist.Dist, error) {
	if weights != nil && len(weights) != len(values) {
		return dist.Dist{}, fmt.Errorf("empirical: %d weights for %d values; give one weight per value", len(weights), len(values))
	}
	for _, w := range weights {
		if w < 0 {
			return dist.Dist{}, fmt.Errorf("empirical: weights must not be negative, got %g", w)
		}
	}
	return dist.NewEmpirical(values, weights), nil
}

// checkDist validates d and makes sure its mean and variance are finite,
// which policy derivation relies on.
func checkDist(d dist.Dist) error {
	if err := d.Validate(); err != nil {
		return err
	}
	m, v := d.Mean(), d.Var()
	if math.IsNaN(m) || math.IsInf(m, 0) || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: the parameters give an infinite mean or variance", d.Kind)
	}
	return nil
}
