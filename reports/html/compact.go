package html

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
)

// compactRows writes dataset rows as one flat JSON array of numbers, row
// after row (nCols each), each number as jsonNum writes it (4 significant
// digits). A large network's stock points are stored this way, beside one
// chart option used as a template: the page builds a stock point's chart
// from them when it is chosen, instead of carrying one whole option per
// stock point.
func compactRows(rows [][nCols]jsonNum) json.RawMessage {
	b := make([]byte, 0, len(rows)*nCols*6)
	b = append(b, '[')
	for i, r := range rows {
		for j, x := range r {
			if i > 0 || j > 0 {
				b = append(b, ',')
			}
			v, _ := x.MarshalJSON()
			b = append(b, v...)
		}
	}
	return append(b, ']')
}

// largePoints is the number of points per series kept for each stock point
// of a network past SmallMultiples: fewer as the network grows, so that a
// report of thousands of stock points stays a few megabytes (at 2,000
// stock points and 500 days, 25-day buckets).
func largePoints(stocks, maxPoints int) int {
	return max(20, min(maxPoints, 40_000/max(stocks, 1)))
}

// maxDetailRows is the most stock points the per-stock-point detail
// tables (theory, policies) list; a larger network lists its worst ones
// by fill rate there, and all of them in the summary table and the JSON.
const maxDetailRows = 100

// detailed reports whether stock point i has a row in the detail tables.
func (b *builder) detailed(i int) bool {
	if len(b.order) <= maxDetailRows {
		return true
	}
	for _, j := range b.order[:maxDetailRows] {
		if j == i {
			return true
		}
	}
	return false
}

// moreRow ends a detail table of a large network: how many stock points it
// leaves out, and where they are.
func (b *builder) moreRow(t *table) {
	if n := len(b.order) - maxDetailRows; n > 0 {
		t.Rows = append(t.Rows, row{Cells: []cell{{Text: "…"}},
			Span: fmt.Sprintf("and %d more stock points with higher fill rates: this table lists the %d with the lowest; the run's JSON (--json) has every one.", n, maxDetailRows)})
	}
}

// maxCharted is the most stock points the per-stock-point bar charts
// show; a larger network's charts show its worst by fill rate, and the
// summary table lists every one.
const maxCharted = 40

// charted returns the stock points the bar charts show, worst fill rate
// first.
func (b *builder) charted() []int {
	return b.order[:min(len(b.order), maxCharted)]
}

// top returns at most maxCharted stock points with the highest value of
// key (a mean per day or in units); stock points where it is zero or
// undefined are left out, ties keep model order.
func (b *builder) top(key func(i int) float64) []int {
	var out []int
	for i := range b.res.Stocks {
		if key(i) > 0 {
			out = append(out, i)
		}
	}
	slices.SortStableFunc(out, func(x, y int) int { return cmp.Compare(key(y), key(x)) })
	return out[:min(len(out), maxCharted)]
}

// maxSummaryRows is the most rows of the summary table a page writes as
// HTML: a browser takes seconds to lay out a table of thousands of rows.
const maxSummaryRows = 100

// summaryData keeps the first maxSummaryRows rows of a longer summary
// table, ending it with a row that counts the others, and returns every
// row as data for the page's script, which shows the rest when the reader
// filters, sorts or asks for all. A row is a JSON array of strings: the
// first cell's text, then each further cell's text and small print. A
// shorter table comes back whole, with no data.
func summaryData(t table) (table, template.JS) {
	n := len(t.Rows)
	if n <= maxSummaryRows {
		return t, ""
	}
	rows := make([][]string, n)
	for i, r := range t.Rows {
		rows[i] = make([]string, 0, 2*len(r.Cells)-1)
		for j, c := range r.Cells {
			if j == 0 {
				rows[i] = append(rows[i], c.Text)
				continue
			}
			rows[i] = append(rows[i], c.Text, c.Sub)
		}
	}
	data, err := json.Marshal(rows) // escapes <, > and &: safe inside a script element
	if err != nil {
		panic("reports: summary rows do not marshal: " + err.Error())
	}
	t.Rows = append(t.Rows[:maxSummaryRows:maxSummaryRows], row{Cells: []cell{{Text: "…"}},
		Span: fmt.Sprintf("and %d more stock points: filter or sort the table to reach them, or show them all.", n-maxSummaryRows)})
	return t, template.JS(data)
}
