package scenario

import (
	"github.com/supplysim/supplysim/sim/scenario/keypath"
)

// listKeys are the keys that may hold a list of ids in each section: a
// table with lists stands for one element per combination, the first
// key's list varying slowest ([[stock]] at = ["a", "b"], sku = ["x", "y"]
// gives a/x, a/y, b/x, b/y).
func listKeys(section string) []string {
	switch section {
	case "stock", "demand":
		return []string{"at", "sku"}
	case "lane":
		return []string{"to"}
	}
	return nil
}

// expand replaces each table of section whose list keys hold arrays by one
// table per combination. The copies keep the table's position, so every
// error still points at its line; d.origin records, per element, the
// table of the file it came from.
func (d *decoder) expand(section string, ts []*table) []*table {
	keys := listKeys(section)
	if len(keys) == 0 {
		return ts
	}
	var out []*table
	var origin []int
	for i, t := range ts {
		copies := []*table{t}
		for _, k := range keys {
			copies = expandKey(copies, k)
		}
		if _, named := t.vals["id"]; named && section == "demand" && len(copies) > 1 {
			t.errorf("id", `leave id out: each element is named "<at>/<sku>"`, "a [[demand]] with a list of at or sku cannot give one id to all its streams")
			copies = copies[:1]
		}
		for range copies {
			origin = append(origin, i)
		}
		out = append(out, copies...)
	}
	if len(out) != len(ts) {
		if d.origins == nil {
			d.origins = map[string][]int{}
		}
		d.origins[section] = origin
	}
	return out
}

// expandKey splits each table whose key holds a non-empty array of strings
// into one table per element. Other values are left for the section's
// decoder to judge.
func expandKey(ts []*table, key string) []*table {
	var out []*table
	for _, t := range ts {
		list, ok := t.vals[key].([]any)
		if !ok || len(list) == 0 || !allStrings(list) {
			out = append(out, t)
			continue
		}
		for _, v := range list {
			vals := make(map[string]any, len(t.vals))
			for k, x := range t.vals {
				vals[k] = x
			}
			vals[key] = v
			out = append(out, t.d.newTable(t.at, t.name, t.prefix, vals))
		}
	}
	return out
}

func allStrings(list []any) bool {
	for _, v := range list {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

// origin returns the index of the file's table that element i of section
// came from.
func (d *decoder) origin(section string, i int) int {
	if o, ok := d.origins[section]; ok && i < len(o) {
		return o[i]
	}
	return i
}

// regroup gives each table of the file, in a key-path index built from
// the expanded model, the names of every element it expanded to, so that
// a selector picks the table as written.
func (d *decoder) regroup(ix keypath.Index) keypath.Index {
	for section, origin := range d.origins {
		names := ix[section]
		grouped := make([][]string, origin[len(origin)-1]+1)
		for i, o := range origin {
			if i < len(names) {
				grouped[o] = append(grouped[o], names[i]...)
			}
		}
		ix[section] = grouped
	}
	return ix
}
