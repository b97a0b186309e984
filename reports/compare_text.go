package reports

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
	"github.com/supplysim/supplysim/sim/stats"
)

// IsShare reports whether a metric is a share, shown in percent.
func IsShare(metric string) bool {
	i := sim.MetricIndex(metric)
	return i >= 0 && sim.Metrics[i].Unit == "share"
}

// labels name the headline metrics in words.
var labels = map[string]string{
	"fill_rate": "fill rate", "backorder_rate": "backorder rate", "lost_rate": "lost rate",
	"avg_on_hand": "on hand", "avg_backorders": "backorders", "cost_total": "total cost",
	"cycle_service_level": "cycle service level",
}

// Label is a metric's short label for tables ("fill rate", "on hand").
func Label(metric string) string {
	if l, ok := labels[metric]; ok {
		return l
	}
	if i := sim.MetricIndex(metric); i >= 0 {
		return sim.Metrics[i].Label
	}
	return metric
}

// Change writes a signed difference ± its half-width: "+1.68 pp ± 0.31"
// for shares (percentage points), "+0.690 ± 0.010" otherwise. It keeps two
// significant digits of the half-width (at least two decimals), so that a
// change that the interval tells apart from zero never reads as zero:
// "-0.0045 ± 0.0038", not "0.00 ± 0.00".
func Change(mean, hw float64, share bool) string {
	if math.IsNaN(mean) {
		return "-"
	}
	scale, unit := 1.0, ""
	if share {
		scale, unit = 100, " pp"
	}
	d := changeDigits(mean*scale, hw*scale)
	v := fmt.Sprintf("%+.*f", d, mean*scale)
	if strings.Trim(v, "+-0.") == "" {
		v = fmt.Sprintf("%.*f", d, 0.0) // no sign on a change that rounds to nothing
	}
	s := v + unit
	if !math.IsNaN(hw) {
		s += fmt.Sprintf(" ± %.*f", d, hw*scale)
	}
	return s
}

// changeDigits is the number of decimals that shows two significant
// digits of the half-width (of the change itself when there is none),
// between 2 and 8.
func changeDigits(mean, hw float64) int {
	ref := hw
	if !(ref > 0) || math.IsInf(ref, 0) {
		ref = math.Abs(mean)
	}
	if !(ref > 0) || math.IsInf(ref, 0) {
		return 2
	}
	return min(max(2, 1-int(math.Floor(math.Log10(ref)))), 8)
}

// Verdict says in a word whether a difference is significant: "yes",
// "no", or "no*" when its own 95% CI excludes zero but Holm's correction
// for the number of KPIs compared does not let it count.
func Verdict(d compare.Difference) string {
	switch {
	case math.IsNaN(d.P):
		return "-"
	case d.Significant:
		return "yes"
	case math.Abs(d.Mean) > d.Paired:
		return "no*"
	}
	return "no"
}

func unpaired(d compare.Difference, share bool) string {
	if math.IsNaN(d.Welch) {
		return "-"
	}
	scale := 1.0
	if share {
		scale = 100
	}
	s := fmt.Sprintf("± %.*f", changeDigits(d.Mean*scale, d.Paired*scale), d.Welch*scale)
	if d.Significant && !d.SignificantWelch {
		s += " (not significant)"
	}
	return s
}

