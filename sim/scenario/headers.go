package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// header is a table header line: [a.b] or [[a.b]].
type header struct {
	off   int      // byte offset of its first '['
	key   []string // the table's key parts
	array bool     // [[...]]
}

// isElementOf reports whether h starts an element of [[section]].
func (h header) isElementOf(section string) bool {
	return h.array && len(h.key) == 1 && h.key[0] == section
}

// Limits on nesting: the TOML library slows down with the square of both,
// and no scenario comes near them.
const (
	maxDepth    = 32 // arrays and inline tables inside each other
	maxKeyParts = 32 // parts of a dotted key or table name
)

// scan is one pass over the text that finds the table headers and the
// first place nesting exceeds the limits. It knows just enough TOML to skip
// strings, comments and the inside of arrays and inline tables: a '[' that
// starts a line anywhere else starts a header. It runs on any input, before
// the TOML parser; its headers are only trusted once the parser agrees.
type scan struct {
	text    string
	stack   []byte // the '[' and '{' of values still open
	headers []header
	limit   int    // offset where a limit is exceeded, or -1
	msg     string // which limit
}

func scanText(text string) *scan {
	s := &scan{text: text, limit: -1}
	lineStart := true
	for i := 0; i < len(text) && s.limit < 0; {
		i, lineStart = s.step(i, lineStart)
	}
	return s
}

// scanHeaders returns the table headers of text.
func scanHeaders(text string) []header { return scanText(text).headers }

// step scans from i and returns where to go on, and whether that is at the
// start of a line.
func (s *scan) step(i int, lineStart bool) (int, bool) {
	switch c := s.text[i]; {
	case c == '\n':
		return i + 1, true
	case c == ' ' || c == '\t' || c == '\r':
		return i + 1, lineStart
	case c == '#':
		return skipComment(s.text, i), false
	case c == '[' && len(s.stack) == 0 && lineStart:
		h, next := parseHeader(s.text, i)
		s.headers = append(s.headers, h)
		s.checkParts(i, len(h.key))
		return next, false
	case lineStart && len(s.stack) == 0 || c == '{' || c == ',' && s.inInlineTable():
		return s.key(i, c), false
	case c == '"' || c == '\'':
		return skipString(s.text, i), false
	}
	return s.bracket(i), false
}

// key skips the key starting at i, or after the '{' or ',' c of an inline
// table, and checks its number of parts.
func (s *scan) key(i int, c byte) int {
	if c == '{' || c == ',' {
		s.bracket(i)
		i++
	}
	parts, end := keyParts(s.text, i)
	s.checkParts(i, parts)
	return max(end, i+1)
}

// bracket opens or closes a value's array or inline table at i.
func (s *scan) bracket(i int) int {
	switch c := s.text[i]; c {
	case '[', '{':
		s.stack = append(s.stack, c)
		if len(s.stack) > maxDepth {
			s.limit, s.msg = i, fmt.Sprintf("arrays and tables nested more than %d deep", maxDepth)
		}
	case ']', '}':
		s.stack = s.stack[:max(0, len(s.stack)-1)]
	}
	return i + 1
}

func (s *scan) inInlineTable() bool { return len(s.stack) > 0 && s.stack[len(s.stack)-1] == '{' }

func (s *scan) checkParts(i, parts int) {
	if parts > maxKeyParts && s.limit < 0 {
		s.limit, s.msg = i, fmt.Sprintf("a key or table name with more than %d dotted parts", maxKeyParts)
	}
}

// keyParts counts the dotted parts of the key starting at i (after blanks)
// and returns the offset after it.
func keyParts(text string, i int) (int, int) {
	parts := 0
	for {
		from := skipBlanks(text, i)
		_, next := headerPart(text, from)
		if next == from {
			return parts, from
		}
		parts++
		i = skipBlanks(text, next)
		if i >= len(text) || text[i] != '.' {
			return parts, i
		}
		i++
	}
}

// skipComment returns the offset of the newline ending the comment at i.
func skipComment(text string, i int) int {
	if n := strings.IndexByte(text[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(text)
}

// skipString returns the offset just after the string starting at i.
func skipString(text string, i int) int {
	q := text[i]
	if strings.HasPrefix(text[i:], strings.Repeat(string(q), 3)) {
		return skipMultiline(text, i+3, q)
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j
		}
	}
	return len(text)
}

// skipMultiline returns the offset just after the multi-line string whose
// content starts at i. Up to two quotes before the closing three belong to
// the content.
func skipMultiline(text string, i int, q byte) int {
	delim := strings.Repeat(string(q), 3)
	for j := i; j < len(text); j++ {
		if text[j] == '\\' && q == '"' {
			j++
			continue
		}
		if strings.HasPrefix(text[j:], delim) {
			j += 3
			for k := 0; k < 2 && j < len(text) && text[j] == q; k++ {
				j++
			}
			return j
		}
	}
	return len(text)
}

// parseHeader reads the header starting at i and returns the offset after
// its closing bracket(s).
func parseHeader(text string, i int) (header, int) {
	h := header{off: i}
	j := i + 1
	if j < len(text) && text[j] == '[' {
		h.array, j = true, j+1
	}
	for {
		from := skipBlanks(text, j)
		part, next := headerPart(text, from)
		if next == from {
			break
		}
		h.key = append(h.key, part)
		j = skipBlanks(text, next)
		if j >= len(text) || text[j] != '.' {
			break
		}
		j++
	}
	for k := 0; k < 2 && j < len(text) && text[j] == ']'; k++ {
		j++
	}
	return h, j
}

func skipBlanks(text string, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}

// headerPart reads one part of a header's key: bare, "basic" or 'literal'.
func headerPart(text string, i int) (string, int) {
	if i >= len(text) {
		return "", i
	}
	if q := text[i]; q == '"' || q == '\'' {
		end := skipString(text, i)
		raw := text[i:end]
		if s, err := strconv.Unquote(raw); err == nil && q == '"' {
			return s, end
		}
		return strings.Trim(raw, string(q)), end
	}
	j := i
	for j < len(text) && isBareKeyChar(text[j]) {
		j++
	}
	return text[i:j], j
}

func isBareKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
