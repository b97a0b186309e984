package compare

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
	"github.com/supplysim/supplysim/sim/stats"
)

// baseStock is the base-stock case of docs/engine.md: Poisson demand of
// one unit at a time, 2 a day, a constant 5-day lead time, every short
// customer waits (backorder = 1).
const baseStock = `
[scenario]
name = "base stock"
horizon = "2y"
warmup = "30d"
replications = 20
seed = 1

[[sku]]
id = "kettle"
unit_cost = 25.0
holding_rate = 0.2

[[supplier]]
id = "wholesaler"
lead_time = "5d"

[[warehouse]]
id = "shop"

[[lane]]
from = "wholesaler"
to = "shop"

[[stock]]
at = "shop"
sku = "kettle"
source = "wholesaler"
policy = { type = "base_stock", S = 12 }

[[demand]]
at = "shop"
sku = "kettle"
rate = 2
backorder = 1
`

func loadBase(t testing.TB) *scenario.Base {
	t.Helper()
	b, err := scenario.Load("base-stock.toml", []byte(baseStock))
	require.NoError(t, err)
	return b
}

// runWith runs the base-stock case with the changes, on every core.
func runWith(t testing.TB, b *scenario.Base, sets ...string) *sim.Results {
	t.Helper()
	var cs []keypath.Change
	for _, s := range sets {
		c, err := keypath.ParseChange(s)
		require.NoError(t, err)
		cs = append(cs, c)
	}
	m, _, err := b.With(cs)
	require.NoError(t, err)
	res, err := sim.Run(m, sim.Options{NoSeries: true})
	require.NoError(t, err)
	return res
}

// Two identical variants differ by exactly zero in every replication: the
// pairing is replication by replication, on the same random streams.
func TestIdenticalVariantsDifferByZero(t *testing.T) {
	t.Parallel()
	b := loadBase(t)
	a, c := runWith(t, b, "stock[shop].policy.S=13"), runWith(t, b, "stock[shop].policy.S=13")
	cmp, err := New([]Run{{Name: "a", Results: a}, {Name: "b", Results: c}}, sim.MetricNames())
	require.NoError(t, err)
	for _, k := range cmp.KPIs {
		d := k.Diffs[0]
		require.Len(t, d.Values, 20)
		for r, v := range d.Values {
			if !math.IsNaN(k.Runs[0].Values[r]) {
				assert.Zero(t, v, "%s replication %d", k.Metric, r)
			}
		}
		if k.Runs[0].N > 1 {
			assert.Zero(t, d.Mean, k.Metric)
			assert.Zero(t, d.Paired, k.Metric)
			assert.False(t, d.Significant, k.Metric)
		}
	}
}

// A higher base-stock level fills at least as well in every replication:
// with the same demand and lead times, each unit more of S is one more
// unit on hand or on order at every instant. The paired test sees the
// improvement; its interval is far narrower than Welch's.
func TestHigherBaseStockFillsBetterEveryReplication(t *testing.T) {
	t.Parallel()
	b := loadBase(t)
	low, high := runWith(t, b, "stock[shop].policy.S=11"), runWith(t, b, "stock[shop].policy.S=12")
	cmp, err := New([]Run{{Name: "S=11", Results: low}, {Name: "S=12", Results: high}}, nil)
	require.NoError(t, err)
	fill := cmp.KPI("shop", "kettle", "fill_rate")
	require.NotNil(t, fill)
	for r := range 20 {
		assert.GreaterOrEqual(t, fill.Runs[1].Values[r], fill.Runs[0].Values[r], "replication %d", r)
	}
	d := fill.Diffs[0]
	assert.Positive(t, d.Mean)
	assert.True(t, d.Significant)
	assert.Less(t, d.Paired, d.Welch/2, "pairing narrows the interval")
	// Theory: P(D <= 11) - P(D <= 10) = P(D = 11) = 0.1137 for D ~ Poisson(10).
	assert.InDelta(t, 0.1137, d.Mean, 4*d.SD/math.Sqrt(20)+1e-9)
	// The paired interval needs far fewer replications than an unpaired one.
	w := cmp.WidestDifference("fill_rate")
	paired, unpaired := w.Needed(0.002)
	assert.Less(t, 5*paired, unpaired, "paired %d, unpaired %d", paired, unpaired)
}

func TestCompareRejectsUnpairedRuns(t *testing.T) {
	t.Parallel()
	b := loadBase(t)
	a := runWith(t, b)
	other := runWith(t, b, "scenario.seed=2")
	_, err := New([]Run{{Name: "a", Results: a}, {Name: "b", Results: other}}, nil)
	assert.ErrorContains(t, err, "common random numbers need one seed")
	fewer := runWith(t, b, "scenario.replications=5")
	_, err = New([]Run{{Name: "a", Results: a}, {Name: "b", Results: fewer}}, nil)
	assert.ErrorContains(t, err, "b has 5 replications and a 20")
	_, err = New([]Run{{Name: "a", Results: a}}, []string{"fill"})
	assert.ErrorContains(t, err, `unknown metric "fill"`)
}