// WriteText prints the comparison: the runs, then per stock point each
// KPI of each run, and each variant's change against the baseline with
// its paired and unpaired intervals.
func WriteComparisonText(w io.Writer, c *compare.Comparison) error {
	base := c.Runs[0].Results.Model
	variants := "1 variant"
	if len(c.Runs) != 2 {
		variants = strconv.Itoa(len(c.Runs)-1) + " variants"
	}
	fmt.Fprintf(w, "%s — %s against %s, %d replications each, seed %d (common random numbers)\n\n",
		base.Name, variants, c.Runs[0].Name, base.Replications, base.Seed)
	var tw tableWriter = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range c.Runs {
		fmt.Fprintf(tw, "  %s\t%s\n", r.Name, describeRun(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var at string
	for _, k := range c.KPIs {
		if name := k.At + "/" + k.SKU; name != at {
			if at != "" {
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			at = name
			fmt.Fprintf(w, "\n%s\n", name)
			tw = newTabWriter(w, tabwriter.AlignRight)
			fmt.Fprintln(tw, "KPI\trun\tmean ± 95% CI\tchange vs "+c.Runs[0].Name+" (paired)\tsignificant\tunpaired CI\t")
		}
		share := IsShare(k.Metric)
		for i, r := range c.Runs {
			label := ""
			if i == 0 {
				label = Label(k.Metric)
			}
			row := []string{label, r.Name, Value(k.Runs[i], share), "", "", ""}
			if i > 0 {
				d := k.Diffs[i-1]
				row[3], row[4], row[5] = Change(d.Mean, d.Paired, share), Verdict(d), unpaired(d, share)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nchange: variant - %s, the mean of the per-replication differences ± its 95%% half-width (paired t: replication i of every run sees the same demand and lead times); pp = percentage points.\n", c.Runs[0].Name)
	fmt.Fprintf(w, "significant: the paired test at family-wise 5%%, Holm-corrected over the %d KPIs compared per variant; no* = its own interval excludes 0, but not after the correction.\n", len(c.KPIs))
	fmt.Fprintln(w, "unpaired CI: the half-width of the same change from independent runs (Welch); \"not significant\" where only pairing detects the change.")
	if s := PairingGain(c); s != "" {
		fmt.Fprintln(w, s)
	}
	if s := ComparisonTargetText(c); s != "" {
		fmt.Fprintln(w, "\n"+s)
	}
	return nil
}

// ComparisonTargetText answers --target: the cheapest run whose whole 95%
// CI meets the target, or the one that came closest. Empty without a
// target.
func ComparisonTargetText(c *compare.Comparison) string {
	t := c.Target
	if t == nil {
		return ""
	}
	value := func(i int) string { return Value(c.Points[i].TargetValue, IsShare(t.Metric)) }
	cost := func(i int) string { return Value(c.Points[i].Cost, false) }
	if c.Chosen >= 0 {
		return fmt.Sprintf("target %s: cheapest run meeting it on its whole 95%% CI: %s (%s %s, cost_total %s per day over the network).",
			t, c.Runs[c.Chosen].Name, t.Metric, value(c.Chosen), cost(c.Chosen))
	}
	best := -1
	for i, p := range c.Points {
		if !math.IsNaN(p.TargetValue.Mean) && (best < 0 || (t.AtLeast == (p.TargetValue.Mean > c.Points[best].TargetValue.Mean))) {
			best = i
		}
	}
	if best < 0 {
		return fmt.Sprintf("target %s: no run measures %s.", t, t.Metric)
	}
	return fmt.Sprintf("target %s: no run meets it on its whole 95%% CI; closest: %s (%s %s).", t, c.Runs[best].Name, t.Metric, value(best))
}

func describeRun(r compare.Run) string {
	if len(r.Changes) > 0 {
		s := strings.Join(r.Changes, "; ")
		if r.Description != "" {
			s += "  (" + r.Description + ")"
		}
		return s
	}
	if r.File != "" {
		return r.File
	}
	return "the scenario as written"
}

// PairingGain says, for the first compared metric, how much narrower the
// paired intervals are than unpaired ones (the median ratio over stock
// points and variants) and what that is worth in replications.
func PairingGain(c *compare.Comparison) string {
	if len(c.Runs) < 2 {
		return ""
	}
	metric := c.Metrics[0]
	var ratios []float64
	for _, k := range c.KPIs {
		for _, d := range k.Diffs {
			if k.Metric == metric && d.Paired > 0 && d.Welch > 0 {
				ratios = append(ratios, d.Welch/d.Paired)
			}
		}
	}
	if len(ratios) == 0 {
		return ""
	}
	sort.Float64s(ratios)
	r := stats.Quantile(ratios, 0.5)
	return fmt.Sprintf("pairing: the %s changes are %s times narrower than unpaired ones (median); independent runs would need about %s times the replications for the same precision.",
		Label(metric), strconv.FormatFloat(r, 'f', 1, 64), strconv.FormatFloat(r*r, 'f', 0, 64))
}

// WriteText prints the precision search's outcome in one paragraph.
func WritePrecisionText(w io.Writer, p compare.Precision, what string, wd compare.Widest, pairedRuns bool) error {
	rounds := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		rounds[i] = strconv.Itoa(s.Replications)
	}
	var b strings.Builder
	where := wd.At + "/" + wd.SKU
	what = strings.TrimSpace(what + " " + p.Metric)
	if p.Met {
		fmt.Fprintf(&b, "precision met: the widest 95%% half-width of %s is %s (%s), at most %s, with %d replications",
			what, stats.Num(p.HalfWidth()), where, stats.Num(p.Target), p.Replications())
	} else {
		fmt.Fprintf(&b, "precision NOT met: stopped at the maximum of %d replications (--max-reps); the widest 95%% half-width of %s is %s (%s), above %s",
			p.Max, what, stats.Num(p.HalfWidth()), where, stats.Num(p.Target))
	}
	fmt.Fprintf(&b, " (rounds of %s replications; each round reruns from replication 0).", strings.Join(rounds, ", "))
	paired, indep := wd.Needed(p.Target)
	if pairedRuns && paired > 0 && indep != 0 {
		fmt.Fprintf(&b, "\nreplications for that precision on %s: about %s paired (common random numbers), %s with independent runs.", where, count(paired), count(indep))
	}
	_, err := fmt.Fprintln(w, b.String())
	return err
}

func count(n int) string {
	if n < 0 {
		return "more than " + strconv.Itoa(stats.MaxReplications)
	}
	return strconv.Itoa(n)
}

// WriteText prints the sweep: one row per point with its cost or
// inventory and its fill rate, the frontier marked, then the target's
// choice and, for a service-target parameter, target versus achieved.
func WriteSweepText(w io.Writer, s *compare.Sweep) error {
	m := s.Points[0].Results.Model
	fmt.Fprintf(w, "%s — sweep of %d settings, %d replications each, seed %d (common random numbers)\n",
		m.Name, len(s.Points), m.Replications, m.Seed)
	fmt.Fprintf(w, "%s over %s; fill rate weighted by demand over %s\n\n", sweepCostName(s), list(s.Selected, len(m.Stocks)), list(s.Served, -1))
	tw := newTabWriter(w, tabwriter.AlignRight)
	var head []string
	for _, p := range s.Params {
		head = append(head, p.Path)
	}
	head = append(head, sweepCostName(s), "fill rate")
	if s.Target != nil && s.Target.Metric != "fill_rate" {
		head = append(head, Label(s.Target.Metric))
	}
	if s.TargetParam >= 0 {
		head = append(head, "target", "derived")
		if !s.AchievedIsService() {
			head = append(head, "achieved "+Label(s.AchievedMetric))
		}
	}
	head = append(head, "frontier")
	if s.Target != nil {
		head = append(head, s.Target.String())
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for i, p := range s.Points {
		row := append([]string(nil), p.Values...)
		row = append(row, Value(p.Cost, false), Value(p.Service, true))
		if s.Target != nil && s.Target.Metric != "fill_rate" {
			row = append(row, Value(p.TargetValue, true))
		}
		if s.TargetParam >= 0 {
			row = append(row, targetText(p.Values[s.TargetParam]), strings.Join(p.Levels, " "))
			if !s.AchievedIsService() {
				row = append(row, Value(p.Achieved, true))
			}
		}
		row = append(row, mark(p.Frontier, "*"))
		if s.Target != nil {
			meets := mark(p.Meets, "yes")
			if i == s.Chosen {
				meets = "<- cheapest"
			}
			row = append(row, meets)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nmean ± 95%% CI across replications. frontier (*): no other setting has both a lower %s and a higher fill rate (means).\n", sweepCostName(s))
	if s.Target != nil {
		fmt.Fprintln(w, SweepTargetText(s))
	}
	if t := SweepLowestText(s); t != "" {
		fmt.Fprintln(w, t)
	}
	if s.TargetParam >= 0 {
		fmt.Fprintln(w, SweepAchievedText(s))
	}
	return nil
}

func sweepCostName(s *compare.Sweep) string {
	if s.CostMetric == "cost_total" {
		return "cost/day"
	}
	return "inventory"
}

// list names stock points, or says "all N stock points".
func list(names []string, all int) string {
	if len(names) == all && all > 2 {
		return fmt.Sprintf("all %d stock points", all)
	}
	if len(names) > 4 {
		return fmt.Sprintf("%d stock points (%s, ...)", len(names), strings.Join(names[:3], ", "))
	}
	return strings.Join(names, ", ")
}

func mark(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

// targetText writes a service target as a percentage ("95%").
func targetText(v string) string {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(x*100, 'f', -1, 64) + "%"
}

// TargetText says which setting the target picks, or how close the sweep
// came.
func SweepTargetText(s *compare.Sweep) string {
	t := s.Target
	side := "lower"
	if !t.AtLeast {
		side = "upper"
	}
	if s.Chosen >= 0 {
		p := s.Points[s.Chosen]
		return fmt.Sprintf("target %s (on the 95%% CI's %s end): the cheapest setting that meets it is %s: %s %s, %s %s.",
			t, side, sweepSetting(s, p), sweepCostName(s), Value(p.Cost, false), Label(t.Metric), Value(p.TargetValue, true))
	}
	msg := fmt.Sprintf("target %s (on the 95%% CI's %s end): no setting meets it", t, side)
	if b := s.Best(); b >= 0 {
		p := s.Points[b]
		msg += fmt.Sprintf("; the closest is %s with %s %s", sweepSetting(s, p), Label(t.Metric), Value(p.TargetValue, true))
	}
	return msg + "."
}

func sweepSetting(s *compare.Sweep, p compare.Point) string {
	parts := make([]string, len(p.Values))
	for i, v := range p.Values {
		parts[i] = s.Params[i].Path + "=" + v
	}
	return strings.Join(parts, ", ")
}

// AchievedText sums up target versus achieved: how far the simulated
// service falls from the target the policies were sized for.
func SweepAchievedText(s *compare.Sweep) string {
	var short, over int
	var worst float64
	worstAt := -1
	for i, p := range s.Points {
		x, err := strconv.ParseFloat(p.Values[s.TargetParam], 64)
		if err != nil || math.IsNaN(p.Achieved.Mean) || math.IsNaN(p.Achieved.CI95) {
			continue
		}
		switch {
		case p.Achieved.Mean+p.Achieved.CI95 < x:
			short++
		case p.Achieved.Mean-p.Achieved.CI95 > x:
			over++
		}
		if gap := x - p.Achieved.Mean; worstAt < 0 || gap > worst {
			worst, worstAt = gap, i
		}
	}
	what := "fill rate"
	if s.AchievedMetric == "cycle_service_level" {
		what = "cycle service level"
	}
	msg := fmt.Sprintf("target versus achieved (%s of %s): %d of %d settings fall short of their target with their whole CI, %d exceed it.",
		what, list(s.Addressed, -1), short, len(s.Points), over)
	if worstAt >= 0 && worst > 0 {
		p := s.Points[worstAt]
		msg += fmt.Sprintf(" Largest gap: %s sized for %s achieved %s.", sweepSetting(s, p), targetText(p.Values[s.TargetParam]), Value(p.Achieved, true))
	}
	return msg
}

// SweepLowestText answers --minimize: the setting with the lowest mean of
// the metric. Empty when not asked.
func SweepLowestText(s *compare.Sweep) string {
	if s.Minimize == "" {
		return ""
	}
	if s.Lowest < 0 {
		return fmt.Sprintf("lowest %s: no setting measures it.", s.Minimize)
	}
	p := s.Points[s.Lowest]
	return fmt.Sprintf("lowest mean %s: %s (%s).", s.Minimize, sweepSetting(s, p), Value(p.Minimized, IsShare(s.Minimize)))
}
