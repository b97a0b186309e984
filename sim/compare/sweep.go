package compare

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// Param is a swept parameter: a key path and its values, as written.
type Param struct {
	Path   string
	Values []string
}

// maxValues bounds one parameter's values, so that a slip such as
// 0:1000:0.001 is an error rather than a day's work.
const maxValues = 1000

// ParseValues parses a sweep's values: START:STOP:STEP, from START to STOP
// included in steps of STEP (written with the most decimals of the
// three, so 0.80:0.99:0.01 gives 0.8, 0.81, ..., 0.99 with no rounding
// residue), or a list separated by commas, or by semicolons when a value
// holds commas ({ dist = "gamma", mean = "5d", cv = 0.3 }).
func ParseValues(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if parts := strings.Split(s, ":"); len(parts) == 3 && !strings.ContainsAny(s, `"'{[`) {
		return rangeValues(parts)
	}
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []string
	for _, v := range strings.Split(s, sep) {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil, fmt.Errorf("%q: empty value in the list", s)
		}
		out = append(out, v)
	}
	return out, nil
}

func rangeValues(parts []string) ([]string, error) {
	var x [3]float64
	decimals := 0
	for i, p := range parts {
		p = strings.TrimSpace(p)
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, fmt.Errorf("%q in %s: START:STOP:STEP takes numbers, such as 0.80:0.99:0.01", p, strings.Join(parts, ":"))
		}
		x[i] = v
		if _, frac, ok := strings.Cut(p, "."); ok {
			decimals = max(decimals, len(frac))
		}
	}
	start, stop, step := x[0], x[1], x[2]
	switch {
	case step <= 0:
		return nil, fmt.Errorf("%s: STEP must be greater than 0", strings.Join(parts, ":"))
	case stop < start:
		return nil, fmt.Errorf("%s: STOP must not be below START", strings.Join(parts, ":"))
	}
	// Tolerate the rounding of (stop-start)/step: 0.19/0.01 is 18.999999999999996.
	n := int(math.Floor((stop-start)/step+1e-9)) + 1
	if n > maxValues {
		return nil, fmt.Errorf("%s gives %d values, more than %d", strings.Join(parts, ":"), n, maxValues)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.FormatFloat(start+float64(i)*step, 'f', decimals, 64)
	}
	return out, nil
}

// Grid returns every combination of the parameters' values, the first
// parameter varying slowest.
func Grid(params []Param) [][]string {
	out := [][]string{nil}
	for _, p := range params {
		var next [][]string
		for _, prefix := range out {
			for _, v := range p.Values {
				next = append(next, append(append([]string(nil), prefix...), v))
			}
		}
		out = next
	}
	return out
}

// Target is a bound a setting must meet on its 95% confidence interval:
// fill_rate >= 0.95 holds when the interval's lower end is at least 0.95.
type Target struct {
	Metric  string
	AtLeast bool // >=; false: <=
	Bound   float64
}

// targetMetrics are the KPIs a target may bound: shares of the units
// demanded, which add up across stock points weighted by demand.
var targetMetrics = []string{"fill_rate", "backorder_rate", "lost_rate", "lost_at_once_rate", "cancel_rate"}

func (t Target) String() string {
	op := "<="
	if t.AtLeast {
		op = ">="
	}
	return t.Metric + op + strconv.FormatFloat(t.Bound, 'g', -1, 64)
}

// ParseTarget parses METRIC>=VALUE or METRIC<=VALUE.
func ParseTarget(s string) (Target, error) {
	var t Target
	metric, bound, ok := strings.Cut(s, ">=")
	t.AtLeast = ok
	if !ok {
		if metric, bound, ok = strings.Cut(s, "<="); !ok {
			return t, fmt.Errorf("%q: write METRIC>=VALUE or METRIC<=VALUE, such as fill_rate>=0.95", s)
		}
	}
	t.Metric = strings.TrimSpace(metric)
	if !slices.Contains(targetMetrics, t.Metric) {
		return t, fmt.Errorf("%q: a target bounds one of %s (demand-weighted over the stock points with customer demand)", t.Metric, strings.Join(targetMetrics, ", "))
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(bound), 64)
	if err != nil || x < 0 || x > 1 {
		return t, fmt.Errorf("%q: the bound of %s is a share between 0 and 1", strings.TrimSpace(bound), t.Metric)
	}
	t.Bound = x
	return t, nil
}

