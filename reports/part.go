package reports

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/stats"
)

// PartSchema is the version of the partial-result format: what one shard
// of a run writes and `supplysim merge` reads. It is separate from Schema:
// a part is an exchange between two runs of the same program version, not
// an output contract.
const PartSchema = 1

// PartKind is the "kind" of a partial result, telling it from a run's JSON.
const PartKind = "partial"

// PartHeader says what run a part belongs to: everything merge checks
// before it puts parts together, and what it needs to rebuild the model.
type PartHeader struct {
	Version string // program version that ran the shard
	Command string // the command that ran it: "run"
	// Meta identifies the scenario as every output does (file with its
	// --set changes, sha256 of the file, the files it names and the changes).
	Meta sim.Meta
	Name string // scenario name
	// Path is the scenario file's path as given, Source its bytes, Files
	// the files it names (histories) as read, and Sets the --set changes,
	// in order: enough to rebuild the model with no other input.
	Path         string
	Source       []byte
	Files        []PartFile
	Sets         []string
	Seed         uint64
	Replications int // in the whole run
	Shard        int // 0-based
	Shards       int
}

// PartFile is a file a scenario names, as read when the shard ran: its
// bytes, or the error reading it gave (a shard of check records it, so that
// merge reports the scenario's problem as check would).
type PartFile struct {
	Name string
	Data []byte
	Err  string
}

// CommandPart is a shard of `supplysim compare`, `sweep` or `check`: the
// command line that made it, every file it read, and the raw results of
// its share of each run the command simulates, in the order it runs them.
// Merge runs the command again on these, with the results in place of the
// simulations, and so writes the command's outputs byte for byte.
type CommandPart struct {
	Version string
	Command string   // "compare", "sweep" or "check"
	Args    []string // the command line without the shard's own flags (--shard, --json, --workers, the budget)
	Inputs  []PartInput
	Shard   int // 0-based
	Shards  int
	Runs    []PartRun
}

// PartInput is a file or directory a shard's command looked at, and what
// it found: merge looks at the same, whatever its own file system holds.
type PartInput struct {
	Op      string // "read" (Data, or Err) or "stat" (Dir, or Err)
	Path    string // as the command line gave it
	Data    []byte
	Dir     bool
	Missing bool   // it did not exist
	Err     string // the error reading it gave, "" when none
	Files   []PartFile
}

// PartRun is the shard's share of one run: a variant, a setting of a
// sweep, a scenario file of a check.
type PartRun struct {
	Name         string
	Seed         uint64
	Replications int           // in the whole run
	Elapsed      time.Duration // the shard's time on its replications
	Part         *sim.Part
}

