package html

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
)

// WriteSweep renders a parameter sweep as one self-contained page: the
// trade-off between inventory (or cost) and fill rate with its efficient
// frontier, the cheapest setting meeting the target, and target versus
// achieved service. notes are printed under the summary. Same input, same
// bytes.
func WriteSweep(w io.Writer, s *compare.Sweep, meta sim.Meta, notes []string, opt Options) error {
	if s == nil || len(s.Points) == 0 {
		return errors.New("reports: a sweep needs points")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return err
	}
	m := s.Points[0].Results.Model
	var params []string
	for _, p := range s.Params {
		params = append(params, p.Path)
	}
	p := &variantsPage{Kind: "sweep", Version: meta.Version, Title: m.Name + " — sweep of " + strings.Join(params, " × "),
		Lead: m.Description, Facts: identity(meta, m, opt.Script)}
	p.Facts = append(p.Facts[:3], append([]fact{
		{"Settings", fmt.Sprintf("%d: %s", len(s.Points), sweepValues(s))},
		{costTitle(s), "summed over " + names(s.Selected)},
		{"Fill rate", "weighted by units demanded over " + names(s.Served)},
	}, p.Facts[3:]...)...)
	var specs []chartSpec
	summary := variantSection{ID: "summary", Title: "Summary", Notes: nonEmpty(notes)}
	if s.Target != nil {
		summary.Callouts = append(summary.Callouts, sentence(reports.SweepTargetText(s)))
	}
	if t := reports.SweepLowestText(s); t != "" {
		summary.Callouts = append(summary.Callouts, sentence(t))
	}
	if s.TargetParam >= 0 {
		summary.Callouts = append(summary.Callouts, sentence(reports.SweepAchievedText(s)))
	}
	if len(summary.Callouts) == 0 {
		summary.Callouts = []string{frontierSentence(s)}
	}
	p.Nav = []fact{{"summary", "Summary"}, {"frontier", "Trade-off"}}
	front := frontierSection(s)
	specs = append(specs, frontierChart("sweep-frontier", costTitle(s), "settings", sweepPoints(s), targetLine(s)))
	front.Charts = []chartRef{{ID: "sweep-frontier", Height: specs[0].Height}}
	p.Sections = []variantSection{summary, front}
	if s.TargetParam >= 0 {
		p.Nav = append(p.Nav, fact{"achieved", "Target versus achieved"})
		sec, spec := achievedSection(s)
		specs = append(specs, spec)
		p.Sections = append(p.Sections, sec)
	}
	p.Nav = append(p.Nav, fact{"settings", "Settings"}, fact{"method", "How to read it"}, fact{"glossary", "Glossary"})
	p.Sections = append(p.Sections, settingsSection(s), sweepMethod(s))
	p.Glossary = glossary([]string{"fill_rate", s.CostMetric})
	p.finish(opt, specs)
	return writeVariants(w, p)
}

// sentence starts a text with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// frontierSentence names the settings on the efficient frontier.
func frontierSentence(s *compare.Sweep) string {
	var on []string
	for _, p := range s.Points {
		if p.Frontier {
			on = append(on, pointLabel(p))
		}
	}
	return fmt.Sprintf("%d of %d settings are on the efficient frontier: %s.", len(on), len(s.Points), strings.Join(on, "; "))
}

func costTitle(s *compare.Sweep) string {
	if s.CostMetric == "cost_total" {
		return "Cost per day"
	}
	return "Inventory (units on hand)"
}

func names(xs []string) string {
	if len(xs) > 6 {
		return fmt.Sprintf("%d stock points: %s, ...", len(xs), strings.Join(xs[:5], ", "))
	}
	return strings.Join(xs, ", ")
}

func sweepValues(s *compare.Sweep) string {
	var parts []string
	for _, p := range s.Params {
		vs := p.Values
		if len(vs) > 6 {
			vs = append(append([]string(nil), vs[:3]...), "...", vs[len(vs)-1])
		}
		parts = append(parts, p.Path+" = "+strings.Join(vs, ", "))
	}
	return strings.Join(parts, "; ")
}