// Meets reports whether a summary meets the target on its 95% CI.
func (t Target) Meets(s stats.Summary) bool {
	if s.N == 0 || math.IsNaN(s.CI95) {
		return false
	}
	if t.AtLeast {
		return s.Mean-s.CI95 >= t.Bound
	}
	return s.Mean+s.CI95 <= t.Bound
}

// Point is one setting of a sweep and its results.
type Point struct {
	Values  []string // one per parameter
	Results *sim.Results
	// Cost is the inventory (the sum of avg_on_hand) or, with a cost
	// sweep, the sum of cost_total over the selected stock points; Service
	// the demand-weighted fill rate over the selected stock points with
	// customer demand. Both per replication, summarised.
	Cost, Service stats.Summary
	// TargetValue is the target's metric, aggregated like Service.
	TargetValue stats.Summary
	// Achieved is what the stock points addressed by a service-target
	// parameter reached (see Sweep.AchievedMetric), and Levels the
	// reorder or order-up-to levels the target derived for them ("r=21").
	Achieved stats.Summary
	// Minimized is the --minimize metric summed over the selected stock
	// points (a share: demand-weighted over the served ones).
	Minimized stats.Summary
	Levels    []string
	Frontier  bool // no other point costs less and serves better
	Meets     bool // meets the target on its CI
}

// SweepOptions say what a sweep measures.
type SweepOptions struct {
	// Cost sums cost_total instead of avg_on_hand.
	Cost bool
	// Selected are the stock points (at/sku) measured; nil means all.
	Selected []string
	// Target, when set, picks the cheapest point that meets it.
	Target *Target
	// TargetParam is the parameter that sets a service target
	// (safety_stock.service_level or .fill_rate), -1 for none; Addressed
	// are the stock points (at/sku) it sets.
	TargetParam int
	Addressed   []string
	// Minimize, when set, is a metric whose lowest mean the sweep names
	// (Sweep.Lowest).
	Minimize string
}

// Sweep is a parameter sweep's trade-off curve.
type Sweep struct {
	Params     []Param
	CostMetric string   // "avg_on_hand" or "cost_total"
	Selected   []string // stock points measured, at/sku
	Served     []string // the selected stock points with customer demand
	Points     []Point
	Target     *Target
	Chosen     int // the cheapest point meeting the target; -1 for none
	// Minimize is the metric whose lowest mean Lowest names (-1 for none);
	// empty when not asked.
	Minimize string
	Lowest   int
	// TargetParam, Addressed, AchievedMetric: target versus achieved. The
	// achieved metric is the cycle service level for a service_level
	// target, else the fill rate.
	TargetParam    int
	Addressed      []string
	AchievedMetric string
}

// NewSweep measures the points (whose Values and Results are set), marks
// the efficient frontier and picks the target's point.
func NewSweep(params []Param, points []Point, opt SweepOptions) (*Sweep, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("sweep: no points")
	}
	if opt.Minimize != "" && sim.MetricIndex(opt.Minimize) < 0 {
		return nil, fmt.Errorf("sweep: unknown metric %q", opt.Minimize)
	}
	s := &Sweep{Params: params, Points: points, Target: opt.Target, Chosen: -1, CostMetric: "avg_on_hand",
		Minimize: opt.Minimize, Lowest: -1,
		TargetParam: opt.TargetParam, Addressed: opt.Addressed}
	if opt.Cost {
		s.CostMetric = "cost_total"
	}
	m := points[0].Results.Model
	s.Selected = opt.Selected
	if s.Selected == nil {
		for _, sp := range m.Stocks {
			s.Selected = append(s.Selected, sp.Name())
		}
	}
	s.Served = servedOf(m, s.Selected)
	if s.TargetParam >= 0 {
		s.AchievedMetric = achievedMetric(params[s.TargetParam].Path)
	}
	for i := range s.Points {
		if err := s.measure(&s.Points[i]); err != nil {
			return nil, err
		}
	}
	s.markFrontier()
	s.choose()
	return s, nil
}

