package scenario

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim/dist"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   any
		want float64
		err  string
	}{
		{"90m", 90.0 / 1440, ""},
		{"12h", 0.5, ""},
		{"5d", 5, ""},
		{"1.5d", 1.5, ""},
		{" 2w ", 14, ""},
		{"1y", 365, ""},
		{"-3d", -3, ""},
		{int64(4), 4, ""},
		{2.5, 2.5, ""},
		{"5", 0, "has no unit"},
		{"", 0, "empty string"},
		{"d", 0, "expected a duration"},
		{"5s", 0, `unknown unit "s"`},
		{"five days", 0, "expected a duration"},
		{"1e3d", 0, "expected a duration"},
		{"infd", 0, "expected a duration"},
		{"1.2.3d", 0, "expected a duration"},
		{"0x10d", 0, "expected a duration"},
		{true, 0, "got boolean true"},
		{math.Inf(1), 0, "expected a duration"},
		{math.NaN(), 0, "expected a duration"},
	}
	for _, tt := range tests {
		got, err := toDays(tt.in)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, "%v", tt.in)
			continue
		}
		assert.NoError(t, err, "%v", tt.in)
		assert.InDelta(t, tt.want, got, 1e-12, "%v", tt.in)
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	keys := []string{"id", "lead_time", "capacity"}
	tests := []struct {
		word, want string
	}{
		{"lead_tme", "lead_time"},
		{"leadtime", "lead_time"},
		{"LEAD_TIME", "lead_time"},
		{"capcaity", "capacity"},
		{"ID", "id"},
		{"x", ""},
		{"colour", ""},
	}
	for _, tt := range tests {
		got, ok := closest(tt.word, keys)
		assert.Equal(t, tt.want, got, tt.word)
		assert.Equal(t, tt.want != "", ok, tt.word)
	}
	got, _ := closest("rq", []string{"base_stock", "rQ", "sS", "RS"})
	assert.Equal(t, "rQ", got)
	assert.Equal(t, `did you mean "rQ"?`, didYouMean("rq", []string{"rQ", "sS"}, "policy types"))
	assert.Equal(t, "known policy types: rQ, sS", didYouMean("zzz", []string{"rQ", "sS"}, "policy types"))
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 0, editDistance("mean", "mean"))
	assert.Equal(t, 1, editDistance("mena", "mean"), "a transposition is one edit")
	assert.Equal(t, 3, editDistance("kitten", "sitting"))
	assert.Equal(t, 4, editDistance("", "abcd"))
	assert.Equal(t, 1, editDistance("café", "cafe"), "runes, not bytes")
}

func TestErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.toml", Line: 3, Col: 7, Path: "stock[0].at", Msg: "bad"}, "a.toml:3:7: bad"},
		{Error{File: "a.toml", Line: 3, Msg: "bad"}, "a.toml:3: bad"},
		{Error{File: "a.toml", Path: "stock[2].policy", Msg: "bad"}, "a.toml: stock[2].policy: bad"},
		{Error{File: "a.toml", Msg: "file is empty"}, "a.toml: file is empty"},
		{Error{File: "a.toml", Line: 1, Col: 1, Msg: "unknown key", Hint: `did you mean "id"?`},
			`a.toml:1:1: unknown key; hint: did you mean "id"?`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.e.Error())
	}
	list := ErrorList{
		{File: "f", Line: 9, Col: 1, Msg: "c"},
		{File: "f", Msg: "a"},
		{File: "f", Line: 2, Col: 5, Msg: "b"},
		{File: "f", Line: 9, Col: 1, Msg: "c"},
	}
	assert.Equal(t, "f: a\nf:2:5: b\nf:9:1: c", list.sort().Error())
}

// distOf decodes `x = value` as a distribution of unit u.
func distOf(t *testing.T, value string, u distUnit) (dist.Dist, ErrorList) {
	t.Helper()
	doc := "[t]\nx = " + value + "\n"
	md, top, err := decodeTOML(doc)
	require.NoError(t, err, value)
	d := &decoder{file: "f", loc: newLocator(doc, md, top)}
	var v any
	require.NoError(t, md.PrimitiveDecode(top["t"], &v))
	tbl := d.newTable(sectionPath("t"), "[t]", "", v.(map[string]any))
	got, ok := tbl.dist("x", u)
	assert.Equal(t, ok, len(d.errs) == 0, value)
	return got, d.errs
}

func TestDistForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		unit  distUnit
		want  dist.Dist
	}{
		{`3`, quantityDist, dist.Const(3)},
		{`"3d"`, timeDist, dist.Const(3)},
		{`"36h"`, timeDist, dist.Const(1.5)},
		{`{ dist = "constant", value = "1w" }`, timeDist, dist.Const(7)},
		{`{ dist = "uniform", min = 1, max = 3 }`, quantityDist, dist.NewUniform(1, 3)},
		{`{ dist = "discrete_uniform", min = 1, max = 3 }`, quantityDist, dist.NewDiscreteUniform(1, 3)},
		{`{ dist = "triangular", min = "1d", mode = "2d", max = "4d" }`, timeDist, dist.NewTriangular(1, 2, 4)},
		{`{ dist = "normal", mean = 10, sd = 2 }`, quantityDist, dist.NewNormal(10, 2)},
		{`{ dist = "normal", mean = 10, cv = 0.2 }`, quantityDist, dist.NewNormal(10, 2)},
		{`{ dist = "lognormal", mean = "30d", cv = 0.2 }`, timeDist, dist.NewLogNormal(30, 0.2)},
		{`{ dist = "lognormal", mu = 1, sigma = 0.5 }`, timeDist, dist.NewLogNormalMuSigma(1, 0.5)},
		{`{ dist = "gamma", mean = 6, cv = 0.5 }`, quantityDist, dist.NewGammaMeanCV(6, 0.5)},
		{`{ dist = "gamma", shape = 4, scale = "12h" }`, timeDist, dist.NewGamma(4, 0.5)},
		{`{ dist = "exponential", mean = "2w" }`, timeDist, dist.NewExponential(14)},
		{`{ dist = "poisson", mean = 4 }`, quantityDist, dist.NewPoisson(4)},
		{`{ dist = "geometric", mean = 1.5 }`, quantityDist, dist.NewGeometric(1.5)},
		{`{ dist = "negative_binomial", mean = 4, variance = 8 }`, quantityDist, dist.NewNegBinomialMeanVar(4, 8)},
		{`{ dist = "negative_binomial", r = 2, p = 0.25 }`, quantityDist, dist.NewNegBinomial(2, 0.25)},
		{`{ dist = "empirical", values = [1, 2] }`, quantityDist, dist.NewEmpirical([]float64{1, 2}, nil)},
		{`{ dist = "empirical", values = ["1d", 2.5], weights = [3, 1] }`, timeDist, dist.NewEmpirical([]float64{1, 2.5}, []float64{3, 1})},
	}
	for _, tt := range tests {
		got, errs := distOf(t, tt.value, tt.unit)
		require.Empty(t, errs, tt.value)
		assertDist(t, tt.want, got, tt.value)
	}
}

func TestDistErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		unit  distUnit
		want  string
	}{
		{`-1`, quantityDist, "x: must not be negative, got integer -1"},
		{`"5d"`, quantityDist, "x: expected a number, got string"},
		{`nan`, quantityDist, "x: expected a finite number, got float NaN"},
		{`true`, timeDist, "x: expected a duration"},
		{`{ mean = 1 }`, quantityDist, `x: missing dist = "NAME"`},
		{`{ dist = 5, mean = 1 }`, quantityDist, "x.dist: expected a string, got integer 5"},
		{`{ dist = "Poisson", mean = 1 }`, quantityDist, `unknown distribution "Poisson"`},
		{`{ dist = "weibull", shape = 1 }`, quantityDist, "known distributions: constant,"},
		{`{ dist = "poisson", mean = 1, sd = 1 }`, quantityDist, "x.sd: unknown parameter for poisson"},
		{`{ dist = "lognormal", mean = 1 }`, quantityDist, "x: lognormal takes mean and cv, or mu and sigma; got mean"},
		{`{ dist = "lognormal", mean = 1, cv = -1 }`, quantityDist, "need mean > 0 and cv >= 0"},
		{`{ dist = "lognormal", mu = 1, sigma = -1 }`, quantityDist, "sigma -1 is negative"},
		{`{ dist = "lognormal", mu = 800, sigma = 1 }`, quantityDist, "infinite mean"},
		{`{ dist = "normal", mean = -10, sd = 1 }`, quantityDist, "leaves almost nothing above zero"},
		{`{ dist = "normal", mean = 0, cv = 1 }`, quantityDist, "with cv, need mean > 0"},
		{`{ dist = "gamma", shape = 0, scale = 1 }`, quantityDist, "shape and scale must be positive"},
		{`{ dist = "gamma", mean = 1, cv = 0 }`, quantityDist, "need mean > 0 and cv > 0"},
		{`{ dist = "exponential", mean = 0 }`, quantityDist, "mean must be positive"},
		{`{ dist = "poisson", mean = -1 }`, quantityDist, "mean must be positive"},
		{`{ dist = "geometric", mean = 0.5 }`, quantityDist, "mean must be at least 1"},
		{`{ dist = "negative_binomial", mean = 4, variance = 4 }`, quantityDist, "need 0 < mean < variance"},
		{`{ dist = "negative_binomial", mean = 0, variance = 4 }`, quantityDist, "need 0 < mean < variance"},
		{`{ dist = "negative_binomial", r = 1, p = 1.5 }`, quantityDist, "0 < p <= 1"},
		{`{ dist = "uniform", min = 3, max = 1 }`, quantityDist, "need 0 <= min <= max"},
		{`{ dist = "discrete_uniform", min = 0.5, max = 3 }`, quantityDist, "whole numbers"},
		{`{ dist = "discrete_uniform", min = 0, max = 1e300 }`, quantityDist, "x.max: must be at most 1e+12 in size, got float 1e+300"},
		{`5e-324`, quantityDist, "x: must not be this close to 0 (numbers other than 0 are at least 1e-12 in size), got float 5e-324"},
		{`1e308`, timeDist, "x: must be at most 36500d (100 years), got float 1e+308"},
		{`"100000000d"`, timeDist, `x: must be at most 36500d (100 years), got string "100000000d"`},
		{`"1e308d"`, timeDist, `x: expected a duration`},
		{`{ dist = "lognormal", mean = "1000y", cv = 1 }`, timeDist, "x.mean: must be at most 36500d"},
		{`{ dist = "gamma", shape = 1e6, scale = "100d" }`, timeDist, "x: gamma: the mean is 1e+08d, longer than 36500d (100 years)"},
		{`{ dist = "lognormal", mu = 30, sigma = 1 }`, quantityDist, "x: lognormal: the mean is 1.7"},
		{`{ dist = "triangular", min = 1, mode = 1, max = 1 }`, quantityDist, "min < max"},
		{`{ dist = "empirical", values = [] }`, quantityDist, "values must not be empty"},
		{`{ dist = "empirical", values = [1, 2], weights = [0, 0] }`, quantityDist, "add up to more than zero"},
		{`{ dist = "empirical", values = [1, 2], weights = [-1, 2] }`, quantityDist, "weights must not be negative"},
		{`{ dist = "empirical", values = [1, -2] }`, quantityDist, "value -2 is negative"},
		{`{ dist = "empirical", values = [1, "x"] }`, quantityDist, "x.values: element 2: expected a number"},
		{`{ dist = "empirical", values = 3 }`, quantityDist, "x.values: expected an array"},
		{`{ dist = "uniform", min = "1x", max = "2d" }`, timeDist, `x.min: "1x": unknown unit "x"`},
	}
	for _, tt := range tests {
		_, errs := distOf(t, tt.value, tt.unit)
		require.NotEmpty(t, errs, tt.value)
		assert.Contains(t, errs.Error(), tt.want, tt.value)
	}
}
