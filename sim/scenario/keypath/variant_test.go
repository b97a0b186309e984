package keypath

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Path
		err  string
	}{
		{"scenario.replications", Path{Section: "scenario", Keys: []string{"replications"}}, ""},
		{"stock[store-*].policy.safety_stock.service_level",
			Path{Section: "stock", Selector: "store-*", Keys: []string{"policy", "safety_stock", "service_level"}}, ""},
		{"stock[dc-newark/hoodie-m].policy.s", Path{Section: "stock", Selector: "dc-newark/hoodie-m", Keys: []string{"policy", "s"}}, ""},
		{"lane[mill-dhaka->dc-newark].transit", Path{Section: "lane", Selector: "mill-dhaka->dc-newark", Keys: []string{"transit"}}, ""},
		{"stock[store-[ab]*].initial", Path{Section: "stock", Selector: "store-[ab]*", Keys: []string{"initial"}}, ""},
		{"disruption[port strike].duration", Path{Section: "disruption", Selector: "port strike", Keys: []string{"duration"}}, ""},
		{" stock[ x ].S ", Path{Section: "stock", Selector: "x", Keys: []string{"S"}}, ""},
		{"", Path{}, "starts with a section name"},
		{"[x].a", Path{}, "starts with a section name"},
		{"stock[x", Path{}, "no closing ]"},
		{"stock[].S", Path{}, "stock[*] selects every element"},
		{"stock[x]", Path{}, "name a key below it, such as stock[x].policy.S"},
		{"scenario", Path{}, "such as scenario.replications"},
		{"stock[x].", Path{}, `expected a key after "."`},
		{"stock[x].policy..S", Path{}, `expected a key after "."`},
		{"stock[x].policy S", Path{}, `unexpected "S" after the path`},
	}
	for _, tt := range tests {
		got, err := ParsePath(tt.in)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	p, _ := ParsePath("stock[a/b].policy.S")
	assert.Equal(t, "stock[a/b].policy.S", p.String())
}

func TestParseChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		value  any
		remove bool
		err    string
	}{
		{"stock[x].policy.S=12", int64(12), false, ""},
		{"stock[x].policy.safety_stock.service_level = 0.98", 0.98, false, ""},
		{`supplier[m].lead_time="7d"`, "7d", false, ""},
		{"supplier[m].lead_time=7d", "7d", false, ""}, // a bare word is a string
		{"stock[x].policy.type=sS", "sS", false, ""},
		{"demand[d].partial=false", false, false, ""},
		{"demand[d].weekly=[1, 1, 1, 1, 1, 2, 2]", []any{int64(1), int64(1), int64(1), int64(1), int64(1), int64(2), int64(2)}, false, ""},
		{`supplier[m].lead_time={dist="lognormal", mean="30d", cv=0.3}`,
			map[string]any{"dist": "lognormal", "mean": "30d", "cv": 0.3}, false, ""},
		{"stock[x].policy.S=", nil, true, ""},
		{"stock[x].policy.S =  ", nil, true, ""},
		{"stock[x].policy.S", nil, false, "expected stock[x].policy.S=VALUE (an empty VALUE removes the key)"},
		{"stock[x].policy.S:12", nil, false, `expected = after stock[x].policy.S, got ":12"`},
		{`supplier[m].lead_time={dist="lognormal"`, nil, false, "is not a TOML value"},
		{`demand[d].id=two words`, nil, false, "strings with blanks or punctuation need quotes"},
	}
	for _, tt := range tests {
		c, err := ParseChange(tt.in)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.value, c.Value, tt.in)
		assert.Equal(t, tt.remove, c.Remove, tt.in)
	}
	cs, err := ParseChanges("stock[x].policy.S=; stock[x].policy.safety_stock.service_level=0.98")
	require.NoError(t, err)
	require.Len(t, cs, 2)
	assert.True(t, cs[0].Remove)
	_, err = ParseChanges(" ; ")
	assert.ErrorContains(t, err, "no changes")
}

// testDoc is a decoded scenario document, as the TOML library gives it.
func testDoc() (map[string]any, Index) {
	doc := map[string]any{
		"scenario": map[string]any{"name": "t", "horizon": "1y"},
		"supplier": []map[string]any{{"id": "mill", "lead_time": "5d"}},
		"lane":     []map[string]any{{"from": "mill", "to": "dc"}, {"from": "dc", "to": "store-a"}, {"from": "dc", "to": "store-b"}},
		"stock": []map[string]any{
			{"at": "dc", "sku": "tee", "policy": map[string]any{"type": "sS", "s": int64(10), "S": int64(40)}},
			{"at": "store-a", "sku": "tee", "policy": map[string]any{"type": "base_stock", "S": int64(12)}},
			{"at": "store-b", "sku": "tee", "policy": map[string]any{"type": "base_stock", "S": int64(14)}},
			{"at": "store-b", "sku": "cap", "policy": map[string]any{"type": "base_stock", "safety_stock": map[string]any{"days": int64(3)}}},
		},
		"demand": []any{map[string]any{"id": "walk-ins", "at": "store-a", "sku": "tee"}},
	}
	ix := Index{
		"supplier": {{"mill"}},
		"lane":     {{"mill->dc"}, {"dc->store-a"}, {"dc->store-b"}},
		"stock":    {{"dc/tee"}, {"store-a/tee"}, {"store-b/tee"}, {"store-b/cap"}},
		"demand":   {{"walk-ins", "store-a/tee"}},
	}
	return doc, ix
}

