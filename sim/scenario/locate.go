package scenario

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// keyPath names a value in the file: a section, the element of an array of
// tables, and the keys below it.
type keyPath struct {
	section string
	index   int      // element of an array of tables, from 0; -1 for a plain table
	keys    []string // below the section or element
}

func sectionPath(section string) keyPath { return keyPath{section: section, index: -1} }

func elementPath(section string, i int) keyPath { return keyPath{section: section, index: i} }

// child returns the path of key below p.
func (p keyPath) child(key string) keyPath {
	keys := make([]string, len(p.keys), len(p.keys)+1)
	copy(keys, p.keys)
	p.keys = append(keys, key)
	return p
}

// String gives the path as users see it: "stock[2].policy.s".
func (p keyPath) String() string {
	var b strings.Builder
	b.WriteString(p.section)
	if p.index >= 0 {
		fmt.Fprintf(&b, "[%d]", p.index)
	}
	for _, k := range p.keys {
		b.WriteByte('.')
		b.WriteString(quoteKey(k))
	}
	return b.String()
}

// quoteKey quotes a key that is not a bare TOML key.
func quoteKey(k string) string {
	for i := 0; i < len(k); i++ {
		if !isBareKeyChar(k[i]) {
			return strconv.Quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

// decodeTOML parses text into its top-level keys. A panic inside the TOML
// library is turned into an error: a bad file must never crash the caller.
func decodeTOML(text string) (md toml.MetaData, top map[string]toml.Primitive, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the TOML parser failed: %v", r)
		}
	}()
	md, err = toml.Decode(text, &top)
	return md, top, err
}

// errProbe is what probe always returns, so that the TOML library wraps it in
// a ParseError carrying the probed key's position.
var errProbe = errors.New("position probe")

// probe is a decoding target that fails at once: decoding a Primitive into
// it reveals the position the library recorded for that key.
type probe struct{}

func (*probe) UnmarshalTOML(any) error { return errProbe }

// scope is a parse of the file, or of one array-of-tables element's part
// of it. The library records one position per key path and keeps the last,
// so positions inside the i-th [[stock]] come from parsing that element's
// text alone: from its header to the next header outside it.
type scope struct {
	md     toml.MetaData
	top    map[string]toml.Primitive
	shift  int                                  // byte offset of the parsed text in the file
	bad    bool                                 // the element's text could not be parsed alone
	tables map[string]map[string]toml.Primitive // decoded tables by key path, so big tables decode once
}

// start returns the byte offset in the file the library recorded for prim.
func (s *scope) start(prim toml.Primitive) (int, bool) {
	var pe toml.ParseError
	err := s.md.PrimitiveDecode(prim, &probe{})
	if !errors.As(err, &pe) || pe.Position.Line == 0 {
		return 0, false
	}
	return pe.Position.Start + s.shift, true
}

// count returns how many elements the array of tables prim has.
func (s *scope) count(prim toml.Primitive) int {
	var elems []toml.Primitive
	if s.md.PrimitiveDecode(prim, &elems) != nil {
		return 0
	}
	return len(elems)
}

// only returns the element of an array of tables that has exactly one.
func (s *scope) only(prim toml.Primitive) (toml.Primitive, bool) {
	var elems []toml.Primitive
	if s.md.PrimitiveDecode(prim, &elems) != nil || len(elems) != 1 {
		return toml.Primitive{}, false
	}
	return elems[0], true
}

// child returns key's value in the table prim, whose path is at.
func (s *scope) child(prim toml.Primitive, at, key string) (toml.Primitive, bool) {
	m, ok := s.tables[at]
	if !ok {
		if s.md.PrimitiveDecode(prim, &m) != nil {
			m = nil
		}
		if s.tables == nil {
			s.tables = map[string]map[string]toml.Primitive{}
		}
		s.tables[at] = m
	}
	c, ok := m[key]
	return c, ok
}

// elements is where one array of tables' elements lie in the file.
type elements struct {
	starts, ends []int    // byte range of each element; nil when unknown
	scopes       []*scope // each element's parse, made on demand
}

// locator finds the line and column of keys in the scenario text. Its
// column is computed from the byte offset: the library's own Col is one line
// off for positions at the start of a line.
type locator struct {
	text  string
	lines []int // byte offset of each line's start
	// root is the parse of the whole file. Without top, it is made again
	// from the text when a position is first needed: the library's record
	// of every key's position is several times the size of the file, and
	// a valid file needs none.
	root    *scope
	headers []header // nil until first needed
	elems   map[string]*elements
}

// newLocator returns a locator of text; md and top are its parse, or nil
// to parse it again on demand.
func newLocator(text string, md toml.MetaData, top map[string]toml.Primitive) *locator {
	l := &locator{text: text, lines: []int{0}, elems: map[string]*elements{}}
	if top != nil {
		l.root = &scope{md: md, top: top}
	}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			l.lines = append(l.lines, i+1)
		}
	}
	return l
}

// lineCol converts a byte offset to a 1-based line and byte column.
func (l *locator) lineCol(off int) (line, col int) {
	off = max(0, min(off, len(l.text)))
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i] > off }) - 1
	return i + 1, off - l.lines[i] + 1
}

// find returns the position of p, or of its nearest ancestor the file
// records; 0, 0 when none is known.
func (l *locator) find(p keyPath) (line, col int) {
	off, ok := l.offset(p)
	if !ok {
		return 0, 0
	}
	return l.lineCol(off)
}

