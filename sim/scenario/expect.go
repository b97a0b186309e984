package scenario

import (
	"path"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// expects decodes the [[expect]] sections.
func (d *decoder) expects(m *sim.Model, ts []*table) {
	for _, t := range ts {
		m.Expects = append(m.Expects, t.expect())
	}
}

// expect decodes one [[expect]].
func (t *table) expect() sim.Expectation {
	t.require("metric")
	var e sim.Expectation
	e.Name, _ = t.str("name")
	e.At = t.pattern("at")
	e.SKU = t.pattern("sku")
	e.Metric = t.metric(e.At == sim.NetworkAt)
	e.Min, e.HasMin = t.number("min")
	e.Max, e.HasMax = t.number("max")
	switch {
	case !t.has("min") && !t.has("max"):
		t.tableErrorf("min = 0.95 fails the check below 0.95", "[[expect]]: give min, max or both")
	case e.HasMin && e.HasMax && e.Min > e.Max:
		t.errorf("max", "", "must be at least min (%g), got %g", e.Min, e.Max)
	}
	e.OnMean = t.judgeOn()
	t.rejectUnknown()
	return e
}

// pattern reads a site or SKU: an id or a glob pattern, "*" when absent.
func (t *table) pattern(key string) string {
	if !t.has(key) {
		return "*"
	}
	s, ok := t.str(key)
	if !ok {
		return "*"
	}
	if _, err := path.Match(s, ""); err != nil || s == "" {
		t.errorf(key, `"*" matches everything, "store-*" every id starting with "store-"`, "%q is not a valid pattern", s)
		return "*"
	}
	return s
}

// isGlob reports whether a pattern has wildcard characters.
func isGlob(s string) bool { return strings.ContainsAny(s, `*?[\`) }

// metric reads the metric name.
func (t *table) metric(network bool) string {
	s, ok := t.str("metric")
	if network {
		return t.networkMetric(s, ok)
	}
	if ok && sim.MetricIndex(s) < 0 {
		t.errorf("metric", didYouMean(s, sim.MetricNames(), "metrics"), "unknown metric %q", s)
		return ""
	}
	return s
}

// judgeOn reads on = "ci" (the default: the whole 95% confidence interval
// must lie within the bounds) or "mean"; it returns true for "mean".
func (t *table) judgeOn() bool {
	s, ok := t.str("on")
	if !ok {
		return false
	}
	switch s {
	case "ci":
		return false
	case "mean":
		return true
	}
	t.errorf("on", didYouMean(s, []string{"ci", "mean"}, "values"), `must be "ci" or "mean", got %q`, s)
	return false
}
