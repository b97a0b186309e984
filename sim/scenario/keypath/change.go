package keypath

import (
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// Change sets the value at a path in every element its selector matches,
// or removes the key there.
type Change struct {
	Path   Path
	Value  any  // a decoded TOML value: int64, float64, string, bool, []any, map[string]any
	Remove bool // remove the key instead (written KEY= with nothing after)
	Text   string
	// Origin says where the change comes from in messages, such as
	// "--set 'scenario.seed=3'"; Text quoted when empty.
	Origin string
}

// Label is how messages name the change: its Origin, or its text quoted.
func (c Change) Label() string {
	if c.Origin != "" {
		return c.Origin
	}
	return fmt.Sprintf("%q", c.Text)
}

// ParseChange parses PATH=VALUE. VALUE is a TOML value (12, 0.98, "7d",
// { dist = "lognormal", mean = "30d", cv = 0.3 }); a single word that is
// not one ("7d", "sS") is taken as a string; nothing after '=' removes the
// key.
func ParseChange(s string) (Change, error) {
	p, rest, err := parsePath(strings.TrimSpace(s))
	if err != nil {
		return Change{}, err
	}
	value, ok := strings.CutPrefix(rest, "=")
	if !ok {
		if rest == "" {
			return Change{}, fmt.Errorf("%q: expected %s=VALUE (an empty VALUE removes the key)", s, p)
		}
		return Change{}, fmt.Errorf("%q: expected = after %s, got %q", s, p, rest)
	}
	c := Change{Path: p, Text: strings.TrimSpace(s)}
	value = strings.TrimSpace(value)
	if value == "" {
		c.Remove = true
		return c, nil
	}
	if c.Value, err = ParseValue(value); err != nil {
		return Change{}, fmt.Errorf("%s: %w", p, err)
	}
	return c, nil
}

// ParseValue parses one TOML value. A single word that is not TOML (7d,
// sS, lognormal) is taken as a string, so that shells need no extra quotes.
func ParseValue(s string) (any, error) {
	var doc map[string]any
	_, err := toml.Decode("v = "+s, &doc)
	if err == nil && len(doc) == 1 {
		return doc["v"], nil
	}
	if isWord(s) {
		return s, nil
	}
	if err == nil {
		err = errors.New("more than one value")
	}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		err = errors.New(strings.TrimSuffix(pe.Message, "."))
	}
	return nil, fmt.Errorf("%s is not a TOML value (%v); strings with blanks or punctuation need quotes: key=\"a value\"", s, err)
}

// isWord reports whether s is one word with no TOML punctuation.
func isWord(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\r\n\"'{}[],=#")
}

// ParseChanges parses several changes written PATH=VALUE;PATH=VALUE, as
// --variant takes them.
func ParseChanges(s string) ([]Change, error) {
	var out []Change
	for _, part := range strings.Split(s, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		c, err := ParseChange(part)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q: no changes (write PATH=VALUE, several separated by ;)", s)
	}
	return out, nil
}