func (l *locator) offset(p keyPath) (int, bool) {
	s := l.scopeOf(p)
	if s == nil {
		return 0, false
	}
	prim, ok := s.top[p.section]
	if !ok {
		return 0, false
	}
	best, found := l.keyOffset(s, prim, p.section, 0)
	if p.index >= 0 {
		if prim, ok = s.only(prim); !ok {
			return best, found
		}
	}
	for i, k := range p.keys {
		if prim, ok = s.child(prim, keyPath{section: p.section, index: p.index, keys: p.keys[:i]}.String(), k); !ok {
			break
		}
		if off, ok := l.keyOffset(s, prim, k, 0); ok {
			best, found = off, true
		}
	}
	return best, found
}

// keyOffset returns the offset of the key whose value is prim. A table
// made by dotted keys ("policy.type = ...") has no position of its own:
// its first key stands for it.
func (l *locator) keyOffset(s *scope, prim toml.Primitive, key string, depth int) (int, bool) {
	if off, ok := s.start(prim); ok {
		return l.keyStart(off, key), true
	}
	var m map[string]toml.Primitive
	if depth > maxKeyParts || s.md.PrimitiveDecode(prim, &m) != nil {
		return 0, false
	}
	best, found := 0, false
	for k, c := range m {
		if off, ok := l.keyOffset(s, c, k, depth+1); ok && (!found || off < best) {
			best, found = off, true
		}
	}
	return best, found
}

// scopeOf returns the parse that holds p's key positions, or nil when
// there is none (an element of an inline array of tables, say).
func (l *locator) scopeOf(p keyPath) *scope {
	if p.index < 0 {
		return l.rootScope()
	}
	e := l.elementsOf(p.section)
	if p.index >= len(e.starts) {
		return nil
	}
	if e.scopes[p.index] == nil {
		e.scopes[p.index] = l.fragment(p.section, e.starts[p.index], e.ends[p.index])
	}
	if e.scopes[p.index].bad {
		return nil
	}
	return e.scopes[p.index]
}

// rootScope returns the parse of the whole file, parsing it on first use.
// The text parsed once already, so it parses again.
func (l *locator) rootScope() *scope {
	if l.root == nil {
		md, top, _ := decodeTOML(l.text)
		l.root = &scope{md: md, top: top}
	}
	return l.root
}

// fragment parses the text of one element of section.
func (l *locator) fragment(section string, start, end int) *scope {
	md, top, err := decodeTOML(l.text[start:end])
	s := &scope{md: md, top: top, shift: start}
	if _, ok := s.only(top[section]); err != nil || !ok {
		return &scope{bad: true}
	}
	return s
}

// elementsOf finds the byte range of each element of section, checking the
// header scan against the parser: the same count, the same last header.
func (l *locator) elementsOf(section string) *elements {
	if e, ok := l.elems[section]; ok {
		return e
	}
	e := &elements{}
	l.elems[section] = e
	root := l.rootScope()
	if root.md.Type(section) != "ArrayHash" {
		return e
	}
	if l.headers == nil {
		l.headers = scanHeaders(l.text)
	}
	starts, ends := elementRanges(l.headers, section, len(l.text))
	last, ok := root.start(root.top[section])
	n := root.count(root.top[section])
	if len(starts) == n && n > 0 && ok && starts[n-1] == last {
		e.starts, e.ends, e.scopes = starts, ends, make([]*scope, n)
	}
	return e
}

// elementRanges returns where each [[section]] element starts and ends: at
// the next header that is neither a sub-table of it nor, for the last, the
// end of the text.
func elementRanges(hs []header, section string, size int) (starts, ends []int) {
	for i, h := range hs {
		if !h.isElementOf(section) {
			continue
		}
		end := size
		for _, next := range hs[i+1:] {
			if next.isElementOf(section) || len(next.key) == 0 || next.key[0] != section {
				end = next.off
				break
			}
		}
		starts, ends = append(starts, h.off), append(ends, end)
	}
	return starts, ends
}

// keyStart returns the offset of key given the offset the library recorded
// for it. For keys in inline tables that is the key itself; for other keys
// it is the value, just after its opening quote or bracket, and the key
// starts the line of the '=' before it.
func (l *locator) keyStart(off int, key string) int {
	off = max(0, min(off, len(l.text)))
	if l.isKeyAt(off, key) {
		return off
	}
	eq, ok := l.equalsBefore(off)
	if !ok {
		return off
	}
	line, _ := l.lineCol(eq)
	ls := l.lines[line-1]
	return ls + len(l.text[ls:eq]) - len(strings.TrimLeft(l.text[ls:eq], " \t"))
}

// isKeyAt reports whether key, bare or quoted, starts at off and is
// followed by '=' or '.'.
func (l *locator) isKeyAt(off int, key string) bool {
	rest := l.text[off:]
	if off > 0 && strings.ContainsRune(`"'`, rune(l.text[off-1])) {
		return false // inside a string value
	}
	for _, form := range []string{key, `"` + key + `"`, "'" + key + "'"} {
		if after, ok := strings.CutPrefix(rest, form); ok {
			after = strings.TrimLeft(after, " \t")
			return strings.HasPrefix(after, "=") || strings.HasPrefix(after, ".")
		}
	}
	return false
}

// equalsBefore finds the '=' of the value whose recorded offset is off: the
// value's opener (a quote, triple quote, '[' or '{') and blanks lie between.
func (l *locator) equalsBefore(off int) (int, bool) {
	head := l.text[:off]
	for _, opener := range []string{`"""`, `'''`, `"`, `'`, "[", "{"} {
		if h, ok := strings.CutSuffix(head, opener); ok {
			head = h
			break
		}
	}
	head = strings.TrimRight(head, " \t")
	if !strings.HasSuffix(head, "=") {
		return 0, false
	}
	return len(head) - 1, true
}
