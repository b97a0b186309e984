package scenario

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/dist"
)

// disruptions decodes the [[disruption]] sections and names them.
func (d *decoder) disruptions(m *sim.Model, ts []*table) {
	for _, t := range ts {
		m.Disruptions = append(m.Disruptions, t.disruption())
	}
	disruptionNames(m.Disruptions, ts)
}

// disruption decodes one [[disruption]]: its type, target, timing and effect.
func (t *table) disruption() sim.Disruption {
	t.require("type")
	dis := sim.Disruption{Factor: 1, Probability: 1, Extra: dist.Const(0)}
	dis.Name, _ = t.label("name")
	typ, ok := t.disruptionType()
	dis.Type = typ
	if ok {
		t.disruptionTarget(&dis)
		t.disruptionEffect(&dis)
	}
	t.disruptionTiming(&dis)
	if ok { // with an unknown type, its keys cannot be judged
		t.rejectUnknown()
	}
	return dis
}

func (t *table) disruptionType() (sim.DisruptionType, bool) {
	s, ok := t.str("type")
	if !ok {
		return 0, false
	}
	typ, ok := sim.ParseDisruptionType(s)
	if !ok {
		t.errorf("type", didYouMean(s, sim.DisruptionTypeNames(), "types"),
			"unknown disruption type %q", s)
	}
	return typ, ok
}

// disruptionTarget reads what the disruption hits.
func (t *table) disruptionTarget(dis *sim.Disruption) {
	switch dis.Type {
	case sim.DemandSurge:
		dis.SKU, _ = t.id("sku")
		dis.Site, _ = t.id("site")
		dis.Demand, _ = t.demandIDKey("demand")
	case sim.SupplierDelay, sim.SupplierOutage:
		t.require("supplier")
		dis.Supplier, _ = t.id("supplier")
	case sim.CapacityLoss:
		if t.has("supplier") == t.has("site") {
			t.tableErrorf(`a capacity_loss hits a supplier's production (supplier = "...") or a warehouse's handling (site = "...")`,
				"[[disruption]]: give supplier or site, not both or neither")
		}
		dis.Supplier, _ = t.id("supplier")
		dis.Site, _ = t.id("site")
	case sim.LaneClosure, sim.LaneDelay:
		t.require("from", "to")
		dis.From, _ = t.id("from")
		dis.To, _ = t.id("to")
	case sim.EquipmentFailure:
		t.require("site")
		dis.Site, _ = t.id("site")
	}
}

// demandIDKey reads a key holding a demand stream id.
func (t *table) demandIDKey(key string) (string, bool) { return t.label(key) }

// label reads free text that names something: not empty, no blanks around
// it, no control characters.
func (t *table) label(key string) (string, bool) {
	s, ok := t.str(key)
	if ok && (s == "" || strings.TrimSpace(s) != s || strings.IndexFunc(s, unicode.IsControl) >= 0) {
		t.errorf(key, "", "%q must be non-empty text with no blanks around it and no control characters", s)
		return "", false
	}
	return s, ok
}

// disruptionEffect reads how hard the disruption hits.
func (t *table) disruptionEffect(dis *sim.Disruption) {
	switch dis.Type {
	case sim.DemandSurge:
		t.require("factor")
		dis.Factor, _ = t.atLeast("factor", 0)
		if !t.atMost("factor", dis.Factor, maxFactor, "") {
			dis.Factor = 1
		}
	case sim.SupplierDelay, sim.LaneDelay:
		if !t.has("extra") && !t.has("factor") {
			t.tableErrorf(`add extra = "14d" (added to each lead or transit time) or factor = 1.5`,
				"[[disruption]]: a %s needs extra or factor", dis.Type)
		}
		if f, ok := t.positive("factor"); ok && t.atMost("factor", f, maxFactor, "") {
			dis.Factor = f
		}
		if x, ok := t.dist("extra", timeDist); ok {
			dis.Extra = x
		}
	case sim.SupplierOutage:
		dis.Share, _ = t.share("capacity_share", false)
	case sim.CapacityLoss:
		t.require("capacity_share")
		dis.Share, _ = t.share("capacity_share", false)
	case sim.LaneClosure:
		dis.Hold = t.choice("in_transit", "continue", "hold") == "hold"
	case sim.EquipmentFailure:
		dis.StopReceiving = t.choice("receiving", "continue", "stop") == "stop"
	}
}

// choice reads a key that takes one of the given words; the first is the default.
func (t *table) choice(key string, words ...string) string {
	s, ok := t.str(key)
	if !ok {
		return words[0]
	}
	for _, w := range words {
		if s == w {
			return s
		}
	}
	t.errorf(key, didYouMean(s, words, "values"), "must be %s, got %q", joinOr(words), s)
	return words[0]
}

func joinOr(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// disruptionTiming reads when the disruption happens: scheduled (start,
// duration, repeat, probability) or random (every, and duration or repair
// as distributions).
func (t *table) disruptionTiming(dis *sim.Disruption) {
	if t.has("every") {
		t.randomTiming(dis)
		return
	}
	t.require("start", "duration")
	dis.Start, _ = t.duration("start", false)
	dis.Duration, _ = t.duration("duration", true)
	dis.Repeat, _ = t.interval("repeat")
	if dis.Repeat > 0 && dis.Duration > dis.Repeat {
		t.errorf("repeat", "", "must be at least the duration (%s), got %s", fmtDays(dis.Duration), fmtDays(dis.Repeat))
	}
	if p, ok := t.share("probability", false); ok {
		dis.Probability = p
	}
}

func (t *table) randomTiming(dis *sim.Disruption) {
	dis.Random = true
	for _, k := range []string{"start", "repeat", "probability"} {
		if t.has(k) {
			t.errorf(k, "every makes the disruption random: occurrences follow each other with up-times drawn from every",
				"a disruption with every has no %s", k)
		}
	}
	durationKey := "duration"
	if dis.Type == sim.EquipmentFailure && t.has("repair") {
		durationKey = "repair"
		if t.has("duration") {
			t.errorf("duration", "", "give repair or duration, not both")
		}
	}
	if !t.has(durationKey) {
		t.tableErrorf(`add duration = { dist = "exponential", mean = "3d" } (how long each occurrence lasts)`,
			"[[disruption]]: a random disruption needs %s", durationKey)
	}
	dis.Every, _ = t.dist("every", timeDist)
	if m := dis.Every.Mean(); t.ok("every") && m < minInterval {
		t.errorf("every", "occurrences would follow each other without end", "the mean time between occurrences must be at least 1 minute (%s), got %s", fmtInterval(minInterval), fmtInterval(m))
	}
	dis.Length, _ = t.dist(durationKey, timeDist)
}

// disruptionNames gives each disruption without a name its type, with
// "#2", "#3", ... for later ones of the same type, then reports names used
// twice.
func disruptionNames(ds []sim.Disruption, ts []*table) {
	count := map[string]int{}
	for i := range ds {
		if ts[i].has("name") || !ts[i].ok("type") {
			continue
		}
		base := ds[i].Type.String()
		count[base]++
		ds[i].Name = base
		if n := count[base]; n > 1 {
			ds[i].Name = fmt.Sprintf("%s #%d", base, n)
		}
	}
	seen := map[string]bool{}
	for i, dis := range ds {
		switch {
		case dis.Name == "":
		case !seen[dis.Name]:
			seen[dis.Name] = true
		default:
			ts[i].tableErrorf("give each [[disruption]] a name of its own", "[[disruption]]: name %q is already used", dis.Name)
		}
	}
}