func pointLabel(p compare.Point) string { return strings.Join(p.Values, ", ") }

func targetLine(s *compare.Sweep) float64 {
	if s.Target == nil || s.Target.Metric != "fill_rate" {
		return math.NaN()
	}
	return s.Target.Bound * 100
}

func sweepPoints(s *compare.Sweep) []scatterPoint {
	pts := make([]scatterPoint, len(s.Points))
	for i, p := range s.Points {
		f, c := p.Service, p.Cost
		pts[i] = scatterPoint{label: pointLabel(p), x: c.Mean, y: f.Mean * 100,
			xlo: c.Mean - c.CI95, xhi: c.Mean + c.CI95, ylo: (f.Mean - f.CI95) * 100, yhi: (f.Mean + f.CI95) * 100,
			frontier: p.Frontier, chosen: i == s.Chosen, meetsTarget: p.Meets,
			tooltipLines: []string{
				costTitle(s) + ": " + num(c.Mean) + " ± " + num(c.CI95),
				"fill rate: " + fixed(f.Mean*100, 2) + "% ± " + fixed(f.CI95*100, 2),
			}}
		if p.Frontier {
			pts[i].tooltipLines = append(pts[i].tooltipLines, "on the efficient frontier")
		}
		if i == s.Chosen {
			pts[i].tooltipLines = append(pts[i].tooltipLines, "the cheapest setting meeting the target")
		}
	}
	return pts
}

func frontierSection(s *compare.Sweep) variantSection {
	note := "Each point is one setting (labelled with its value), at its mean " + strings.ToLower(costTitle(s)) +
		" across and mean fill rate up; whiskers span their 95% confidence intervals. Blue joins the efficient frontier: the settings no other setting beats on both. "
	if s.Target != nil {
		note += "The orange ring marks the cheapest setting whose whole interval meets the target " + s.Target.String() + "."
	}
	return variantSection{ID: "frontier", Title: "Trade-off: " + strings.ToLower(costTitle(s)) + " against fill rate", Notes: []string{note,
		"Every setting ran on the same random numbers, so neighbouring points differ by the setting, not by luck: the curve is smooth even where the intervals overlap."}}
}

func achievedSection(s *compare.Sweep) (variantSection, chartSpec) {
	what := "fill rate"
	if s.AchievedMetric == "cycle_service_level" {
		what = "cycle service level"
	}
	var pts []scatterPoint
	for _, p := range s.Points {
		x, err := strconv.ParseFloat(p.Values[s.TargetParam], 64)
		a := p.Achieved
		if err != nil || math.IsNaN(a.Mean) {
			continue
		}
		pts = append(pts, scatterPoint{label: pointLabel(p), x: x * 100, y: a.Mean * 100, xlo: math.NaN(), xhi: math.NaN(),
			ylo: (a.Mean - a.CI95) * 100, yhi: (a.Mean + a.CI95) * 100,
			tooltipLines: []string{"target " + trimZeros(fixed(x*100, 2)) + "%", what + " achieved: " + fixed(a.Mean*100, 2) + "% ± " + fixed(a.CI95*100, 2)}})
	}
	sec := variantSection{ID: "achieved", Title: "Target versus achieved",
		Notes: []string{"The service target " + s.Params[s.TargetParam].Path + " sizes each policy's safety stock with the normal approximation of lead-time demand. " +
			"The chart sets what the simulation delivered (" + what + " of " + names(s.Addressed) + ", with its 95% interval) against the target: on the dashed line they agree, " +
			"below it the policy delivers less than it was sized for, above it more (stock held for nothing). " +
			"Lumpy demand, long or variable lead times and an upstream stock point that runs short pull points down; the rounding of levels up to whole units and, for a cycle service level, how it is measured (docs/engine.md) push them up."},
		Charts: []chartRef{{ID: "sweep-achieved", Height: 400}}}
	return sec, achievedChart("sweep-achieved", what+" achieved", pts)
}

