package scenario

import (
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

// scanHeaders finds the table headers of text, which the TOML parser has
// accepted. It knows just enough TOML to skip strings, comments and the
// inside of arrays and inline tables: a '[' that starts a line anywhere
// else starts a header.
func scanHeaders(text string) []header {
	var hs []header
	depth, lineStart := 0, true
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			lineStart, i = true, i+1
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#':
			i = skipComment(text, i)
			continue
		case c == '"' || c == '\'':
			i = skipString(text, i)
		case c == '[' && depth == 0 && lineStart:
			var h header
			h, i = parseHeader(text, i)
			hs = append(hs, h)
		case c == '[' || c == '{':
			depth, i = depth+1, i+1
		case c == ']' || c == '}':
			depth, i = max(0, depth-1), i+1
		default:
			i++
		}
		lineStart = false
	}
	return hs
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
