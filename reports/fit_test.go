package reports

import (
	"bytes"
	"strings"
	"testing"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

type widthBuffer struct {
	bytes.Buffer
	width int
}

func (w *widthBuffer) Width() int { return w.width }

const wideTable = "stock point\tfill rate\tbackordered\tlost\ton hand\t\n" +
	"store-brooklyn-east-village/hoodie-m\t94.82% ± 1.43\t4.46% ± 1.23\t2.11% ± 0.76\t16.35 ± 0.29\t\n" +
	"dc/hoodie-m\t93.32% ± 1.14\t6.68% ± 1.14\t0.00% ± 0.00\t481.30 ± 15.48\t\n"

// Without a width the table is text/tabwriter's, byte for byte; with one,
// no line is wider, and every cell but the abbreviated names is kept.
func TestFitTable(t *testing.T) {
	t.Parallel()
	var plain, want bytes.Buffer
	tw := newTabWriter(&plain, tabwriter.AlignRight)
	tw.Write([]byte(wideTable))
	tw.Flush()
	ref := tabwriter.NewWriter(&want, 0, 0, 2, ' ', tabwriter.AlignRight)
	ref.Write([]byte(wideTable))
	ref.Flush()
	assert.Equal(t, want.String(), plain.String())

	for _, width := range []int{40, 60, 80} {
		w := &widthBuffer{width: width}
		tw := newTabWriter(w, tabwriter.AlignRight)
		tw.Write([]byte(wideTable))
		tw.Flush()
		for _, line := range strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n") {
			assert.LessOrEqual(t, utf8.RuneCountInString(line), width, "%d: %q", width, line)
		}
		for _, cell := range []string{"94.82% ± 1.43", "481.30 ± 15.48", "…/hoodie-m", "dc/hoodie-m", "on hand"} {
			assert.Contains(t, w.String(), cell, "width %d", width)
		}
	}
}

func TestAbbreviate(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "short", abbreviate("short", 10))
	assert.Equal(t, "store-b…/hoodie-m", abbreviate("store-brooklyn-east/hoodie-m", 17))
	assert.Equal(t, "abcdefg…tuvwxyz", abbreviate("abcdefghijklmnopqrstuvwxyz", 15))
}
