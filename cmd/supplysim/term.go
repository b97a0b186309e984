package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// plainText writes text for a terminal with every control character but
// newline and tab shown as an escape (ESC as \x1b), so that no text from a
// scenario file can move the cursor, retitle the window or clear the
// screen. Data written to standard output on request (--json -) bypasses
// it: the bytes of a data file are never changed.
type plainText struct {
	w     io.Writer
	width int // the terminal's width that tables fit; 0: none
}

// Width is the terminal width tables are fitted to (reports.Widther).
func (p plainText) Width() int { return p.width }

func (p plainText) Write(b []byte) (int, error) {
	if !hasControl(b) {
		return p.w.Write(b)
	}
	n := len(b)
	out := make([]byte, 0, n+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if isControl(r) {
			out = fmt.Appendf(out, `\x%02x`, r)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// hasControl reports whether b may hold a control character: a C0 byte
// other than newline and tab, DEL, or the lead byte of a C1 character.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == 0xc2 {
			return true
		}
	}
	return false
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f
}

// visible returns s with its control characters shown as escapes, for
// text written where plainText does not reach (progress lines).
func visible(s string) string {
	var b strings.Builder
	plainText{w: &b}.Write([]byte(s))
	return b.String()
}

// termWidth is the width, in columns, that tables written to f fit:
// COLUMNS when set to a number (as shells export it, and as a script may
// set it to ask for a width), else the terminal's width, else 0 (a pipe
// or a file: tables keep their natural width, unchanged for scripts).
func termWidth(f *os.File, columns string) int {
	if n, err := strconv.Atoi(strings.TrimSpace(columns)); err == nil && n > 0 {
		return max(n, minWidth)
	}
	if !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		return max(w, minWidth)
	}
	return 0
}

// minWidth is the narrowest width tables are fitted to.
const minWidth = 40
