package check

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// Outcome is the verdict of one expectation at one stock point.
type Outcome struct {
	Expect  sim.Expectation
	Index   int    // position of the expectation in Model.Expects, from 0
	At, SKU string // the stock point judged
	Value   stats.Summary
	Verdict Verdict
	Reason  string // why, in words, with the numbers
	// Needed estimates how many replications would settle an inconclusive
	// verdict, if the mean and standard deviation stayed as estimated. It is
	// 0 when not estimated and -1 when no number of replications would do
	// (the mean sits on the bound) or more than MaxNeeded would.
	Needed int
}

// MaxNeeded is the largest replication count Needed reports.
const MaxNeeded = 1_000_000

// Expectations judges every expectation of the run's model at every stock
// point it matches, in the order of the scenario file, then of the stock
// points. At and SKU are path.Match patterns ("*" matches every id). An
// expectation that matches no stock point is an error, not a pass.
func Expectations(res *sim.Results) ([]Outcome, error) {
	var out []Outcome
	for i, e := range res.Model.Expects {
		if e.At == sim.NetworkAt {
			o, err := judgeNetwork(res, i, e)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
			continue
		}
		if sim.MetricIndex(e.Metric) < 0 {
			return nil, fmt.Errorf("expectation %d (%s): unknown metric %q", i+1, Label(e), e.Metric)
		}
		matched := false
		for _, sr := range res.Stocks {
			ok, err := matches(e, sr.At, sr.SKU)
			if err != nil {
				return nil, fmt.Errorf("expectation %d (%s): %w", i+1, Label(e), err)
			}
			if ok {
				matched = true
				v, why, n := Judge(e, sr.Metric(e.Metric))
				out = append(out, Outcome{Expect: e, Index: i, At: sr.At, SKU: sr.SKU,
					Value: sr.Metric(e.Metric), Verdict: v, Reason: why, Needed: n})
			}
		}
		if !matched {
			return nil, fmt.Errorf("expectation %d (%s): at = %q, sku = %q matches no stock point", i+1, Label(e), e.At, e.SKU)
		}
	}
	return out, nil
}

func matches(e sim.Expectation, at, sku string) (bool, error) {
	okAt, err := path.Match(e.At, at)
	if err != nil {
		return false, fmt.Errorf("at = %q: %w", e.At, err)
	}
	okSKU, err := path.Match(e.SKU, sku)
	if err != nil {
		return false, fmt.Errorf("sku = %q: %w", e.SKU, err)
	}
	return okAt && okSKU, nil
}

// Judge decides one expectation on a metric's summary across replications.
//
// By default the whole 95% confidence interval counts: pass when it lies
// within the bounds (a bound itself is within), fail when it lies wholly
// beyond a bound, inconclusive when it straddles one; then needed estimates
// the replications that would settle it (see Outcome.Needed). With
// OnMean only the mean counts, and the verdict is pass or fail. A metric
// undefined in every replication, or a CI from a single value, is
// inconclusive.
func Judge(e sim.Expectation, s stats.Summary) (v Verdict, reason string, needed int) {
	if s.N == 0 {
		return Inconclusive, fmt.Sprintf("%s is undefined in all %d replications: %s", e.Metric, len(s.Values), undefinedWhy(e.Metric)), 0
	}
	if e.OnMean {
		return judgeMean(e, s.Mean)
	}
	if s.N < 2 || math.IsNaN(s.CI95) {
		return Inconclusive, fmt.Sprintf("one replication defines %s: no confidence interval; "+
			`run 2 or more, or judge on = "mean"`, e.Metric), 0
	}
	return judgeCI(e, s)
}

// undefinedWhy says why a metric can be undefined (NaN) in a replication.
func undefinedWhy(metric string) string {
	switch {
	case metric == "cycle_service_level":
		return "no replenishment cycle (from one receipt to the next) ended after the warm-up"
	case strings.HasPrefix(metric, "backorder_delay"):
		return "no units were backordered after the warm-up"
	}
	return "no demand arrived after the warm-up"
}

