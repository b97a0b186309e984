package engine

import (
	"errors"

	"github.com/supplysim/supplysim/sim/scenario"
)

// Problem is one error in a scenario or a request, placed for the editor.
type Problem struct {
	File string `json:"file,omitempty"` // set when it is in another file (a sales history)
	Line int    `json:"line,omitempty"` // 1-based; 0 when unknown
	Col  int    `json:"col,omitempty"`
	Path string `json:"path,omitempty"` // key path, when there is no position
	Msg  string `json:"msg"`
	Hint string `json:"hint,omitempty"`
	Text string `json:"text"` // the whole message, as the command line prints it
}

// Knob is a [[knob]] as the page draws it.
type Knob struct {
	Name    string  `json:"name"`
	Path    string  `json:"path"`
	Label   string  `json:"label"`
	Look    string  `json:"look_for,omitempty"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Step    float64 `json:"step"`
	Integer bool    `json:"integer,omitempty"`
	Choices []any   `json:"choices,omitempty"`
	Start   any     `json:"start"`
}

// Lesson is what the page lists of a scenario file, and what the editor
// learns of the text it holds.
type Lesson struct {
	File         string    `json:"file"`
	Name         string    `json:"name,omitempty"`
	Description  string    `json:"description,omitempty"`
	Seed         uint64    `json:"seed,string"`
	Replications int       `json:"replications,omitempty"`
	Knobs        []Knob    `json:"knobs"`
	Files        []string  `json:"files,omitempty"` // the files it names, as named there
	Problems     []Problem `json:"problems,omitempty"`
}

// Validate decodes a scenario's text as Run would and returns what the
// page needs of it: its knobs, or every problem with its line and column.
// read reads the files the scenario names (nil: none can be).
func Validate(file, text string, read func(string) ([]byte, error)) Lesson {
	l := Lesson{File: file, Knobs: []Knob{}}
	if read == nil {
		read = func(string) ([]byte, error) { return nil, errors.New("no file can be read here") }
	}
	named := func(name string) ([]byte, error) {
		data, err := read(name)
		if err == nil {
			l.Files = append(l.Files, name)
		}
		return data, err
	}
	b, err := scenario.LoadWith(file, []byte(text), scenario.Options{ReadFile: named})
	if err != nil {
		l.Problems = problems(file, err)
		return l
	}
	m, _ := b.Model()
	l.Name, l.Description, l.Seed, l.Replications = m.Name, m.Description, m.Seed, m.Replications
	for _, k := range b.Knobs() {
		l.Knobs = append(l.Knobs, Knob{Name: k.Name, Path: k.Path.String(), Label: k.Label, Look: k.Look,
			Min: k.Min, Max: k.Max, Step: k.Step, Integer: k.Integer, Choices: k.Choices, Start: k.Start})
	}
	return l
}

// problems turns a scenario's errors into Problems; file is the lesson's.
func problems(file string, err error) []Problem {
	var list scenario.ErrorList
	if !errors.As(err, &list) {
		return []Problem{{Msg: err.Error(), Text: err.Error()}}
	}
	out := make([]Problem, len(list))
	for i, e := range list {
		out[i] = Problem{File: fileOf(file, e.File), Line: e.Line, Col: e.Col, Path: e.Path, Msg: e.Msg, Hint: e.Hint, Text: e.Error()}
	}
	return out
}

// fileOf keeps a problem's file only when it is not the lesson itself.
func fileOf(lesson, file string) string {
	if file == lesson {
		return ""
	}
	return file
}
