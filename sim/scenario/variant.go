package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// Variant is a [[variant]] table: a named set of changes to the scenario,
// which `supplysim compare` runs beside the scenario itself.
type Variant struct {
	Name        string
	Description string
	Changes     []keypath.Change // Origin names the variant and the change
}

// Base is a valid scenario file to which changes can be applied: the
// --set of the command line, or a [[variant]]'s set.
type Base struct {
	d     *decoder
	index keypath.Index
	mu    sync.Mutex // guards d.doc, made again on demand
}

// Load decodes and validates a scenario file, and tries each of its
// [[variant]] tables on it, so that a variant's mistakes are reported with
// the file's other problems, at the variant's position. On failure the
// error is an ErrorList. A scenario that names other files (a demand's
// history) needs LoadWith.
func Load(filename string, data []byte) (*Base, error) {
	return LoadWith(filename, data, Options{})
}

func load(filename string, data []byte, src *sources) (*Base, error) {
	d := parse(filename, data, src)
	if !d.scenarioOK() {
		return nil, d.errs.sort()
	}
	b := &Base{d: d, index: d.regroup(indexOf(d.m))}
	for i, v := range d.variants {
		if len(d.vtables[i].bad) > 0 || v.Name == "" || len(v.Changes) == 0 {
			continue // reported already
		}
		if _, _, err := b.With(v.Changes); err != nil {
			b.reportVariant(i, err)
		}
	}
	b.checkKnobs()
	if len(d.errs) > 0 {
		return nil, d.errs.sort()
	}
	b.release()
	return b, nil
}

// release lets the garbage collector have what only loading needed: the
// locator and the tables. The file's values go too, as a run without
// changes never needs them; document decodes them again when a change does.
func (b *Base) release() {
	b.d.loc, b.d.vtables, b.d.ktables = nil, nil, nil
	b.d.doc = nil
}

// document returns the file's values as TOML decodes them, decoding the
// text again after release. Callers only read them (keypath.Copy first).
func (b *Base) document() map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.d.doc == nil {
		md, top, _ := decodeTOML(b.d.text)
		b.d.doc = document(md, top)
	}
	return b.d.doc
}

// Model returns the scenario as the file gives it, and its policies'
// derivations. Every call returns the same model.
func (b *Base) Model() (*sim.Model, []sim.Derivation) { return b.d.m, b.d.derivs }

// Variants returns the file's [[variant]] tables, in file order.
func (b *Base) Variants() []Variant { return b.d.variants }

// Select returns the names of the elements a path's selector matches
// ("at/sku" for stock points), or an ErrorList saying what exists; origin
// names the path in messages ("--param stock[x].policy.S"). For
// [scenario] it returns "scenario".
func (b *Base) Select(p keypath.Path, origin string) ([]string, error) {
	c := keypath.Change{Path: p, Value: int64(0), Text: p.String(), Origin: origin}
	if _, err := keypath.Apply(keypath.Copy(b.document()), b.index, c); err != nil {
		return nil, ErrorList{b.changeError(c, err)}
	}
	if p.Section == "scenario" {
		return []string{"scenario"}, nil
	}
	picked, _ := b.index.Match(p.Section, p.Selector)
	names := make([]string, len(picked))
	for i, k := range picked {
		names[i] = b.index[p.Section][k][0]
	}
	return names, nil
}