func change(t *testing.T, s string) Change {
	t.Helper()
	c, err := ParseChange(s)
	require.NoError(t, err)
	return c
}

func TestApplySelectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		change string
		want   []string // touched places
	}{
		{"scenario.replications=50", []string{"scenario.replications"}},
		{"stock[dc/tee].policy.s=15", []string{"stock[0].policy.s"}},
		{"stock[store-*].initial=3", []string{"stock[1].initial", "stock[2].initial", "stock[3].initial"}},
		{"stock[*/tee].initial=3", []string{"stock[0].initial", "stock[1].initial", "stock[2].initial"}},
		{"stock[store-b].initial=3", []string{"stock[2].initial", "stock[3].initial"}},
		{"stock[*].initial=3", []string{"stock[0].initial", "stock[1].initial", "stock[2].initial", "stock[3].initial"}},
		{"stock[store-[a]*].initial=3", []string{"stock[1].initial"}},
		{"lane[dc->*].transit=2d", []string{"lane[1].transit", "lane[2].transit"}},
		{"demand[walk-ins].rate=3", []string{"demand[0].rate"}},
		{"demand[store-a].rate=3", []string{"demand[0].rate"}},
		{"supplier[mill].lead_time=7d", []string{"supplier[0].lead_time"}},
	}
	for _, tt := range tests {
		doc, ix := testDoc()
		touched, err := Apply(doc, ix, change(t, tt.change))
		require.NoError(t, err, tt.change)
		var got []string
		for _, tc := range touched {
			got = append(got, tc.String())
		}
		assert.Equal(t, tt.want, got, tt.change)
	}
}

func TestApplyValues(t *testing.T) {
	t.Parallel()
	doc, ix := testDoc()
	orig, _ := testDoc()
	work := Copy(doc)
	// From S to a safety stock: remove S, then set a key of a table that
	// does not exist yet.
	_, err := Apply(work, ix, change(t, "stock[store-a].policy.S="))
	require.NoError(t, err)
	_, err = Apply(work, ix, change(t, "stock[store-a].policy.safety_stock.service_level=0.98"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"type": "base_stock", "safety_stock": map[string]any{"service_level": 0.98}},
		work["stock"].([]map[string]any)[1]["policy"])
	// Removing a key some elements lack skips them.
	touched, err := Apply(work, ix, change(t, "stock[store-b].policy.S="))
	require.NoError(t, err)
	assert.False(t, touched[0].Absent)
	assert.True(t, touched[1].Absent)
	// A whole table as a value, copied so that later changes do not alias.
	c := change(t, `supplier[mill].lead_time={dist="gamma", mean="5d", cv=0.5}`)
	_, err = Apply(work, ix, c)
	require.NoError(t, err)
	_, err = Apply(work, ix, change(t, "supplier[mill].lead_time.cv=0.2"))
	require.NoError(t, err)
	assert.Equal(t, 0.5, c.Value.(map[string]any)["cv"])
	// An inline array of tables is changed in place too.
	_, err = Apply(work, ix, change(t, "demand[walk-ins].rate=3"))
	require.NoError(t, err)
	assert.Equal(t, int64(3), work["demand"].([]any)[0].(map[string]any)["rate"])
	assert.Equal(t, orig, doc, "Copy leaves the original alone")
}

func TestApplyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		change, err string
		word        string
		known       []string
	}{
		{"stok[x].initial=1", `unknown section "stok"`, "stok", Sections()},
		{"stock[store-c].initial=1", "stock[store-c] matches no stock point", "store-c", []string{"dc", "store-a", "store-b"}},
		{"stock[store-a/hat].initial=1", "stock[store-a/hat] matches no stock point", "store-a/hat",
			[]string{"dc/tee", "store-a/tee", "store-b/tee", "store-b/cap"}},
		{"lane[mill->x].transit=1", "lane[mill->x] matches no lane", "mill->x", []string{"mill->dc", "dc->store-a", "dc->store-b"}},
		{"stock.initial=1", "[[stock]] is an array of tables: select stock points with stock[AT/SKU]", "", nil},
		{"scenario[x].seed=1", "[scenario] is a single table: write scenario.seed, with no [...]", "", nil},
		{"disruption[x].duration=1", "the scenario has no [[disruption]] tables", "", nil},
		{"variant[x].set=1", "[[variant]] tables are not changed", "", nil},
		{"expect[x].min=1", "[[expect]] tables cannot be changed", "", nil},
		{`stock[a\].initial=1`, `"a\\" is not a valid pattern`, "", nil},
		{"stock[store-a].policy.S.x=1", "policy.S is the number 12, not a table: set policy.S whole, such as stock[store-a].policy.S={ ... }", "", nil},
		{"supplier[mill].lead_time.cv=0.3", `lead_time is the string "5d", not a table`, "", nil},
		{"stock[store-a].policy.s=", "the stock point stock[store-a] selects has no policy.s to remove", "", nil},
		{"stock[store-*].policy.Q=", "none of the 3 stock points stock[store-*] selects has policy.Q to remove", "", nil},
		{"scenario.seed=", "[scenario] has no seed to remove", "", nil},
	}
	for _, tt := range tests {
		doc, ix := testDoc()
		_, err := Apply(doc, ix, change(t, tt.change))
		require.Error(t, err, tt.change)
		assert.ErrorContains(t, err, tt.err, tt.change)
		var ve *Error
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, tt.word, ve.Word, tt.change)
		assert.Equal(t, tt.known, ve.Known, tt.change)
	}
}
