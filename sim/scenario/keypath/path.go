// Package keypath changes a scenario without editing its file. A key path
// such as stock[store-*].policy.safety_stock.service_level addresses
// values of the scenario document, and a Change sets or removes them:
// `supplysim run --set`, the [[variant]] tables of a scenario file,
// `supplysim compare` and `supplysim sweep` all use it.
//
// It works on the document as the TOML library decodes it
// (map[string]any), before the scenario decoder validates it, so that a
// changed value passes the same checks as one written in the file. It knows
// the shape of a scenario (which sections are arrays of tables, how
// selectors name their elements) but none of its keys: sim/scenario judges
// what a change produces. It does no I/O. The syntax is documented in
// docs/compare.md.
package keypath

import (
	"fmt"
	"strings"
)

// Path addresses values of a scenario: a section, a selector of its
// elements (for arrays of tables), and keys below.
//
//	scenario.replications
//	stock[store-*].policy.safety_stock.service_level
//	lane[mill-dhaka->dc-newark].transit
type Path struct {
	Section  string
	Selector string // the text between [ and ]; "" for [scenario]
	Keys     []string
}

// String writes the path as it is parsed.
func (p Path) String() string {
	var b strings.Builder
	b.WriteString(p.Section)
	if p.Selector != "" {
		b.WriteString("[" + p.Selector + "]")
	}
	for _, k := range p.Keys {
		b.WriteString("." + k)
	}
	return b.String()
}

// ParsePath parses a key path. Keys are bare TOML keys (letters, digits,
// '_' and '-'); a selector may hold any text but unbalanced brackets,
// since glob character classes ("store-[ab]*") nest.
func ParsePath(s string) (Path, error) {
	p, rest, err := parsePath(strings.TrimSpace(s))
	if err != nil {
		return Path{}, err
	}
	if rest != "" {
		return Path{}, fmt.Errorf("%q: unexpected %q after the path", s, rest)
	}
	return p, nil
}

// parsePath reads a path from the start of s and returns what follows it.
func parsePath(s string) (Path, string, error) {
	var p Path
	n := bareKey(s)
	if n == 0 {
		return p, "", fmt.Errorf("%q: a key path starts with a section name such as stock[store-*] or scenario", s)
	}
	p.Section, s = s[:n], s[n:]
	if strings.HasPrefix(s, "[") {
		end := closingBracket(s)
		if end < 0 {
			return p, "", fmt.Errorf("%s[...: the selector has no closing ]", p.Section)
		}
		p.Selector, s = strings.TrimSpace(s[1:end]), s[end+1:]
		if p.Selector == "" {
			return p, "", fmt.Errorf("%s[]: the selector is empty; %s[*] selects every element", p.Section, p.Section)
		}
	}
	for strings.HasPrefix(s, ".") {
		n := bareKey(s[1:])
		if n == 0 {
			return p, "", fmt.Errorf("%s: expected a key after %q", p, ".")
		}
		p.Keys, s = append(p.Keys, s[1:1+n]), s[1+n:]
	}
	if len(p.Keys) == 0 {
		return p, "", fmt.Errorf("%s: name a key below it, such as %s", p, example(p))
	}
	return p, strings.TrimSpace(s), nil
}

func example(p Path) string {
	switch p.Section {
	case "scenario":
		return "scenario.replications"
	case "stock":
		return p.String() + ".policy.S"
	}
	if p.Selector == "" {
		return p.Section + "[*].KEY"
	}
	return p.String() + ".KEY"
}

// bareKey returns the length of the bare TOML key at the start of s.
func bareKey(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return i
		}
	}
	return len(s)
}

// closingBracket returns the index of the ']' closing the '[' at s[0], or -1.
func closingBracket(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