// poissonCDF returns P(X <= k) for X ~ Poisson(mean):
// e^-mean * sum_{i=0..k} mean^i / i!, summed term by term.
func poissonCDF(k int, mean float64) float64 {
	term, sum := math.Exp(-mean), 0.0
	for i := 0; i <= k; i++ {
		if i > 0 {
			term *= mean / float64(i)
		}
		sum += term
	}
	return sum
}

// A sweep over S reproduces the base-stock fill rate of inventory theory
// at every S: with Poisson demand and a constant lead time L, the fill
// rate is P(D_L <= S-1), D_L ~ Poisson(2 x 5 = 10) (Zipkin 2000,
// Foundations of Inventory Management, section 6.2; for S = 12 it is
// 0.6968, scipy.stats.poisson.cdf(11, 10)). The tolerance is 4 standard
// errors of the simulated mean: a correct engine fails 1 time in 15,000
// per point. The points are also the efficient frontier (more stock,
// better fill), and the target picks S = 15, the first whose fill rate
// (0.9165) clears 0.9 with its whole interval.
func TestSweepReproducesBaseStockTheory(t *testing.T) {
	t.Parallel()
	assert.InDelta(t, 0.6968, poissonCDF(11, 10), 5e-5)
	b := loadBase(t)
	values, err := ParseValues("8:16:1")
	require.NoError(t, err)
	params := []Param{{Path: "stock[shop].policy.S", Values: values}}
	var points []Point
	for _, v := range Grid(params) {
		points = append(points, Point{Values: v, Results: runWith(t, b, "stock[shop].policy.S="+v[0])})
	}
	target, err := ParseTarget("fill_rate>=0.9")
	require.NoError(t, err)
	sw, err := NewSweep(params, points, SweepOptions{Target: &target, TargetParam: -1})
	require.NoError(t, err)
	for _, p := range sw.Points {
		S, _ := strconv.Atoi(p.Values[0])
		want := poissonCDF(S-1, 10)
		se := p.Service.SD / math.Sqrt(float64(p.Service.N))
		assert.InDelta(t, want, p.Service.Mean, 4*se, "S = %d", S)
		assert.True(t, p.Frontier, "S = %d", S)
	}
	require.GreaterOrEqual(t, sw.Chosen, 0)
	assert.Equal(t, "15", sw.Points[sw.Chosen].Values[0])
}

func TestFrontierAndTarget(t *testing.T) {
	t.Parallel()
	sum := func(mean, ci float64) stats.Summary { return stats.Summary{Mean: mean, CI95: ci, SD: ci, N: 10} }
	s := &Sweep{Chosen: -1, Target: &Target{Metric: "fill_rate", AtLeast: true, Bound: 0.9}, Points: []Point{
		{Values: []string{"a"}, Cost: sum(10, 1), Service: sum(0.80, 0.01)},
		{Values: []string{"b"}, Cost: sum(12, 1), Service: sum(0.92, 0.01)}, // meets
		{Values: []string{"c"}, Cost: sum(13, 1), Service: sum(0.90, 0.01)}, // dominated by b
		{Values: []string{"d"}, Cost: sum(12, 1), Service: sum(0.915, 0.03)},
		{Values: []string{"e"}, Cost: sum(20, 1), Service: sum(0.99, 0.01)}, // meets, dearer
		{Values: []string{"f"}, Cost: sum(9, 1), Service: stats.Summary{Mean: math.NaN(), CI95: math.NaN()}},
	}}
	for i := range s.Points {
		s.Points[i].TargetValue = s.Points[i].Service
		s.Points[i].Meets = s.Target.Meets(s.Points[i].TargetValue)
	}
	s.markFrontier()
	s.choose()
	var frontier []string
	for _, p := range s.Points {
		if p.Frontier {
			frontier = append(frontier, p.Values[0])
		}
	}
	assert.Equal(t, []string{"a", "b", "e"}, frontier)
	assert.Equal(t, 1, s.Chosen)
	assert.False(t, s.Points[3].Meets, "0.915 - 0.03 is below 0.9")

	s.Target.Bound = 0.995
	s.Chosen = -1
	for i := range s.Points {
		s.Points[i].Meets = s.Target.Meets(s.Points[i].TargetValue)
	}
	s.choose()
	assert.Equal(t, -1, s.Chosen)
	assert.Equal(t, 4, s.Best())
}

func TestParseValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{"8:16:2", []string{"8", "10", "12", "14", "16"}, ""},
		{"0.1:0.3:0.1", []string{"0.1", "0.2", "0.3"}, ""},
		{"0.95:0.99:0.02", []string{"0.95", "0.97", "0.99"}, ""},
		{"1:2:0.4", []string{"1.0", "1.4", "1.8"}, ""},
		{"0.9, 0.95 ,0.98", []string{"0.9", "0.95", "0.98"}, ""},
		{"sS,rQ", []string{"sS", "rQ"}, ""},
		{"7d", []string{"7d"}, ""},
		{`{dist="gamma", mean="5d", cv=0.3}; {dist="gamma", mean="5d", cv=0.6}`,
			[]string{`{dist="gamma", mean="5d", cv=0.3}`, `{dist="gamma", mean="5d", cv=0.6}`}, ""},
		{"1:0:1", nil, "STOP must not be below START"},
		{"0:1:0", nil, "STEP must be greater than 0"},
		{"0:1:x", nil, `"x" in 0:1:x: START:STOP:STEP takes numbers`},
		{"0:100:0.01", nil, "gives 10001 values, more than 1000"},
		{"1,,2", nil, "empty value"},
	}
	for _, tt := range tests {
		got, err := ParseValues(tt.in)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	v, err := ParseValues("0.80:0.99:0.01")
	require.NoError(t, err)
	require.Len(t, v, 20)
	assert.Equal(t, "0.80", v[0])
	assert.Equal(t, "0.99", v[19])
	assert.Equal(t, [][]string{{"1", "a"}, {"1", "b"}, {"2", "a"}, {"2", "b"}},
		Grid([]Param{{Values: []string{"1", "2"}}, {Values: []string{"a", "b"}}}))
}

func TestParseTarget(t *testing.T) {
	t.Parallel()
	got, err := ParseTarget("fill_rate>=0.95")
	require.NoError(t, err)
	assert.Equal(t, Target{Metric: "fill_rate", AtLeast: true, Bound: 0.95}, got)
	assert.Equal(t, "fill_rate>=0.95", got.String())
	got, err = ParseTarget(" lost_rate <= 0.02 ")
	require.NoError(t, err)
	assert.Equal(t, Target{Metric: "lost_rate", Bound: 0.02}, got)
	for in, want := range map[string]string{
		"fill_rate=0.95":     "write METRIC>=VALUE",
		"avg_on_hand>=3":     "a target bounds one of fill_rate",
		"fill_rate>=95":      "a share between 0 and 1",
		"fill_rate>=lots":    "a share between 0 and 1",
		"fill_rate>=0.9>=1":  "a share between 0 and 1",
		"backorder_rate<=-1": "a share between 0 and 1",
	} {
		_, err := ParseTarget(in)
		assert.ErrorContains(t, err, want, in)
	}
}

// The precision search stops when the widest half-width meets the target,
// or at the maximum, and grows by at least half each round.
func TestPrecisionSearch(t *testing.T) {
	t.Parallel()
	measure := func(sd float64) func(int) (Widest, error) {
		return func(n int) (Widest, error) {
			return Widest{HalfWidth: stats.TQuantile975(n-1) * sd / math.Sqrt(float64(n)), SD: sd, UnpairedSD: math.NaN()}, nil
		}
	}
	p, err := Search("fill_rate", 0.005, 10, 1000, measure(0.02))
	require.NoError(t, err)
	assert.True(t, p.Met)
	assert.Equal(t, stats.Replications(0.02, 0.005), p.Replications())
	assert.LessOrEqual(t, p.HalfWidth(), 0.005)
	assert.Len(t, p.Steps, 2, "the estimate from the first round is exact here")

	p, err = Search("fill_rate", 0.0005, 10, 200, measure(0.02))
	require.NoError(t, err)
	assert.False(t, p.Met)
	assert.Equal(t, 200, p.Replications())
	assert.Greater(t, p.HalfWidth(), 0.0005)

	p, err = Search("fill_rate", 0.5, 10, 1000, measure(0.02))
	require.NoError(t, err)
	assert.True(t, p.Met)
	assert.Equal(t, 10, p.Replications(), "met at once")

	// A noisy estimate that keeps asking for a little more still grows by half.
	calls := []int{}
	_, err = Search("fill_rate", 0.001, 4, 100, func(n int) (Widest, error) {
		calls = append(calls, n)
		return Widest{HalfWidth: 1, SD: 0.0001, UnpairedSD: math.NaN()}, nil
	})
	require.NoError(t, err)
	assert.Equal(t, []int{4, 6, 9, 14, 21, 32, 48, 72, 100}, calls)

	_, err = Search("cycle_service_level", 0.01, 10, 100, func(int) (Widest, error) {
		return Widest{HalfWidth: math.NaN()}, nil
	})
	assert.ErrorContains(t, err, "no cycle_service_level has a confidence interval")
	_, err = Search("fill_rate", 0.01, 50, 20, measure(1))
	assert.ErrorContains(t, err, "more than the maximum 20")
	_, err = Search("fill_rate", 0.01, 10, 100, func(int) (Widest, error) { return Widest{}, fmt.Errorf("boom") })
	assert.ErrorContains(t, err, "boom")
}