// jsonPart is a part of `supplysim run`; read, it is also a CommandPart's
// (with Args, Inputs and Runs, and the run's own fields empty).
type jsonPart struct {
	Schema       int              `json:"schema"`
	Kind         string           `json:"kind"`
	Version      string           `json:"version"`
	Command      string           `json:"command"`
	Scenario     jsonPartScenario `json:"scenario"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
	Shard        jsonShard        `json:"shard"`
	Options      jsonPartOptions  `json:"options"`
	Indices      []int            `json:"replication_indices"`
	Results      []jsonRep        `json:"results"`
	Args         []string         `json:"args,omitempty"`
	Inputs       []jsonPartInput  `json:"inputs,omitempty"`
	Runs         []jsonPartRun    `json:"runs,omitempty"`
}

// jsonCommandPart is what a CommandPart is written as.
type jsonCommandPart struct {
	Schema  int             `json:"schema"`
	Kind    string          `json:"kind"`
	Version string          `json:"version"`
	Command string          `json:"command"`
	Args    []string        `json:"args"`
	Inputs  []jsonPartInput `json:"inputs"`
	Shard   jsonShard       `json:"shard"`
	Runs    []jsonPartRun   `json:"runs"`
}

type jsonPartInput struct {
	Op      string         `json:"op"`
	Path    string         `json:"path"`
	Data    *jsonBytes     `json:"data,omitempty"`
	Dir     bool           `json:"dir,omitempty"`
	Missing bool           `json:"missing,omitempty"`
	Err     string         `json:"error,omitempty"`
	Files   []jsonPartFile `json:"files,omitempty"`
}

type jsonPartRun struct {
	Name         string          `json:"name"`
	Seed         uint64          `json:"seed"`
	Replications int             `json:"replications"`
	Seconds      float64         `json:"seconds"`
	Options      jsonPartOptions `json:"options"`
	Indices      []int           `json:"replication_indices"`
	Results      []jsonRep       `json:"results"`
}

type jsonPartScenario struct {
	Name   string         `json:"name"`
	File   string         `json:"file"`
	SHA256 string         `json:"sha256"`
	Path   string         `json:"path"`
	Source jsonBytes      `json:"source"`
	Files  []jsonPartFile `json:"files,omitempty"`
	Sets   []string       `json:"set,omitempty"`
}

type jsonPartFile struct {
	Name string    `json:"name"`
	Data jsonBytes `json:"data"`
	Err  string    `json:"error,omitempty"`
}

// jsonBytes is a file's bytes: its text when it is UTF-8, which a person
// can read, and base64 otherwise, so that every byte comes back.
type jsonBytes struct {
	Text   *string `json:"text,omitempty"`
	Base64 *string `json:"base64,omitempty"`
}

func bytesJSON(b []byte) jsonBytes {
	if utf8.Valid(b) {
		s := string(b)
		return jsonBytes{Text: &s}
	}
	s := base64.StdEncoding.EncodeToString(b)
	return jsonBytes{Base64: &s}
}

func (j jsonBytes) bytes() ([]byte, error) {
	switch {
	case j.Text != nil:
		return []byte(*j.Text), nil
	case j.Base64 != nil:
		return base64.StdEncoding.DecodeString(*j.Base64)
	}
	return nil, errors.New("a file has neither text nor base64")
}

type jsonShard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

type jsonPartOptions struct {
	NoSeries bool `json:"no_series"`
	NoImpact bool `json:"no_impact"`
}

// jsonRep is one replication's raw results, field for field sim.RepResult.
type jsonRep struct {
	Rep         int          `json:"replication"`
	Events      int64        `json:"events"`
	KPIs        []floats     `json:"kpis"`
	Delays      []jsonHist   `json:"delays"`
	Series      floats32     `json:"series"`
	Windows     [][]floats   `json:"windows"`     // per disruption: [disruption, start, end]
	Occurrences [][]floats   `json:"occurrences"` // per disruption: [before, during]
	Effects     []jsonEffect `json:"effects"`
	Network     floats       `json:"network"`
	Sources     [][]floats   `json:"sources"` // per sourced stock point: [ordered, received, purchase]
	Plants      []floats     `json:"plants"`
}

type jsonHist struct {
	Width  floats `json:"width"` // one value each: numbers that may be NaN travel as floats
	Total  floats `json:"total"`
	Sum    floats `json:"sum"`
	Counts floats `json:"counts"`
}

type jsonEffect struct {
	Figs []floats   `json:"figures"`
	Diff []floats32 `json:"diff"`
}

// WritePart writes a shard's raw results with its header, as JSON; with
// compress, gzipped. Every float reads back bit for bit (ReadPart).
func WritePart(w io.Writer, h PartHeader, part *sim.Part, compress bool) error {
	j := jsonPart{
		Schema: PartSchema, Kind: PartKind, Version: h.Version, Command: h.Command,
		Scenario: jsonPartScenario{Name: h.Name, File: h.Meta.File, SHA256: h.Meta.SHA256, Path: h.Path,
			Source: bytesJSON(h.Source), Sets: h.Sets},
		Seed: h.Seed, Replications: h.Replications, Shard: jsonShard{h.Shard, h.Shards},
	}
	j.Options, j.Indices, j.Results = resultsJSON(part)
	j.Scenario.Files = filesJSON(h.Files)
	return encodePart(w, j, compress)
}

// WriteCommandPart writes a shard of compare, sweep or check as JSON; with
// compress, gzipped.
func WriteCommandPart(w io.Writer, p *CommandPart, compress bool) error {
	j := jsonCommandPart{Schema: PartSchema, Kind: PartKind, Version: p.Version, Command: p.Command,
		Args: append([]string{}, p.Args...), Inputs: []jsonPartInput{}, Shard: jsonShard{p.Shard, p.Shards}, Runs: []jsonPartRun{}}
	for _, in := range p.Inputs {
		ji := jsonPartInput{Op: in.Op, Path: in.Path, Dir: in.Dir, Missing: in.Missing, Err: in.Err, Files: filesJSON(in.Files)}
		if in.Op == "read" && in.Err == "" && !in.Missing {
			b := bytesJSON(in.Data)
			ji.Data = &b
		}
		j.Inputs = append(j.Inputs, ji)
	}
	for _, r := range p.Runs {
		jr := jsonPartRun{Name: r.Name, Seed: r.Seed, Replications: r.Replications, Seconds: r.Elapsed.Seconds()}
		jr.Options, jr.Indices, jr.Results = resultsJSON(r.Part)
		j.Runs = append(j.Runs, jr)
	}
	return encodePart(w, j, compress)
}

func filesJSON(files []PartFile) []jsonPartFile {
	var out []jsonPartFile
	for _, f := range files {
		jf := jsonPartFile{Name: f.Name, Err: f.Err}
		if f.Err == "" {
			jf.Data = bytesJSON(f.Data)
		}
		out = append(out, jf)
	}
	return out
}

func resultsJSON(part *sim.Part) (jsonPartOptions, []int, []jsonRep) {
	results := []jsonRep{}
	for k := range part.Results {
		results = append(results, repJSON(part.Reps[k], &part.Results[k]))
	}
	return jsonPartOptions{NoSeries: part.NoSeries, NoImpact: part.NoImpact}, append([]int{}, part.Reps...), results
}

func encodePart(w io.Writer, j any, compress bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var out io.Writer = bw
	var zw *gzip.Writer
	if compress {
		zw = gzip.NewWriter(bw)
		out = zw
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j); err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func repJSON(rep int, r *sim.RepResult) jsonRep {
	j := jsonRep{Rep: rep, Events: r.Events, Series: floats32(r.Series), Network: floats(r.Network)}
	for _, k := range r.KPIs {
		j.KPIs = append(j.KPIs, k)
	}
	for _, h := range r.Delays {
		j.Delays = append(j.Delays, jsonHist{Width: floats{h.Width}, Total: floats{h.Total}, Sum: floats{h.Sum}, Counts: floats(h.Counts)})
	}
	for _, ws := range r.Windows {
		out := []floats{}
		for _, w := range ws {
			out = append(out, floats{float64(w.Disruption), w.Start, w.End})
		}
		j.Windows = append(j.Windows, out)
	}
	for _, os := range r.Occurrences {
		out := []floats{}
		for _, o := range os {
			out = append(out, floats{o.Before, o.During})
		}
		j.Occurrences = append(j.Occurrences, out)
	}
	for _, e := range r.Effects {
		je := jsonEffect{}
		for s := range e.Figs {
			je.Figs = append(je.Figs, floats(e.Figs[s][:]))
			je.Diff = append(je.Diff, floats32(e.Diff[s]))
		}
		j.Effects = append(j.Effects, je)
	}
	for _, ss := range r.Sources {
		out := []floats{}
		for _, c := range ss {
			out = append(out, floats{c.Ordered, c.Received, c.Purchase})
		}
		j.Sources = append(j.Sources, out)
	}
	for _, p := range r.Plants {
		j.Plants = append(j.Plants, p)
	}
	return j
}

// ReadPart reads a part that WritePart wrote, gzipped or not. It checks the
// format, not whether the part fits a model: sim.Merge does that.
func ReadPart(r io.Reader) (PartHeader, *sim.Part, error) {
	h, part, cp, err := ReadAnyPart(r)
	if err == nil && cp != nil {
		return h, nil, fmt.Errorf("a shard of `supplysim %s`, not of `supplysim run`", cp.Command)
	}
	return h, part, err
}

// ReadAnyPart reads a part that WritePart or WriteCommandPart wrote,
// gzipped or not: a run's part (cp nil) or a CommandPart (h and part empty).
func ReadAnyPart(r io.Reader) (h PartHeader, part *sim.Part, cp *CommandPart, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var in io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return h, nil, nil, err
		}
		defer zr.Close()
		in = zr
	}
	var j jsonPart
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return h, nil, nil, fmt.Errorf("not a partial result: %w", err)
	}
	if j.Kind != PartKind {
		return h, nil, nil, fmt.Errorf("not a partial result (kind %q): give the files that `--shard` wrote", j.Kind)
	}
	if j.Schema != PartSchema {
		return h, nil, nil, fmt.Errorf("partial result schema %d: this program reads schema %d", j.Schema, PartSchema)
	}
	if j.Command != "run" {
		cp, err := j.commandPart()
		return h, nil, cp, err
	}
	h, part, err = j.runPart()
	return h, part, nil, err
}

func (j *jsonPart) runPart() (PartHeader, *sim.Part, error) {
	h := PartHeader{Version: j.Version, Command: j.Command, Name: j.Scenario.Name,
		Meta: sim.Meta{Version: j.Version, File: j.Scenario.File, SHA256: j.Scenario.SHA256},
		Path: j.Scenario.Path, Sets: j.Scenario.Sets, Seed: j.Seed, Replications: j.Replications,
		Shard: j.Shard.Index, Shards: j.Shard.Count}
	var err error
	if h.Source, err = j.Scenario.Source.bytes(); err != nil {
		return h, nil, fmt.Errorf("scenario source: %w", err)
	}
	if h.Files, err = readFiles(j.Scenario.Files); err != nil {
		return h, nil, err
	}
	part, err := readResults(j.Options, j.Indices, j.Results)
	return h, part, err
}

func (j *jsonPart) commandPart() (*CommandPart, error) {
	cp := &CommandPart{Version: j.Version, Command: j.Command, Args: j.Args, Shard: j.Shard.Index, Shards: j.Shard.Count}
	for _, ji := range j.Inputs {
		in := PartInput{Op: ji.Op, Path: ji.Path, Dir: ji.Dir, Missing: ji.Missing, Err: ji.Err}
		var err error
		if ji.Data != nil {
			if in.Data, err = ji.Data.bytes(); err != nil {
				return nil, fmt.Errorf("input %s: %w", ji.Path, err)
			}
		}
		if in.Files, err = readFiles(ji.Files); err != nil {
			return nil, err
		}
		cp.Inputs = append(cp.Inputs, in)
	}
	for k, jr := range j.Runs {
		part, err := readResults(jr.Options, jr.Indices, jr.Results)
		if err != nil {
			return nil, fmt.Errorf("run %d (%s): %w", k, jr.Name, err)
		}
		cp.Runs = append(cp.Runs, PartRun{Name: jr.Name, Seed: jr.Seed, Replications: jr.Replications,
			Elapsed: time.Duration(jr.Seconds * float64(time.Second)), Part: part})
	}
	return cp, nil
}

func readFiles(files []jsonPartFile) ([]PartFile, error) {
	var out []PartFile
	for _, f := range files {
		pf := PartFile{Name: f.Name, Err: f.Err}
		if f.Err == "" {
			data, err := f.Data.bytes()
			if err != nil {
				return nil, fmt.Errorf("scenario file %s: %w", f.Name, err)
			}
			pf.Data = data
		}
		out = append(out, pf)
	}
	return out, nil
}

// readResults reads a shard's replications back.
func readResults(opt jsonPartOptions, indices []int, results []jsonRep) (*sim.Part, error) {
	if len(indices) != len(results) {
		return nil, fmt.Errorf("%d replication indices and %d results", len(indices), len(results))
	}
	part := &sim.Part{Reps: indices, NoSeries: opt.NoSeries, NoImpact: opt.NoImpact}
	for k := range results {
		if results[k].Rep != indices[k] {
			return nil, fmt.Errorf("result %d is of replication %d, the indices say %d", k, results[k].Rep, indices[k])
		}
		r, err := results[k].rep()
		if err != nil {
			return nil, fmt.Errorf("replication %d: %w", indices[k], err)
		}
		part.Results = append(part.Results, r)
	}
	if part.Reps == nil {
		part.Reps = []int{}
	}
	return part, nil
}

func (j *jsonRep) rep() (sim.RepResult, error) {
	r := sim.RepResult{Events: j.Events, Series: j.Series, Network: j.Network}
	for _, k := range j.KPIs {
		r.KPIs = append(r.KPIs, k)
	}
	for _, h := range j.Delays {
		if len(h.Width) != 1 || len(h.Total) != 1 || len(h.Sum) != 1 {
			return r, errors.New("a delay histogram needs one width, total and sum")
		}
		r.Delays = append(r.Delays, stats.Histogram{Width: h.Width[0], Total: h.Total[0], Sum: h.Sum[0], Counts: h.Counts})
	}
	if j.Windows != nil {
		r.Windows = make([][]sim.Window, len(j.Windows))
	}
	for d, ws := range j.Windows {
		r.Windows[d] = []sim.Window{}
		for _, w := range ws {
			if len(w) != 3 || w[0] != math.Trunc(w[0]) {
				return r, errors.New("a window is [disruption, start, end]")
			}
			r.Windows[d] = append(r.Windows[d], sim.Window{Disruption: int(w[0]), Start: w[1], End: w[2]})
		}
	}
	if j.Occurrences != nil {
		r.Occurrences = make([][]sim.Occurrence, len(j.Occurrences))
	}
	for d, os := range j.Occurrences {
		for _, o := range os {
			if len(o) != 2 {
				return r, errors.New("an occurrence is [before, during]")
			}
			r.Occurrences[d] = append(r.Occurrences[d], sim.Occurrence{Before: o[0], During: o[1]})
		}
	}
	for _, je := range j.Effects {
		if len(je.Figs) != len(je.Diff) {
			return r, errors.New("an effect needs as many daily differences as figures")
		}
		e := sim.Effect{Figs: make([][sim.NumFigures]float64, len(je.Figs)), Diff: make([][]float32, len(je.Diff))}
		for s, f := range je.Figs {
			if len(f) != sim.NumFigures {
				return r, fmt.Errorf("an effect's scope has %d figures, want %d", len(f), sim.NumFigures)
			}
			copy(e.Figs[s][:], f)
			e.Diff[s] = je.Diff[s]
		}
		r.Effects = append(r.Effects, e)
	}
	if j.Sources != nil {
		r.Sources = make([][]sim.SourceCounters, len(j.Sources))
	}
	for k, ss := range j.Sources {
		for _, c := range ss {
			if len(c) != 3 {
				return r, errors.New("a source's counters are [ordered, received, purchase]")
			}
			r.Sources[k] = append(r.Sources[k], sim.SourceCounters{Ordered: c[0], Received: c[1], Purchase: c[2]})
		}
	}
	for _, p := range j.Plants {
		r.Plants = append(r.Plants, p)
	}
	return r, nil
}

// floats is a list of float64 that reads back bit for bit: finite values
// in the shortest form that parses back exactly, and the others as
// strings: "+Inf", "-Inf", "NaN" for Go's NaN and "NaN:" and the hex bits
// for any other NaN. JSON null is a nil list.
type floats []float64

// floats32 is a list of float32, written the same way.
type floats32 []float32

func (f floats) MarshalJSON() ([]byte, error) {
	if f == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+len(f)*20)
	b = append(b, '[')
	for i, x := range f {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, x, math.Float64bits(x), 64)
	}
	return append(b, ']'), nil
}

func (f floats32) MarshalJSON() ([]byte, error) {
	if f == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+len(f)*12)
	b = append(b, '[')
	for i, x := range f {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, float64(x), uint64(math.Float32bits(x)), 32)
	}
	return append(b, ']'), nil
}

// canonicalNaN32 is float32(math.NaN()).
var canonicalNaN32 = uint64(math.Float32bits(float32(math.NaN())))

func appendFloat(b []byte, x float64, bits uint64, size int) []byte {
	switch {
	case math.IsInf(x, 1):
		return append(b, `"+Inf"`...)
	case math.IsInf(x, -1):
		return append(b, `"-Inf"`...)
	case math.IsNaN(x) && (size == 64 && bits == math.Float64bits(math.NaN()) || size == 32 && bits == canonicalNaN32):
		return append(b, `"NaN"`...)
	case math.IsNaN(x):
		b = append(b, `"NaN:`...)
		b = strconv.AppendUint(b, bits, 16)
		return append(b, '"')
	}
	return strconv.AppendFloat(b, x, 'g', -1, size)
}

