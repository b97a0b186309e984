package scenario

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/supplysim/supplysim/sim"
)

// Options is what LoadWith needs from its caller besides the scenario's
// bytes: the package does no I/O, so the caller reads the files a
// scenario names.
type Options struct {
	// ReadFile returns the bytes of a file named in the scenario (a
	// demand's history), by the name as written there. The caller decides
	// where names resolve and which it refuses. Nil: no file can be read,
	// and naming one is an error.
	ReadFile func(name string) ([]byte, error)
}

// LoadWith is Load with the files the scenario names read by opts.
func LoadWith(filename string, data []byte, opts Options) (*Base, error) {
	return load(filename, data, &sources{opts: opts, files: map[string]*historyFile{}})
}

// sources reads the files a scenario names, each once, for the file and
// every variant of it.
type sources struct {
	opts  Options
	files map[string]*historyFile
}

// historyFile is a history file read and parsed, or its errors.
type historyFile struct {
	days []float64
	errs ErrorList
	err  error // it could not be read
}

// Limits of a history file.
const (
	maxHistoryErrors = 20 // problems listed per file; then a count
	defaultBlock     = 7
)

// historyKeys are the [[demand]] keys that only apply with a history.
func historyKeys() []string { return []string{"mode", "noise", "block"} }

// history decodes a demand's history, mode, noise and block; nil when the
// demand has no history.
func (t *table) history() *sim.History {
	name, ok := t.str("history")
	if !ok {
		for _, k := range historyKeys() {
			if t.has(k) {
				t.errorf(k, `add history = "sales.csv" (daily sales)`, "applies only to a demand with history")
			}
		}
		return nil
	}
	h := &sim.History{File: name, Block: defaultBlock}
	if t.choice("mode", "replay", "bootstrap") == "bootstrap" {
		h.Mode = sim.Bootstrap
	}
	if x, ok := t.number("noise"); ok {
		if x < 0 || x > 10 {
			t.errorf("noise", "the coefficient of variation of a day's factor, such as 0.2", "must be between 0 and 10, got %g", x)
		} else {
			h.Noise = x
		}
	}
	if x, ok := t.duration("block", true); ok {
		if x != math.Trunc(x) || x > sim.MaxHorizon {
			t.errorf("block", `a whole number of days, such as "7d" or "2w"`, "must be a whole number of days up to %d, got %s", sim.MaxHorizon, fmtDays(x))
		} else {
			h.Block = int(x)
		}
		if h.Mode != sim.Bootstrap {
			t.errorf("block", `add mode = "bootstrap"`, "applies only with mode = \"bootstrap\"")
		}
	}
	for _, k := range []string{"rate", "every", "size", "weekly", "yearly", "trend"} {
		if t.has(k) {
			t.errorf(k, "the history gives the units asked each day", "does not apply to a demand with history")
		}
	}
	h.Days = t.historyDays(name)
	if h.Days == nil {
		return h
	}
	if h.Mode == sim.Bootstrap && len(h.Days) < h.Block+6 {
		t.errorf("history", "the blocks keep their weekday: each needs a start on every weekday",
			"a bootstrap in blocks of %d days needs at least %d days of history, %s has %d", h.Block, h.Block+6, name, len(h.Days))
	}
	return h
}

// historyDays reads and parses a history file, reporting its problems;
// nil when there are any.
func (t *table) historyDays(name string) []float64 {
	src := t.d.src
	if src == nil || src.opts.ReadFile == nil {
		t.errorf("history", "run the scenario with supplysim, which reads history files beside the scenario",
			"cannot read %q: no files can be read here", name)
		return nil
	}
	f, ok := src.files[name]
	if !ok {
		f = &historyFile{}
		data, err := src.opts.ReadFile(name)
		if err != nil {
			f.err = err
		} else {
			f.days, f.errs = parseHistory(path.Join(path.Dir(t.d.file), name), data)
		}
		src.files[name] = f
	}
	switch {
	case f.err != nil:
		t.errorf("history", "", "cannot read %q: %v", name, f.err)
		return nil
	case len(f.errs) > 0:
		t.bad["history"] = true
		t.d.errs = append(t.d.errs, f.errs...)
		return nil
	}
	return f.days
}