// servedOf returns the selected stock points with customer demand, or all
// selected when none has (a sweep of a DC alone measures its fill of
// store orders).
func servedOf(m *sim.Model, selected []string) []string {
	var out []string
	for _, name := range selected {
		for _, d := range m.Demands {
			if d.At+"/"+d.SKU == name {
				out = append(out, name)
				break
			}
		}
	}
	if len(out) == 0 {
		return selected
	}
	return out
}

// achievedMetric chooses what to set beside a service target: the cycle
// service level for a service_level parameter, else the fill rate.
func achievedMetric(path string) string {
	if strings.HasSuffix(path, ".service_level") {
		return "cycle_service_level"
	}
	return "fill_rate"
}

func (s *Sweep) measure(p *Point) error {
	res := p.Results
	idx := func(names []string) ([]int, error) {
		var out []int
		for _, n := range names {
			i := stockIndex(res, n)
			if i < 0 {
				return nil, fmt.Errorf("sweep: point %s has no stock point %s", strings.Join(p.Values, ", "), n)
			}
			out = append(out, i)
		}
		return out, nil
	}
	selected, err := idx(s.Selected)
	if err != nil {
		return err
	}
	served, err := idx(s.Served)
	if err != nil {
		return err
	}
	p.Cost = stats.Summarize(Sum(res, selected, s.CostMetric))
	if s.Minimize != "" {
		if slices.Contains(targetMetrics, s.Minimize) || s.Minimize == "order_fill_rate" {
			p.Minimized = stats.Summarize(DemandWeighted(res, served, s.Minimize))
		} else {
			p.Minimized = stats.Summarize(Sum(res, selected, s.Minimize))
		}
	}
	p.Service = stats.Summarize(DemandWeighted(res, served, "fill_rate"))
	if s.Target != nil {
		p.TargetValue = stats.Summarize(DemandWeighted(res, served, s.Target.Metric))
		p.Meets = s.Target.Meets(p.TargetValue)
	}
	if s.TargetParam >= 0 {
		addressed, err := idx(s.Addressed)
		if err != nil {
			return err
		}
		p.Levels = levels(res, addressed)
		if s.AchievedMetric == "cycle_service_level" {
			p.Achieved = stats.Summarize(Average(res, addressed, s.AchievedMetric))
		} else {
			p.Achieved = stats.Summarize(DemandWeighted(res, addressed, s.AchievedMetric))
		}
	}
	return nil
}

// levels names the level each stock point's policy decides on, as the
// derivation set it: r for rQ, s for sS, S otherwise.
func levels(res *sim.Results, stocks []int) []string {
	out := make([]string, len(stocks))
	for k, i := range stocks {
		d := res.Derivations[i]
		switch res.Model.Stocks[i].Policy.Type {
		case sim.RQ:
			out[k] = "r=" + strconv.FormatFloat(d.Reorder, 'g', 6, 64)
		case sim.SS:
			out[k] = "s=" + strconv.FormatFloat(d.Reorder, 'g', 6, 64)
		default:
			out[k] = "S=" + strconv.FormatFloat(d.OrderUpTo, 'g', 6, 64)
		}
	}
	return out
}

// AchievedIsService reports whether the achieved service is the sweep's
// fill rate itself: a fill rate over the same stock points.
func (s *Sweep) AchievedIsService() bool {
	return s.AchievedMetric == "fill_rate" && slices.Equal(s.Addressed, s.Served)
}

func stockIndex(res *sim.Results, name string) int {
	for i := range res.Stocks {
		if res.Stocks[i].At+"/"+res.Stocks[i].SKU == name {
			return i
		}
	}
	return -1
}

// Sum returns, per replication, a metric summed over stock points.
func Sum(res *sim.Results, stocks []int, metric string) []float64 {
	out := make([]float64, res.Model.Replications)
	for _, i := range stocks {
		for r, v := range res.Stocks[i].Metric(metric).Values {
			out[r] += v
		}
	}
	return out
}