func judgeMean(e sim.Expectation, mean float64) (Verdict, string, int) {
	switch {
	case e.HasMin && mean < e.Min:
		return Fail, fmt.Sprintf("the mean %s is below the minimum %s", stats.Num(mean), bound(e.Min)), 0
	case e.HasMax && mean > e.Max:
		return Fail, fmt.Sprintf("the mean %s is above the maximum %s", stats.Num(mean), bound(e.Max)), 0
	}
	return Pass, fmt.Sprintf("the mean %s is %s", stats.Num(mean), within(e)), 0
}

func judgeCI(e sim.Expectation, s stats.Summary) (Verdict, string, int) {
	lo, hi := s.Mean-s.CI95, s.Mean+s.CI95
	ci := fmt.Sprintf("95%% CI [%s, %s]", stats.Num(lo), stats.Num(hi))
	switch {
	case e.HasMin && hi < e.Min:
		return Fail, fmt.Sprintf("the whole %s is below the minimum %s", ci, bound(e.Min)), 0
	case e.HasMax && lo > e.Max:
		return Fail, fmt.Sprintf("the whole %s is above the maximum %s", ci, bound(e.Max)), 0
	}
	var straddled []string
	needed := 0
	for _, b := range []struct {
		has       bool
		bound     float64
		straddles bool
		name      string
	}{
		{e.HasMin, e.Min, lo < e.Min, "minimum"},
		{e.HasMax, e.Max, hi > e.Max, "maximum"},
	} {
		if b.has && b.straddles {
			straddled = append(straddled, b.name+" "+bound(b.bound))
			needed = worse(needed, replicationsNeeded(s, math.Abs(s.Mean-b.bound)))
		}
	}
	if len(straddled) == 0 {
		return Pass, fmt.Sprintf("the whole %s is %s", ci, within(e)), 0
	}
	return Inconclusive, fmt.Sprintf("the %s straddles the %s: %s", ci, strings.Join(straddled, " and the "),
		neededText(needed, len(s.Values))), needed
}

// worse combines two estimates of Needed: -1 (never) beats any count.
func worse(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	return max(a, b)
}

func neededText(needed, now int) string {
	if needed < 0 {
		return "the mean sits on the bound, or so close that more than " +
			strconv.Itoa(MaxNeeded) + ` replications would be needed; move the bound or judge on = "mean"`
	}
	return fmt.Sprintf("about %d replications would settle it (now %d), if the mean and spread hold", needed, now)
}

// replicationsNeeded is the smallest replication count n whose 95% CI
// half-width, t(0.975, n-1) x SD / sqrt(n) with the SD estimated now, is
// at most d, the distance from the mean to the bound. When some
// replications leave the metric undefined, n is scaled up by that share.
// This refines ceil(N x (CI95/d)^2), which keeps the t factor of the
// current N and so overestimates for small N.
func replicationsNeeded(s stats.Summary, d float64) int {
	if !(d > 0) || !(s.SD > 0) {
		return -1
	}
	n := stats.Replications(s.SD, d)
	if n < 0 || n > MaxNeeded {
		return -1
	}
	if s.N < len(s.Values) {
		n = int(math.Ceil(float64(n) * float64(len(s.Values)) / float64(s.N)))
	}
	if n > MaxNeeded {
		return -1
	}
	return n
}

// Label names an expectation: its name when it has one, else its metric
// and bounds ("fill_rate >= 0.95"), with "(mean)" when judged on the mean.
func Label(e sim.Expectation) string {
	if e.Name != "" {
		return e.Name
	}
	s := e.Metric + " " + Bounds(e)
	if e.OnMean {
		s += " (mean)"
	}
	return s
}

// Bounds writes an expectation's bounds: ">= 0.9", "<= 2", "in [0.9, 0.99]".
func Bounds(e sim.Expectation) string {
	switch {
	case e.HasMin && e.HasMax:
		return fmt.Sprintf("in [%s, %s]", bound(e.Min), bound(e.Max))
	case e.HasMin:
		return ">= " + bound(e.Min)
	case e.HasMax:
		return "<= " + bound(e.Max)
	}
	return "(no bound)"
}

// within says where a passing value lies: "at or above 0.9".
func within(e sim.Expectation) string {
	switch {
	case e.HasMin && e.HasMax:
		return fmt.Sprintf("within [%s, %s]", bound(e.Min), bound(e.Max))
	case e.HasMin:
		return "at or above " + bound(e.Min)
	}
	return "at or below " + bound(e.Max)
}

// bound writes a bound as the user wrote it: the shortest exact form.
func bound(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