// parseHistory parses a CSV of daily quantities (docs/scenario-format.md,
// Demand from history); file names it in errors.
func parseHistory(file string, data []byte) ([]float64, ErrorList) {
	p := &historyParser{file: file}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	header := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			p.errorf(line, "invalid CSV: %v", err)
			break
		}
		line, _ := r.FieldPos(0)
		if header {
			header = false
			if !p.header(line, rec) {
				break
			}
			continue
		}
		p.row(line, rec)
	}
	if header {
		p.errorf(0, "empty file: a history needs a header such as date,qty and one row per day")
	} else if p.n == 0 && len(p.errs) == 0 {
		p.errorf(0, "no rows: a history needs one row per day after its header")
	}
	if p.more > 0 {
		p.errs = append(p.errs, &Error{File: file, Msg: fmt.Sprintf("... and %d more problems in this file", p.more), last: true})
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return p.days, nil
}

// historyParser collects a history's days and problems.
type historyParser struct {
	file         string
	errs         ErrorList
	more         int // problems past maxHistoryErrors, counted, not kept
	dateCol, qty int
	byDate       bool
	first, prev  int // day number (days since 1970 for dates) of the first and last rows
	n            int // rows read
	days         []float64
}

// errorf records a problem; past maxHistoryErrors it only counts them,
// so a file of millions of bad rows costs no more memory than a good one.
func (p *historyParser) errorf(line int, format string, args ...any) {
	if len(p.errs) >= maxHistoryErrors {
		p.more++
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// header finds the day or date column and the quantity column.
func (p *historyParser) header(line int, rec []string) bool {
	p.dateCol, p.qty = -1, -1
	for i, name := range rec {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "date", "day":
			if p.dateCol >= 0 {
				p.errorf(line, "header has two day columns (date or day)")
			}
			p.dateCol, p.byDate = i, strings.EqualFold(strings.TrimSpace(name), "date")
		case "qty", "quantity":
			if p.qty >= 0 {
				p.errorf(line, "header has two quantity columns (qty or quantity)")
			}
			p.qty = i
		}
	}
	if p.dateCol < 0 || p.qty < 0 {
		p.errorf(line, "header %q needs a date (YYYY-MM-DD) or day column and a qty column, such as date,qty", strings.Join(rec, ","))
		return false
	}
	return len(p.errs) == 0
}

// row reads one day's quantity.
func (p *historyParser) row(line int, rec []string) {
	if len(rec) <= max(p.dateCol, p.qty) {
		p.errorf(line, "expected at least %d fields, got %d", max(p.dateCol, p.qty)+1, len(rec))
		return
	}
	day, okDay := p.day(line, strings.TrimSpace(rec[p.dateCol]))
	qty, okQty := p.quantity(line, strings.TrimSpace(rec[p.qty]))
	if !okDay {
		return
	}
	if p.n > 0 && day <= p.prev {
		p.errorf(line, "%s %q is not after the row before: rows go forward one day or more", p.dayName(), rec[p.dateCol])
		return
	}
	if p.n == 0 {
		p.first = day
	}
	i := day - p.first
	if i >= sim.MaxHorizon {
		p.errorf(line, "%s %q is more than %d days after the first row", p.dayName(), rec[p.dateCol], sim.MaxHorizon)
		return
	}
	p.n++
	p.prev = day
	if okQty && len(p.errs) == 0 {
		for len(p.days) < i { // days without a row had no sales
			p.days = append(p.days, 0)
		}
		p.days = append(p.days, qty)
	}
}

func (p *historyParser) dayName() string {
	if p.byDate {
		return "date"
	}
	return "day"
}

// day parses a date (YYYY-MM-DD) or a whole day number.
func (p *historyParser) day(line int, s string) (int, bool) {
	if p.byDate {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			p.errorf(line, "date %q is not a date written YYYY-MM-DD", s)
			return 0, false
		}
		return int(d.Unix() / 86400), true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 10*sim.MaxHorizon {
		p.errorf(line, "day %q is not a whole number of days from 0 to %d", s, 10*sim.MaxHorizon)
		return 0, false
	}
	return n, true
}

// quantity parses the units asked on a day: a number from 0 to maxRate.
func (p *historyParser) quantity(line int, s string) (float64, bool) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		p.errorf(line, "qty %q is not a number", s)
		return 0, false
	}
	if x < 0 || x > maxRate {
		p.errorf(line, "qty %s must be between 0 and %g units per day", s, float64(maxRate))
		return 0, false
	}
	return x, true
}