func (f *floats) UnmarshalJSON(data []byte) error {
	vals, err := parseFloats(data, 64)
	if err != nil {
		return err
	}
	if vals == nil {
		*f = nil
		return nil
	}
	*f = make(floats, len(vals))
	for i, v := range vals {
		if v.nan {
			(*f)[i] = math.Float64frombits(v.bits)
		} else {
			(*f)[i] = v.x
		}
	}
	return nil
}

func (f *floats32) UnmarshalJSON(data []byte) error {
	vals, err := parseFloats(data, 32)
	if err != nil {
		return err
	}
	if vals == nil {
		*f = nil
		return nil
	}
	*f = make(floats32, len(vals))
	for i, v := range vals {
		if v.nan {
			(*f)[i] = math.Float32frombits(uint32(v.bits))
		} else {
			(*f)[i] = float32(v.x)
		}
	}
	return nil
}

type parsed struct {
	x    float64
	nan  bool
	bits uint64 // of a NaN, at the list's size
}

// parseFloats reads a JSON array of numbers and the strings appendFloat
// writes, in one pass: parts hold millions of them. null gives nil.
func parseFloats(data []byte, size int) ([]parsed, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil, nil
	}
	if len(data) < 2 || data[0] != '[' || data[len(data)-1] != ']' {
		return nil, errors.New("want an array of numbers")
	}
	body := bytes.TrimSpace(data[1 : len(data)-1])
	out := []parsed{}
	if len(body) == 0 {
		return out, nil
	}
	for len(body) > 0 {
		tok := body
		if i := bytes.IndexByte(body, ','); i >= 0 {
			tok, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		v, err := parseFloat(string(bytes.TrimSpace(tok)), size)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func parseFloat(s string, size int) (parsed, error) {
	switch s {
	case `"+Inf"`:
		return parsed{x: math.Inf(1)}, nil
	case `"-Inf"`:
		return parsed{x: math.Inf(-1)}, nil
	case `"NaN"`:
		if size == 32 {
			return parsed{nan: true, bits: canonicalNaN32}, nil
		}
		return parsed{nan: true, bits: math.Float64bits(math.NaN())}, nil
	}
	if len(s) > 6 && s[:5] == `"NaN:` && s[len(s)-1] == '"' {
		bits, err := strconv.ParseUint(s[5:len(s)-1], 16, size)
		if err != nil {
			return parsed{}, fmt.Errorf("bad NaN %s", s)
		}
		return parsed{nan: true, bits: bits}, nil
	}
	if len(s) == 0 || s[0] == '"' {
		return parsed{}, fmt.Errorf("want a number, got %s", s)
	}
	x, err := strconv.ParseFloat(s, size)
	if err != nil {
		return parsed{}, fmt.Errorf("want a number, got %s", s)
	}
	return parsed{x: x}, nil
}
