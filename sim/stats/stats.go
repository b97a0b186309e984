// Package stats is the one statistics core: summaries of replication
// results (means, standard deviations, Student-t confidence intervals),
// quantiles and histograms, the paired and Welch t-tests with Holm's
// correction, replication counts for a target precision, and how an
// estimate is written with its precision. Comparisons and checks both use
// it; nothing re-derives these elsewhere. It does no I/O.
package stats

import (
	"math"
	"sort"
	"sync/atomic"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary describes one KPI across replications. Values keeps the
// per-replication values in replication order, so comparisons can be paired.
// NaN values (a KPI undefined in a replication, such as a delay with no
// backorders) are left out of Mean, SD and CI95 but kept in Values.
type Summary struct {
	Mean   float64
	SD     float64
	CI95   float64 // half-width of the 95% confidence interval (Student t)
	N      int     // replications with a defined value
	Values []float64
}

// Summarize computes the summary of per-replication values.
func Summarize(values []float64) Summary {
	s := Summary{Values: values, Mean: math.NaN(), SD: math.NaN(), CI95: math.NaN()}
	defined := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) {
			defined = append(defined, v)
		}
	}
	s.N = len(defined)
	if s.N == 0 {
		return s
	}
	s.Mean = stat.Mean(defined, nil)
	if s.N < 2 {
		return s
	}
	s.SD = stat.StdDev(defined, nil)
	s.CI95 = TQuantile975(s.N-1) * s.SD / math.Sqrt(float64(s.N))
	return s
}

// TQuantile975 returns the 0.975 quantile of Student's t with df degrees of
// freedom: the factor of a two-sided 95% confidence interval.
func TQuantile975(df int) float64 {
	if df < 0 || df >= len(t975) {
		return tQuantile975(df)
	}
	if q := t975[df].Load(); q != nil {
		return *q
	}
	q := tQuantile975(df)
	t975[df].Store(&q)
	return q
}

// t975 keeps the quantiles already computed, by degrees of freedom: a run
// summarises every metric of every stock point with the same number of
// replications, and the inverse incomplete beta function behind each one
// costs more than the rest of a summary.
var t975 [4096]atomic.Pointer[float64]

func tQuantile975(df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
}

// Quantile returns the p-quantile of xs by linear interpolation between
// order statistics (type 7, as R and NumPy default). xs is sorted in place.
func Quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.Float64s(xs)
	h := p * float64(len(xs)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-lo)*(xs[i+1]-xs[i])
}
