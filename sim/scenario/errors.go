package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a scenario file.
type Error struct {
	File string
	Line int    // 1-based line of the key or syntax error; 0 when unknown
	Col  int    // 1-based column in bytes; 0 when unknown
	Path string // key path such as "stock[2].policy.s" (elements count from 0); "" for the whole file
	Msg  string
	Hint string // a suggestion such as `did you mean "lead_time"?`; may be empty

	last bool // sorts after the file's other problems: the count of those not listed
}

// Error formats e as "file:line:col: msg", or "file: path: msg" when the
// position is unknown, followed by "; hint: ..." when there is a hint.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	switch {
	case e.Line > 0 && e.Col > 0:
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	case e.Line > 0:
		fmt.Fprintf(&b, ":%d", e.Line)
	case e.Path != "":
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; hint: ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// ErrorList is every problem found in a scenario file, sorted by position.
// Problems with no position (a missing section, say) come first.
type ErrorList []*Error

// Error joins the errors' texts with newlines.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sort orders l by line and column, keeping the order of discovery for
// problems at the same place, and drops exact duplicates.
func (l ErrorList) sort() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File { // a scenario's history files
			return l[i].File < l[j].File
		}
		if l[i].last != l[j].last {
			return l[j].last
		}
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
	out := l[:0]
	for _, e := range l {
		if len(out) > 0 && *e == *out[len(out)-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}
