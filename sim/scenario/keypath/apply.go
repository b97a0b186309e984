package keypath

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Sections lists the sections a key path may name, in file order.
func Sections() []string {
	return []string{"scenario", "sku", "supplier", "warehouse", "plant", "lane", "stock", "demand", "disruption"}
}

// nouns name one element of each array section in messages.
var nouns = map[string][2]string{
	"sku":        {"SKU", "SKUs"},
	"supplier":   {"supplier", "suppliers"},
	"warehouse":  {"warehouse", "warehouses"},
	"plant":      {"plant", "plants"},
	"lane":       {"lane", "lanes"},
	"stock":      {"stock point", "stock points"},
	"demand":     {"demand stream", "demand streams"},
	"disruption": {"disruption", "disruptions"},
	"expect":     {"expectation", "expectations"},
}

// Noun names n elements of a section in messages: "stock point" for one,
// "stock points" for more; the section's own name when it has no noun.
func Noun(section string, n int) string {
	w, ok := nouns[section]
	switch {
	case !ok:
		return section
	case n == 1:
		return w[0]
	}
	return w[1]
}

// Index names the elements of a scenario's arrays of tables as selectors
// match them: per section, per element in file order, the names it
// answers to. sim/scenario builds it from the decoded model:
//
//	sku, supplier, warehouse,  the id
//	plant
//	lane                       "from->to"
//	stock                      "at/sku"
//	demand                     the stream's id, and "at/sku"
//	disruption                 the name (the type when unnamed, then "type #2", ...)
type Index map[string][][]string

// Touch is one place where a change was made.
type Touch struct {
	Section string
	Element int    // index in the section's array of tables; -1 for [scenario]
	Name    string // the element's first name in the Index
	Keys    []string
	Absent  bool // a removal found nothing to remove here
}

// String writes the place as the scenario decoder writes key paths in its
// errors: "stock[2].policy.S", "scenario.seed".
func (t Touch) String() string {
	s := t.Section
	if t.Element >= 0 {
		s += "[" + strconv.Itoa(t.Element) + "]"
	}
	return s + "." + strings.Join(t.Keys, ".")
}

// Error is a change that cannot be made. When Word is set, Known lists
// what exists in its place (What names them: "stock points", "keys"), for
// a did-you-mean hint.
type Error struct {
	Msg   string
	Word  string
	Known []string
	What  string
}

func (e *Error) Error() string {
	if len(e.Known) == 0 {
		return e.Msg
	}
	return fmt.Sprintf("%s (%s: %s)", e.Msg, e.What, strings.Join(e.Known, ", "))
}

// Copy returns a deep copy of a decoded TOML document, so that changes
// leave the original alone.
func Copy(doc map[string]any) map[string]any {
	return copyValue(doc).(map[string]any)
}

func copyValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = copyValue(x)
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(v))
		for i, x := range v {
			out[i] = copyValue(x).(map[string]any)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = copyValue(x)
		}
		return out
	}
	return v
}

// Apply makes the change in doc, in place, at every element its selector
// matches, and returns where. Missing tables on the way are created
// (setting policy.safety_stock.service_level where the policy had S adds
// safety_stock); removing a key some elements lack skips them, but one that
// none has is an error. On error doc may be partly changed: discard it.
func Apply(doc map[string]any, ix Index, c Change) ([]Touch, error) {
	tables, names, err := targets(doc, ix, c.Path)
	if err != nil {
		return nil, err
	}
	var touched []Touch
	absent := 0
	for i, t := range tables {
		gone, err := setIn(t, c)
		if err != nil {
			return nil, err
		}
		touched = append(touched, Touch{Section: c.Path.Section, Element: names[i].index, Name: names[i].name, Keys: c.Path.Keys, Absent: gone})
		if gone {
			absent++
		}
	}
	if c.Remove && absent == len(tables) {
		return nil, &Error{Msg: noneHas(c.Path, len(tables))}
	}
	return touched, nil
}

func noneHas(p Path, n int) string {
	key := strings.Join(p.Keys, ".")
	switch {
	case p.Section == "scenario":
		return fmt.Sprintf("[scenario] has no %s to remove", key)
	case n == 1:
		return fmt.Sprintf("the %s %s[%s] selects has no %s to remove", nouns[p.Section][0], p.Section, p.Selector, key)
	}
	return fmt.Sprintf("none of the %d %s %s[%s] selects has %s to remove", n, nouns[p.Section][1], p.Section, p.Selector, key)
}

type element struct {
	index int
	name  string
}

// targets returns the tables a path's section and selector address.
func targets(doc map[string]any, ix Index, p Path) ([]map[string]any, []element, error) {
	if !slices.Contains(Sections(), p.Section) {
		return nil, nil, unknownSection(p.Section)
	}
	if p.Section == "scenario" {
		if p.Selector != "" {
			return nil, nil, &Error{Msg: "[scenario] is a single table: write scenario." + strings.Join(p.Keys, ".") + ", with no [...]"}
		}
		t, ok := doc["scenario"].(map[string]any)
		if !ok {
			return nil, nil, &Error{Msg: "the scenario has no [scenario] table"}
		}
		return []map[string]any{t}, []element{{-1, "scenario"}}, nil
	}
	elems, err := arrayOf(doc, ix, p.Section)
	if err != nil {
		return nil, nil, err
	}
	if p.Selector == "" {
		return nil, nil, &Error{Msg: fmt.Sprintf("[[%s]] is an array of tables: select %s with %s", p.Section, nouns[p.Section][1], selectorExample(p.Section))}
	}
	picked, err := ix.Match(p.Section, p.Selector)
	if err != nil {
		return nil, nil, err
	}
	var tables []map[string]any
	var names []element
	for _, i := range picked {
		tables = append(tables, elems[i])
		names = append(names, element{i, ix[p.Section][i][0]})
	}
	return tables, names, nil
}

