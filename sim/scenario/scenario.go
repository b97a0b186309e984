// Package scenario is the scenario language: it decodes scenario files
// (TOML) into a validated sim.Model.
//
// It reports every problem in a file at once, each with its line and
// column, or its key path when the file records no position, and with a
// hint where one helps ("did you mean ...?"). It never panics on bad input.
// Load also returns the file's [[variant]] tables and makes changes to the
// scenario (key paths of the sub-package keypath, from --set or a variant)
// before validating it again, so that a changed value passes the same
// checks as one in the file.
//
// It does no I/O: callers read the file and pass its bytes. The format is
// documented in docs/scenario-format.md.
package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/supplysim/supplysim/sim"
)

// Parse decodes and validates a scenario file and derives the policy
// parameters the file leaves to be derived. filename is used only in error
// messages. On failure the error is an ErrorList holding every problem,
// including those of the file's [[variant]] tables.
func Parse(filename string, data []byte) (*sim.Model, []sim.Derivation, error) {
	b, err := Load(filename, data)
	if err != nil {
		return nil, nil, err
	}
	m, derivs := b.Model()
	return m, derivs, nil
}

// decoder collects the model and every problem found in one file.
type decoder struct {
	file     string
	src      *sources // reads the files the scenario names
	loc      *locator
	errs     ErrorList
	hintWork int // candidates compared for did-you-mean hints so far

	text     string         // the file, as decoded
	doc      map[string]any // the file's values as TOML decodes them
	m        *sim.Model
	derivs   []sim.Derivation
	variants []Variant
	vtables  []*table // the [[variant]] tables, for positions
	knobs    []Knob
	ktables  []*table // the [[knob]] tables, for positions
	// origins maps, per section with list keys, each element to the
	// table of the file it came from (see expand.go); nil without lists.
	origins map[string][]int
}

// parse decodes a file and derives its policies; d.errs holds the problems.
// The [[variant]] tables are decoded but not tried on the scenario.
func parse(filename string, data []byte, src *sources) *decoder {
	d := &decoder{file: filename, src: src}
	d.m = d.decode(data)
	if d.scenarioOK() {
		derivs, stockErrs := sim.Derive(d.m)
		d.deriveErrors(stockErrs)
		d.derivs = derivs
	}
	return d
}

// report records a problem at the key p.
func (d *decoder) report(p keyPath, hint, msg string) {
	e := &Error{File: d.file, Path: p.String(), Msg: msg, Hint: hint}
	if d.loc != nil {
		e.Line, e.Col = d.loc.find(p)
	}
	d.errs = append(d.errs, e)
}

// reportAt records a problem at a byte offset of the text.
func (d *decoder) reportAt(text string, off int, msg string) {
	line, col := newLocator(text, toml.MetaData{}, nil).lineCol(off)
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Msg: msg})
}

// reportFile records a problem with the whole file.
func (d *decoder) reportFile(msg string) {
	d.errs = append(d.errs, &Error{File: d.file, Msg: msg})
}

// decode checks the text, parses the TOML and decodes every section.
func (d *decoder) decode(data []byte) *sim.Model {
	text, ok := d.checkText(data)
	if !ok {
		return nil
	}
	sc := scanText(text)
	if sc.limit >= 0 {
		d.reportAt(text, sc.limit, "file has "+sc.msg)
		return nil
	}
	md, top, err := decodeTOML(text)
	if err != nil {
		d.syntaxError(text, err)
		return nil
	}
	if len(top) == 0 {
		d.reportFile("file has no settings: a scenario needs at least [scenario] with name and horizon")
		return nil
	}
	d.text = text
	d.doc = document(md, top)
	// The parse's positions are left to the garbage collector: the
	// locator parses again if a problem needs them.
	d.loc = newLocator(text, toml.MetaData{}, nil)
	d.loc.headers = sc.headers
	return d.model(d.doc)
}

// document returns the file's values from its parse: they share the
// parse's tables.
func document(md toml.MetaData, top map[string]toml.Primitive) map[string]any {
	vals := make(map[string]any, len(top))
	for k, prim := range top {
		var v any
		if md.PrimitiveDecode(prim, &v) == nil {
			vals[k] = v
		}
	}
	return vals
}

// checkText rejects what is not a UTF-8 text file, before the TOML parser
// sees it, and strips a byte-order mark.
func (d *decoder) checkText(data []byte) (string, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		d.reportFile("file is empty: a scenario needs at least [scenario] with name and horizon")
		return "", false
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		d.reportFile("file is UTF-16 text: save it as UTF-8")
		return "", false
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	if i := strings.IndexByte(text, 0); i >= 0 {
		d.reportAt(text, i, "file is binary, not text (it holds a NUL byte): a scenario is a UTF-8 TOML text file")
		return "", false
	}
	if i := invalidUTF8(text); i >= 0 {
		d.reportAt(text, i, fmt.Sprintf("file is not valid UTF-8 (byte 0x%02x): a scenario is a UTF-8 TOML text file", text[i]))
		return "", false
	}
	if i := controlChar(text); i >= 0 {
		d.reportAt(text, i, fmt.Sprintf("control character U+%04X is not allowed in a TOML file", text[i]))
		return "", false
	}
	return text, true
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return -1
}

// controlChar returns the offset of the first ASCII control character TOML
// forbids (all but tab, and carriage return before a newline), or -1.
func controlChar(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\t' || c == '\n':
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case c < 0x20 || c == 0x7f:
			return i
		}
	}
	return -1
}

// syntaxError reports the TOML parser's error at its position.
func (d *decoder) syntaxError(text string, err error) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		d.reportFile(err.Error())
		return
	}
	msg := strings.TrimSuffix(pe.Message, ".")
	if msg != "" {
		msg = strings.ToLower(msg[:1]) + msg[1:]
	}
	d.reportAt(text, pe.Position.Start, "invalid TOML: "+msg)
}

// deriveErrors reports the problems sim.Derive found, at the policy key
// each is about.
func (d *decoder) deriveErrors(errs []*sim.StockError) {
	for _, e := range errs {
		if e == nil {
			continue
		}
		p, key := elementPath("stock", d.origin("stock", e.Index)).child("policy"), "policy"
		if e.Field != "" {
			for _, k := range strings.Split(e.Field, ".") {
				p = p.child(k)
			}
			key += "." + e.Field
		}
		msg := "cannot derive the policy"
		if e.Err != nil {
			msg = e.Err.Error()
		}
		d.report(p, "", key+": "+msg)
	}
}