func settingsSection(s *compare.Sweep) variantSection {
	var head, paths []string
	for _, p := range s.Params {
		head = append(head, shortParam(p.Path, s.Params))
		paths = append(paths, shortParam(p.Path, s.Params)+": "+p.Path)
	}
	head = append(head, costTitle(s), "Fill rate")
	if s.Target != nil && s.Target.Metric != "fill_rate" {
		head = append(head, reports.Label(s.Target.Metric))
	}
	if s.TargetParam >= 0 {
		head = append(head, "Target")
		if !s.AchievedIsService() {
			head = append(head, "Achieved "+reports.Label(s.AchievedMetric))
		}
	}
	head = append(head, "Frontier")
	if s.Target != nil {
		head = append(head, s.Target.String())
	}
	if s.TargetParam >= 0 {
		head = append(head, "Derived levels") // last: one per stock point, it may run long
	}
	t := table{Head: head}
	for i, p := range s.Points {
		r := row{}
		for _, v := range p.Values {
			r.Cells = append(r.Cells, cell{Text: v, Class: "num"})
		}
		r.Cells = append(r.Cells, unitCell(p.Cost), pctCell(p.Service))
		if s.Target != nil && s.Target.Metric != "fill_rate" {
			r.Cells = append(r.Cells, pctCell(p.TargetValue))
		}
		if s.TargetParam >= 0 {
			x, _ := strconv.ParseFloat(p.Values[s.TargetParam], 64)
			r.Cells = append(r.Cells, cell{Text: pct(x), Class: "num"})
			if !s.AchievedIsService() {
				r.Cells = append(r.Cells, pctCell(p.Achieved))
			}
		}
		r.Cells = append(r.Cells, cell{Text: mark(p.Frontier, "yes")})
		if s.Target != nil {
			c := cell{Text: mark(p.Meets, "meets")}
			if i == s.Chosen {
				c = cell{Text: "cheapest that meets it", Class: "good"}
			}
			r.Cells = append(r.Cells, c)
		}
		if s.TargetParam >= 0 {
			r.Cells = append(r.Cells, cell{Text: labelledLevels(s, p.Levels), Class: "levels"})
		}
		t.Rows = append(t.Rows, r)
	}
	return variantSection{ID: "settings", Title: "Settings", Tables: []titledTable{{Table: t}},
		Notes: []string{"Parameters: " + strings.Join(paths, "; ") + ". Mean across replications; the small number is the half-width of the 95% confidence interval."}}
}

// labelledLevels names each derived level by its stock point:
// "store-soho/hoodie-m S=253, store-brooklyn/hoodie-m S=96".
func labelledLevels(s *compare.Sweep, levels []string) string {
	out := make([]string, len(levels))
	for k, l := range levels {
		out[k] = l
		if k < len(s.Addressed) {
			out[k] = s.Addressed[k] + " " + l
		}
	}
	return strings.Join(out, ", ")
}

// shortParam names a parameter by its last key ("service_level"), or by
// its whole path when another parameter ends with the same key.
func shortParam(path string, params []compare.Param) string {
	last := path[strings.LastIndex(path, ".")+1:]
	for _, p := range params {
		if p.Path != path && strings.HasSuffix(p.Path, "."+last) {
			return path
		}
	}
	return last
}

func mark(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

func sweepMethod(s *compare.Sweep) variantSection {
	notes := []string{
		"Every setting runs with the same seed and replications, so replication i of each sees the same demand, lead times and disruptions (common random numbers).",
		"Efficient frontier: the settings for which no other setting has both a lower mean " + strings.ToLower(costTitle(s)) + " and a higher mean fill rate.",
	}
	if s.Target != nil {
		side := "lower"
		if !s.Target.AtLeast {
			side = "upper"
		}
		notes = append(notes, "Target "+s.Target.String()+": a setting meets it when the "+side+" end of its 95% confidence interval does, not only its mean; the cheapest such setting is chosen. "+
			"The "+reports.Label(s.Target.Metric)+" here is weighted by units demanded over "+names(s.Served)+".")
	}
	return variantSection{ID: "method", Title: "How to read it", Notes: notes}
}