func unknownSection(s string) error {
	switch s {
	case "variant":
		return &Error{Msg: "[[variant]] tables are not changed by variants"}
	case "expect":
		return &Error{Msg: "[[expect]] tables cannot be changed: a variant changes the network, its policies and its demand"}
	}
	return &Error{Msg: fmt.Sprintf("unknown section %q", s), Word: s, Known: Sections(), What: "sections"}
}

func selectorExample(section string) string {
	switch section {
	case "stock":
		return "stock[AT/SKU], stock[store-*] (every SKU at matching sites), stock[*/SKU] or stock[*]"
	case "lane":
		return "lane[FROM->TO], lane[dc-newark->*] or lane[*]"
	case "demand":
		return "demand[ID], demand[AT/SKU], demand[store-*] or demand[*]"
	case "disruption":
		return "disruption[NAME] or disruption[*]"
	}
	return section + "[ID] or " + section + "[*]"
}

// arrayOf returns the tables of an array section, checking that the index
// describes them.
func arrayOf(doc map[string]any, ix Index, section string) ([]map[string]any, error) {
	var elems []map[string]any
	switch v := doc[section].(type) {
	case []map[string]any:
		elems = v
	case []any:
		for _, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				return nil, &Error{Msg: fmt.Sprintf("%s is not an array of tables", section)}
			}
			elems = append(elems, m)
		}
	}
	if len(elems) == 0 {
		return nil, &Error{Msg: fmt.Sprintf("the scenario has no [[%s]] tables", section)}
	}
	if len(ix[section]) != len(elems) {
		panic(fmt.Sprintf("variant: index has %d %s, the document %d", len(ix[section]), section, len(elems)))
	}
	return elems, nil
}

// Match returns the elements of section that a selector matches, in file
// order. A selector is a name or a glob pattern (path.Match: *, ?, [a-z]);
// a pattern with no "/" also matches the site part of "at/sku" names, so
// stock[store-*] selects every SKU at the stores. Matching nothing is an
// error that lists what exists.
func (ix Index) Match(section, selector string) ([]int, error) {
	if _, err := path.Match(selector, ""); err != nil {
		return nil, &Error{Msg: fmt.Sprintf("%s[%s]: %q is not a valid pattern (* matches any text, ? one character, [a-z] a range)", section, selector, selector)}
	}
	var out []int
	for i, names := range ix[section] {
		if slices.ContainsFunc(names, func(n string) bool { return matches(selector, n) }) {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		word, known := selector, ix.candidates(section, selector)
		return nil, &Error{Msg: fmt.Sprintf("%s[%s] matches no %s", section, selector, nouns[section][0]),
			Word: word, Known: known, What: nouns[section][1]}
	}
	return out, nil
}

func matches(pattern, name string) bool {
	if pattern == name {
		return true
	}
	if ok, _ := path.Match(pattern, name); ok {
		return true
	}
	if strings.Contains(name, "/") && !strings.Contains(pattern, "/") {
		ok, _ := path.Match(pattern+"/*", name)
		return ok
	}
	return false
}

// candidates lists what a selector that matched nothing could have meant:
// the sites alone when it names no SKU, else the first names.
func (ix Index) candidates(section, selector string) []string {
	var out []string
	for _, names := range ix[section] {
		n := names[0]
		if section == "stock" && !strings.Contains(selector, "/") {
			n, _, _ = strings.Cut(n, "/")
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// setIn sets or removes c's keys in one table; gone reports a removal that
// found nothing.
func setIn(t map[string]any, c Change) (gone bool, err error) {
	keys := c.Path.Keys
	for i, k := range keys[:len(keys)-1] {
		v, ok := t[k]
		if !ok {
			if c.Remove {
				return true, nil
			}
			child := map[string]any{}
			t[k], t = child, child
			continue
		}
		child, ok := v.(map[string]any)
		if !ok {
			at := strings.Join(keys[:i+1], ".")
			return false, &Error{Msg: fmt.Sprintf("%s is %s, not a table: set %s whole, such as %s.%s={ ... }",
				at, describe(v), at, sectionPart(c.Path), at)}
		}
		t = child
	}
	last := keys[len(keys)-1]
	if c.Remove {
		_, ok := t[last]
		delete(t, last)
		return !ok, nil
	}
	t[last] = copyValue(c.Value)
	return false, nil
}

func sectionPart(p Path) string {
	if p.Selector == "" {
		return p.Section
	}
	return p.Section + "[" + p.Selector + "]"
}

// describe names a value for messages: `the string "5d"`, `the number 12`.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return "the string " + strconv.Quote(v)
	case int64, float64:
		return fmt.Sprintf("the number %v", v)
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case []any, []map[string]any:
		return "an array"
	}
	return fmt.Sprintf("%v", v)
}

// Get returns the value at a path in every element its selector matches,
// in index order, nil where an element lacks the key. It changes nothing.
func Get(doc map[string]any, ix Index, p Path) ([]any, error) {
	tables, _, err := targets(doc, ix, p)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(tables))
	for i, t := range tables {
		out[i] = lookup(t, p.Keys)
	}
	return out, nil
}

func lookup(t map[string]any, keys []string) any {
	for _, k := range keys[:len(keys)-1] {
		child, ok := t[k].(map[string]any)
		if !ok {
			return nil
		}
		t = child
	}
	return t[keys[len(keys)-1]]
}
