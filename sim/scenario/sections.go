package scenario

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/supplysim/supplysim/sim"
)

// arraySections are the sections written [[name]], in decoding order.
func arraySections() []string {
	return []string{"sku", "supplier", "warehouse", "plant", "lane", "stock", "demand", "disruption", "expect", "variant", "knob"}
}

// model decodes every section of the file, then checks how they refer to
// each other.
func (d *decoder) model(vals map[string]any) *sim.Model {
	m := &sim.Model{}
	d.rejectSections(vals)
	d.scenario(m, vals)
	elems := make(map[string][]*table)
	for _, s := range arraySections() {
		elems[s] = d.expand(s, d.elements(s, vals))
	}
	d.skus(m, elems["sku"])
	d.suppliers(m, elems["supplier"])
	d.warehouses(m, elems["warehouse"])
	d.plants(m, elems["plant"])
	d.lanes(m, elems["lane"])
	d.stocks(m, elems["stock"])
	d.demands(m, elems["demand"])
	d.disruptions(m, elems["disruption"])
	d.expects(m, elems["expect"])
	d.decodeVariants(elems["variant"])
	d.decodeKnobs(elems["knob"])
	d.check(m, elems)
	return m
}

// rejectSections reports top-level keys that are not sections this
// version knows.
func (d *decoder) rejectSections(vals map[string]any) {
	known := append([]string{"scenario"}, arraySections()...)
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(known, k) {
			d.rejectSection(k, vals[k], known)
		}
	}
}

func (d *decoder) rejectSection(k string, v any, known []string) {
	hint := didYouMean(k, known, "sections")
	if c, ok := closest(k, known); ok {
		hint = fmt.Sprintf("did you mean [[%s]]?", c)
		if c == "scenario" {
			hint = "did you mean [scenario]?"
		}
	}
	switch v.(type) {
	case map[string]any:
		d.report(sectionPath(k), hint, fmt.Sprintf("unknown section [%s]", k))
	case []map[string]any:
		d.report(sectionPath(k), hint, fmt.Sprintf("unknown section [[%s]]", k))
	default:
		d.report(sectionPath(k), "keys go below a section header such as [scenario]",
			fmt.Sprintf("unknown key %q at the top of the file", k))
	}
}

// elements returns the tables of an array-of-tables section.
func (d *decoder) elements(section string, vals map[string]any) []*table {
	v, ok := vals[section]
	if !ok {
		return nil
	}
	var maps []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		maps = v
	case []any:
		maps, ok = tableList(v)
	default:
		ok = false
	}
	if !ok {
		d.report(sectionPath(section), fmt.Sprintf("write [[%s]] above each one", section),
			fmt.Sprintf("%s must be an array of tables, got %s", section, describe(v)))
		return nil
	}
	tables := make([]*table, len(maps))
	for i, m := range maps {
		tables[i] = d.newTable(elementPath(section, i), "[["+section+"]]", "", m)
	}
	return tables
}

// tableList converts an inline array of tables.
func tableList(v []any) ([]map[string]any, bool) {
	maps := make([]map[string]any, len(v))
	for i, e := range v {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		maps[i] = m
	}
	return maps, true
}

// scenario decodes the [scenario] section: the run settings.
func (d *decoder) scenario(m *sim.Model, vals map[string]any) {
	v, ok := vals["scenario"]
	if !ok {
		d.report(keyPath{index: -1}, `start the file with [scenario], name = "...", horizon = "365d"`, "missing [scenario] section")
		return
	}
	mv, ok := v.(map[string]any)
	if !ok {
		d.report(sectionPath("scenario"), "write [scenario] once, not [[scenario]]", "[scenario] must be a table, got "+describe(v))
		return
	}
	t := d.newTable(sectionPath("scenario"), "[scenario]", "", mv)
	t.require("name", "horizon")
	m.Name, _ = t.str("name")
	if t.ok("name") && m.Name == "" {
		t.errorf("name", "", "must not be empty")
	}
	m.Description, _ = t.str("description")
	m.Horizon = t.horizon()
	m.Warmup = t.warmup(m.Horizon)
	m.Replications = int(t.intInRange("replications", 10, 1, sim.MaxReplications))
	m.Seed = uint64(t.intInRange("seed", 1, 0, 1<<63-1))
	m.RecoveryTolerance = 0.02
	if x, ok := t.share("recovery_tolerance", false); ok {
		m.RecoveryTolerance = x
	}
	t.rejectUnknown()
}

// horizon returns the horizon in days: at least a day, at most maxDays.
func (t *table) horizon() float64 {
	h, ok := t.days("horizon", true)
	if ok && h < minHorizon {
		t.errorf("horizon", `the KPIs are per day and the series daily: simulate at least "1d"`, "must be at least 1 day, got %s", describe(t.vals["horizon"]))
		return 0
	}
	return h
}

// warmup returns the warm-up in days: at least 0, below the horizon.
func (t *table) warmup(horizon float64) float64 {
	w, ok := t.duration("warmup", false)
	if ok && t.ok("horizon") && w >= horizon {
		t.errorf("warmup", "", "must be less than the horizon (%s), got %s", fmtDays(horizon), fmtDays(w))
		return 0
	}
	return w
}

// intInRange returns key's whole number, def when absent, reporting values
// outside lo..hi.
func (t *table) intInRange(key string, def, lo, hi int64) int64 {
	if !t.has(key) {
		return def
	}
	n, ok := t.integer(key)
	switch {
	case !ok:
		return def
	case n < lo:
		t.errorf(key, "", "must be at least %d, got %d", lo, n)
		return def
	case n > hi:
		t.errorf(key, "", "must be at most %d, got %d", hi, n)
		return def
	}
	return n
}

// fmtDays writes a number of days as a duration: "365d", "0.5d".
func fmtDays(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) + "d" }
