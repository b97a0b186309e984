package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// locateDoc has the same keys in several [[stock]] elements, written in
// every form TOML allows: the library keeps only the last position of each
// key path, which the locator must see through.
const locateDoc = `[scenario]
name = "x"
  horizon = "5d"
description = """
two
lines"""

[[stock]]
at = "a"
policy = { type = "sS", s = 10 }

[[stock]]
at = "b"
policy = { type = "sS",   s = 11 }
weekly = [
  1, 2]

  [[stock]]
at = "c"
policy.type = "rQ"
"policy".Q = 3

[[stock]]
at = "d"
[stock.policy]
type = "RS"
safety_stock = { units = 5 }
`

func TestLocatorFind(t *testing.T) {
	t.Parallel()
	for _, crlf := range []bool{false, true} {
		doc := locateDoc
		if crlf {
			doc = strings.ReplaceAll(doc, "\n", "\r\n")
		}
		md, top, err := decodeTOML(doc)
		require.NoError(t, err)
		loc := newLocator(doc, md, top)
		tests := []struct {
			path      keyPath
			line, col int
		}{
			{sectionPath("scenario"), 1, 1},
			{sectionPath("scenario").child("name"), 2, 1},
			{sectionPath("scenario").child("horizon"), 3, 3},
			{sectionPath("scenario").child("description"), 4, 1},
			{sectionPath("scenario").child("nope"), 1, 1},
			{elementPath("stock", 0), 8, 1},
			{elementPath("stock", 0).child("at"), 9, 1},
			{elementPath("stock", 0).child("policy"), 10, 1},
			{elementPath("stock", 0).child("policy").child("type"), 10, 12},
			{elementPath("stock", 0).child("policy").child("s"), 10, 25},
			{elementPath("stock", 0).child("policy").child("S"), 10, 1},
			{elementPath("stock", 1), 12, 1},
			{elementPath("stock", 1).child("policy").child("s"), 14, 27},
			{elementPath("stock", 1).child("weekly"), 15, 1},
			{elementPath("stock", 2), 18, 3},
			{elementPath("stock", 2).child("at"), 19, 1},
			{elementPath("stock", 2).child("policy"), 20, 1}, // made by dotted keys: its first key
			{elementPath("stock", 2).child("policy").child("type"), 20, 1},
			{elementPath("stock", 2).child("policy").child("Q"), 21, 1},
			{elementPath("stock", 3), 23, 1},
			{elementPath("stock", 3).child("policy"), 25, 1},
			{elementPath("stock", 3).child("policy").child("type"), 26, 1},
			{elementPath("stock", 3).child("policy").child("safety_stock").child("units"), 27, 18},
			{elementPath("stock", 4), 0, 0},
			{elementPath("nothing", 0), 0, 0},
		}
		for _, tt := range tests {
			line, col := loc.find(tt.path)
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{line, col}, "%s (crlf %v)", tt.path, crlf)
		}
	}
}

func TestLocatorInlineArray(t *testing.T) {
	t.Parallel()
	doc := "stock = [{ at = \"a\" }, { at = \"b\" }]\n"
	md, top, err := decodeTOML(doc)
	require.NoError(t, err)
	line, col := newLocator(doc, md, top).find(elementPath("stock", 0).child("at"))
	assert.Zero(t, line, "the library keeps one position for both elements' at: none is better than a wrong one")
	assert.Zero(t, col)
}

func TestKeyPathString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "stock[2].policy.s", elementPath("stock", 2).child("policy").child("s").String())
	assert.Equal(t, "scenario.horizon", sectionPath("scenario").child("horizon").String())
	assert.Equal(t, `sku[0]."a b"`, elementPath("sku", 0).child("a b").String())
	assert.Equal(t, "", keyPath{index: -1}.String())
}

func TestScanHeaders(t *testing.T) {
	t.Parallel()
	doc := `# [[not]] a header
a = """
[[not]] either \"""
"""
b = '''
[not]'''
c = [
[1, 2],
  [3]]
d = { e = [
] }
"f [g]" = "[h]" # [i]
[[stock]]
 [ stock . "policy" ]
[[ 'stock' ]]
[x.y]
`
	var got []header
	for _, h := range scanHeaders(doc) {
		got = append(got, h)
	}
	require.Len(t, got, 4)
	assert.Equal(t, header{off: strings.Index(doc, "[[stock]]"), key: []string{"stock"}, array: true}, got[0])
	assert.Equal(t, []string{"stock", "policy"}, got[1].key)
	assert.False(t, got[1].array)
	assert.Equal(t, []string{"stock"}, got[2].key)
	assert.True(t, got[2].isElementOf("stock"))
	assert.Equal(t, []string{"x", "y"}, got[3].key)
	starts, ends := elementRanges(got, "stock", len(doc))
	assert.Equal(t, []int{got[0].off, got[2].off}, starts)
	assert.Equal(t, []int{got[2].off, got[3].off}, ends)
}