// DemandWeighted returns, per replication, a share of units demanded
// (fill_rate, backorder_rate, ...) over stock points together: each stock
// point's share weighted by its units demanded. NaN in a replication with
// no demand at any of them.
func DemandWeighted(res *sim.Results, stocks []int, metric string) []float64 {
	out := make([]float64, res.Model.Replications)
	for r := range out {
		var sum, weight float64
		for _, i := range stocks {
			v := res.Stocks[i].Metric(metric).Values[r]
			w := res.Stocks[i].Metric("demand_per_day").Values[r]
			if !math.IsNaN(v) && w > 0 {
				sum, weight = sum+v*w, weight+w
			}
		}
		out[r] = math.NaN()
		if weight > 0 {
			out[r] = sum / weight
		}
	}
	return out
}

// Average returns, per replication, the plain mean of a metric over the
// stock points that define it.
func Average(res *sim.Results, stocks []int, metric string) []float64 {
	out := make([]float64, res.Model.Replications)
	for r := range out {
		var sum float64
		n := 0
		for _, i := range stocks {
			if v := res.Stocks[i].Metric(metric).Values[r]; !math.IsNaN(v) {
				sum, n = sum+v, n+1
			}
		}
		out[r] = math.NaN()
		if n > 0 {
			out[r] = sum / float64(n)
		}
	}
	return out
}

// markFrontier marks the points no other point dominates: none costs as
// little or less and serves as well or better, and strictly better in one.
func (s *Sweep) markFrontier() {
	for i := range s.Points {
		p := &s.Points[i]
		if math.IsNaN(p.Cost.Mean) || math.IsNaN(p.Service.Mean) {
			continue
		}
		p.Frontier = true
		for j := range s.Points {
			if j != i && dominates(&s.Points[j], p) {
				p.Frontier = false
				break
			}
		}
	}
}

func dominates(a, b *Point) bool {
	ca, cb, sa, sb := a.Cost.Mean, b.Cost.Mean, a.Service.Mean, b.Service.Mean
	return ca <= cb && sa >= sb && (ca < cb || sa > sb)
}

// choose picks the cheapest point meeting the target (the first on ties),
// and the point with the lowest mean of the minimised metric.
func (s *Sweep) choose() {
	if s.Minimize != "" {
		for i, p := range s.Points {
			if !math.IsNaN(p.Minimized.Mean) && (s.Lowest < 0 || p.Minimized.Mean < s.Points[s.Lowest].Minimized.Mean) {
				s.Lowest = i
			}
		}
	}
	if s.Target == nil {
		return
	}
	for i, p := range s.Points {
		if p.Meets && (s.Chosen < 0 || p.Cost.Mean < s.Points[s.Chosen].Cost.Mean) {
			s.Chosen = i
		}
	}
}

// Best returns the point whose target metric comes closest to the target,
// to say how near a sweep that meets nothing came.
func (s *Sweep) Best() int {
	best := -1
	for i, p := range s.Points {
		if math.IsNaN(p.TargetValue.Mean) {
			continue
		}
		if best < 0 || (s.Target.AtLeast && p.TargetValue.Mean > s.Points[best].TargetValue.Mean) ||
			(!s.Target.AtLeast && p.TargetValue.Mean < s.Points[best].TargetValue.Mean) {
			best = i
		}
	}
	return best
}

// Widest returns the KPI of the sweep with the widest 95% half-width:
// metric at the served stock points (the selected ones for a metric that
// is not a share of demand), over every point.
func (s *Sweep) Widest(metric string) Widest {
	names := s.Selected
	if slices.Contains(targetMetrics, metric) || metric == "order_fill_rate" {
		names = s.Served
	}
	w := Widest{HalfWidth: math.NaN(), UnpairedSD: math.NaN()}
	for pi, p := range s.Points {
		for _, n := range names {
			i := stockIndex(p.Results, n)
			sum := p.Results.Stocks[i].Metric(metric)
			if w.wider(sum.CI95) {
				w = Widest{HalfWidth: sum.CI95, At: p.Results.Stocks[i].At, SKU: p.Results.Stocks[i].SKU, Run: pi, SD: sum.SD, UnpairedSD: math.NaN()}
			}
		}
	}
	return w
}