// With returns the scenario with the changes made, in order, as a new
// model decoded and validated like a file, without the [[variant]] tables.
// Its errors (an ErrorList) name the file and the change that caused each
// problem, with the elements it hit; they have no line, as the changed
// text exists in no file.
func (b *Base) With(changes []keypath.Change) (*sim.Model, []sim.Derivation, error) {
	doc := keypath.Copy(b.document())
	delete(doc, "variant")
	delete(doc, "knob")
	touched := make([][]keypath.Touch, len(changes))
	var errs ErrorList
	for i, c := range changes {
		t, err := keypath.Apply(doc, b.index, c)
		if err != nil {
			errs = append(errs, b.changeError(c, err))
		}
		touched[i] = t
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	var text bytes.Buffer
	if err := toml.NewEncoder(&text).Encode(doc); err != nil {
		return nil, nil, ErrorList{{File: b.d.file, Msg: fmt.Sprintf("%s: cannot write the changed scenario: %v", labels(changes, nil), err)}}
	}
	d := parse(b.d.file, text.Bytes(), b.d.src)
	if len(d.errs) > 0 {
		return nil, nil, b.attribute(d.errs.sort(), changes, touched)
	}
	return d.m, d.derivs, nil
}

// changeError turns a change that cannot be made into an Error, with a
// did-you-mean hint when it names something that does not exist.
func (b *Base) changeError(c keypath.Change, err error) *Error {
	e := &Error{File: b.d.file, Msg: c.Label() + ": " + err.Error()}
	var ve *keypath.Error
	if errors.As(err, &ve) {
		e.Msg = c.Label() + ": " + ve.Msg
		if ve.Word != "" {
			e.Hint = didYouMean(ve.Word, shortList(ve.Known), ve.What)
		}
	}
	return e
}

// shortList keeps hints readable on large networks.
func shortList(names []string) []string {
	const most = 12
	if len(names) <= most {
		return names
	}
	return append(names[:most:most], fmt.Sprintf("... (%d in all)", len(names)))
}

// elementPath matches the start of an error's key path: "stock[2]".
var elementPathRE = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]`)

// attribute rewrites the errors of a changed scenario: each names the
// change that caused it (the one that touched its key, else one that
// touched its element, else all of them) and the elements it is about, by
// name; errors that differ only in their element are merged.
func (b *Base) attribute(errs ErrorList, changes []keypath.Change, touched [][]keypath.Touch) ErrorList {
	type group struct {
		label, msg, hint string
		section          string
		elems            []string
	}
	var groups []*group
	for _, e := range errs {
		own := owners(e.Path, touched)
		label := labels(changes, own)
		e.Hint = joinHints(e.Hint, switchHint(e.Msg, changes, own))
		section, elem := b.element(e.Path)
		var g *group
		for _, h := range groups {
			if h.label == label && h.msg == e.Msg && h.hint == e.Hint && h.section == section {
				g = h
			}
		}
		if g == nil {
			g = &group{label: label, msg: e.Msg, hint: e.Hint, section: section}
			groups = append(groups, g)
		}
		if elem != "" {
			g.elems = append(g.elems, elem)
		}
	}
	out := make(ErrorList, len(groups))
	for i, g := range groups {
		msg := g.label + ": "
		if len(g.elems) > 0 {
			msg += keypath.Noun(g.section, len(g.elems)) + " " + strings.Join(g.elems, ", ") + ": "
		}
		out[i] = &Error{File: b.d.file, Msg: msg + g.msg, Hint: g.hint}
	}
	return out
}

// owners returns the changes an error at path p is about: those that
// touched p, a key above or below it; else those that touched its element;
// else every change.
func owners(p string, touched [][]keypath.Touch) []int {
	related := func(a, b string) bool {
		return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".")
	}
	elem := elementPathRE.FindString(p)
	for _, sameElement := range []bool{false, true} {
		var out []int
		for i, ts := range touched {
			for _, t := range ts {
				s := t.String()
				if related(s, p) || sameElement && elem != "" && strings.HasPrefix(s, elem+".") {
					out = append(out, i)
					break
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// conflictRE matches the decoder's complaints about keys that exclude each
// other: "give S or safety_stock, not both", and a safety stock given two
// ways.
var (
	notBothRE  = regexp.MustCompile(`give (\w+) or (\w+), not both`)
	oneOfRE    = regexp.MustCompile(`^policy\.safety_stock: give exactly one of`)
	removalTip = " (an empty value removes a key)"
)

// switchHint tells how to switch from one of two exclusive keys to the
// other, when a change set one while the file has the other: remove it in
// the same list of changes.
func switchHint(msg string, changes []keypath.Change, own []int) string {
	for _, i := range own {
		c := changes[i]
		if c.Remove {
			continue
		}
		if m := notBothRE.FindStringSubmatch(msg); m != nil {
			for k, key := range c.Path.Keys {
				if other := map[string]string{m[1]: m[2], m[2]: m[1]}[key]; other != "" {
					return "to switch, remove " + other + " in the same changes: " + removal(c.Path, c.Path.Keys[:k], other) + removalTip
				}
			}
		}
		if oneOfRE.MatchString(msg) && len(c.Path.Keys) == 3 && c.Path.Keys[1] == "safety_stock" {
			return "to switch, remove the safety stock first, in the same changes: " + removal(c.Path, c.Path.Keys[:1], "safety_stock") + removalTip
		}
	}
	return ""
}

func removal(p keypath.Path, parents []string, key string) string {
	q := keypath.Path{Section: p.Section, Selector: p.Selector, Keys: append(append([]string(nil), parents...), key)}
	return q.String() + "="
}

func joinHints(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// labels names the changes at the given indexes (all when nil).
func labels(changes []keypath.Change, idx []int) string {
	if idx == nil {
		for i := range changes {
			idx = append(idx, i)
		}
	}
	parts := make([]string, len(idx))
	for i, k := range idx {
		parts[i] = changes[k].Label()
	}
	return strings.Join(parts, " with ")
}

// element names the element at the start of an error's key path:
// ("stock", "store-soho/hoodie-m").
func (b *Base) element(p string) (section, name string) {
	m := elementPathRE.FindStringSubmatch(p)
	if m == nil {
		return "", ""
	}
	i, err := strconv.Atoi(m[2])
	names := b.index[m[1]]
	if err != nil || i >= len(names) {
		return m[1], ""
	}
	return m[1], names[i][0]
}

// reportVariant reports the problems of the i-th [[variant]] at its set key.
func (b *Base) reportVariant(i int, err error) {
	var list ErrorList
	if !errors.As(err, &list) {
		list = ErrorList{{Msg: err.Error()}}
	}
	for _, e := range list {
		b.d.report(b.d.vtables[i].at.child("set"), e.Hint, e.Msg)
	}
}

// indexOf names the elements of a valid model's sections for selectors.
func indexOf(m *sim.Model) keypath.Index {
	ix := keypath.Index{}
	for _, s := range m.SKUs {
		ix["sku"] = append(ix["sku"], []string{s.ID})
	}
	for _, s := range m.Suppliers {
		ix["supplier"] = append(ix["supplier"], []string{s.ID})
	}
	for _, w := range m.Warehouses {
		ix["warehouse"] = append(ix["warehouse"], []string{w.ID})
	}
	for _, p := range m.Plants {
		ix["plant"] = append(ix["plant"], []string{p.ID})
	}
	for _, l := range m.Lanes {
		ix["lane"] = append(ix["lane"], []string{l.From + "->" + l.To})
	}
	for _, s := range m.Stocks {
		ix["stock"] = append(ix["stock"], []string{s.Name()})
	}
	for _, dm := range m.Demands {
		ix["demand"] = append(ix["demand"], []string{dm.ID, dm.At + "/" + dm.SKU})
	}
	for _, dis := range m.Disruptions {
		ix["disruption"] = append(ix["disruption"], []string{dis.Name})
	}
	return ix
}

// scenarioOK reports whether the scenario itself is valid: every problem
// found so far is in a [[variant]] table.
func (d *decoder) scenarioOK() bool {
	for _, e := range d.errs {
		if !strings.HasPrefix(e.Path, "variant[") && !strings.HasPrefix(e.Path, "knob[") {
			return false
		}
	}
	return d.m != nil
}

// BaseName is the name `supplysim compare` gives the scenario itself; no
// [[variant]] may take it.
const BaseName = "base"

// decodeVariants decodes the [[variant]] tables: their names and the
// syntax of their changes. Load tries them on the scenario.
func (d *decoder) decodeVariants(ts []*table) {
	seen := map[string]bool{}
	for _, t := range ts {
		t.require("name", "set")
		var v Variant
		v.Name, _ = t.label("name")
		switch {
		case v.Name == BaseName:
			t.errorf("name", "compare names the scenario itself "+strconv.Quote(BaseName), "%q is taken", v.Name)
		case strings.Contains(v.Name, ":"):
			t.errorf("name", "", `%q must not contain ":" (compare --variant NAME:CHANGES splits there)`, v.Name)
		case v.Name != "" && seen[v.Name]:
			t.errorf("name", "give each [[variant]] a name of its own", "variant %q is already declared", v.Name)
		}
		seen[v.Name] = true
		v.Description, _ = t.str("description")
		v.Changes = t.changes(v.Name)
		t.rejectUnknown()
		d.variants = append(d.variants, v)
		d.vtables = append(d.vtables, t)
	}
}

// changes reads set = ["PATH=VALUE", ...].
func (t *table) changes(name string) []keypath.Change {
	v, ok := t.get("set")
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		t.errorf("set", `set = ["stock[store-*].policy.safety_stock.service_level=0.98"]`,
			"expected a non-empty array of changes written PATH=VALUE, got %s", describe(v))
		return nil
	}
	var out []keypath.Change
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			t.errorf("set", "", "element %d: expected a string PATH=VALUE, got %s", i+1, describe(e))
			continue
		}
		c, err := keypath.ParseChange(s)
		if err != nil {
			t.errorf("set", "see docs/compare.md for key paths", "element %d: %v", i+1, err)
			continue
		}
		c.Origin = fmt.Sprintf("variant %q: %q", name, c.Text)
		out = append(out, c)
	}
	return out
}
