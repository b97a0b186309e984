package reports

import (
	"bytes"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// Widther is a writer that knows the width of the terminal it writes to,
// in columns; 0 means no width (a pipe, a file): tables keep their
// natural width there, byte for byte, so that scripts can parse them.
type Widther interface {
	Width() int
}

// widthOf returns the width w writes to, or 0 when it does not say.
func widthOf(w io.Writer) int {
	if t, ok := w.(Widther); ok {
		return t.Width()
	}
	return 0
}

// minFirstColumn is the narrowest a table's first column (stock point,
// variant, setting) is abbreviated to.
const minFirstColumn = 16

// newTabWriter returns a tabwriter-like writer for a table of cells ended
// by tabs. Written to a writer without a width, it is text/tabwriter with
// padding 2, exactly. Written to a terminal narrower than the table, it
// first abbreviates the first column in the middle ("dc-newa…/hoodie-m"),
// then wraps the other columns into blocks that fit, each repeating the
// first column, so that no line is wider than the terminal.
func newTabWriter(w io.Writer, flags uint) tableWriter {
	width := widthOf(w)
	if width <= 0 {
		return tabwriter.NewWriter(w, 0, 0, 2, ' ', flags)
	}
	return &fitTable{w: w, width: width, flags: flags}
}

// tableWriter is what the text tables need of text/tabwriter.
type tableWriter interface {
	io.Writer
	Flush() error
}

// fitTable buffers a table's cells and lays them out on Flush.
type fitTable struct {
	w     io.Writer
	width int
	flags uint
	buf   bytes.Buffer
}

func (t *fitTable) Write(b []byte) (int, error) { return t.buf.Write(b) }

func (t *fitTable) Flush() error {
	text := strings.TrimSuffix(t.buf.String(), "\n")
	t.buf.Reset()
	if text == "" {
		return nil
	}
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		rows = append(rows, strings.Split(strings.TrimSuffix(line, "\t"), "\t"))
	}
	var out bytes.Buffer
	for i, block := range fitBlocks(rows, t.width) {
		if i > 0 {
			out.WriteByte('\n')
		}
		tw := tabwriter.NewWriter(&out, 0, 0, 2, ' ', t.flags)
		for _, r := range block {
			io.WriteString(tw, strings.Join(r, "\t")+"\t\n")
		}
		tw.Flush()
	}
	_, err := t.w.Write(out.Bytes())
	return err
}

// fitBlocks splits rows into blocks of columns no wider than width, each
// block with the (abbreviated) first column.
func fitBlocks(rows [][]string, width int) [][][]string {
	widths := columnWidths(rows)
	if tableWidth(widths) <= width || len(widths) < 2 {
		return [][][]string{rows}
	}
	first := min(widths[0], max(minFirstColumn, width/4))
	for _, r := range rows {
		if len(r) > 0 {
			r[0] = abbreviate(r[0], first)
		}
	}
	widths[0] = first
	if tableWidth(widths) <= width {
		return [][][]string{rows}
	}
	// A cell wider than a block (a list of levels) is shortened too.
	widest := max(width-first-4, minFirstColumn)
	for j := 1; j < len(widths); j++ {
		if widths[j] <= widest {
			continue
		}
		for _, r := range rows {
			if j < len(r) {
				r[j] = abbreviate(r[j], widest)
			}
		}
		widths[j] = widest
	}
	var blocks [][][]string
	for lo := 1; lo < len(widths); {
		hi, used := lo, widths[0]+2
		for hi < len(widths) && (hi == lo || used+widths[hi]+2 <= width) {
			used += widths[hi] + 2
			hi++
		}
		blocks = append(blocks, columns(rows, lo, hi))
		lo = hi
	}
	return blocks
}

// columns returns the first column and columns [lo, hi) of rows.
func columns(rows [][]string, lo, hi int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		row := []string{""}
		if len(r) > 0 {
			row[0] = r[0]
		}
		for j := lo; j < hi; j++ {
			if j < len(r) {
				row = append(row, r[j])
			} else {
				row = append(row, "")
			}
		}
		out[i] = row
	}
	return out
}

func columnWidths(rows [][]string) []int {
	var widths []int
	for _, r := range rows {
		for j, c := range r {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	return widths
}

// tableWidth is the width of a line of a tabwriter table with padding 2.
func tableWidth(widths []int) int {
	n := 0
	for _, w := range widths {
		n += w + 2
	}
	return n
}

// abbreviate shortens s to n runes by an ellipsis in the middle, keeping
// its end (the SKU of "site/sku") whole where it can.
func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 3 {
		return s
	}
	tail := (n - 1) / 2
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		if t := utf8.RuneCountInString(s[i:]); t < n-4 {
			tail = t
		}
	}
	head := n - 1 - tail
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
