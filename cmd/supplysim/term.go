package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// plainText writes text for a terminal with every control character but
// newline and tab shown as an escape (ESC as \x1b), so that no text from a
// scenario file can move the cursor, retitle the window or clear the
// screen. Data written to standard output on request (--json -) bypasses
// it: the bytes of a data file are never changed.
type plainText struct{ w io.Writer }

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
	plainText{&b}.Write([]byte(s))
	return b.String()
}
