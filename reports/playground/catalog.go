package playground

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/supplysim/supplysim/reports/playground/engine"
)

// Site is what the page learns first (site.js): whether it runs lessons
// through the server or in the browser, and the lessons.
type Site struct {
	Mode            string   `json:"mode"` // "served" or "static"
	Version         string   `json:"version"`
	MaxReplications int      `json:"max_replications"`
	Lessons         []Lesson `json:"lessons"`
}

// Lesson is a scenario file of the lessons' directory: what the page
// lists and the text the editor starts from.
type Lesson struct {
	engine.Lesson
	Text string `json:"text"`
	// Named holds the files the lesson names, by name: a static site's
	// engine has no other way to read them. Empty when served.
	Named map[string]string `json:"named,omitempty"`
}

// maxFileBytes bounds every file read from the lessons' directory: a
// lesson is a small text file, a sales history a few hundred kilobytes.
const maxFileBytes = 8 << 20

// lessons reads the lessons of a directory: its .toml files (not those of
// its subdirectories), in name order, each validated. A lesson with
// problems is listed with them, so that a trainer sees what to fix.
func lessons(dir fs.FS) ([]Lesson, error) {
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		return nil, fmt.Errorf("cannot list the lessons: %w", err)
	}
	var out []Lesson
	for _, e := range entries {
		if !isLessonName(e.Name()) {
			continue
		}
		if fi, err := fs.Stat(dir, e.Name()); err != nil || !fi.Mode().IsRegular() {
			continue // a symbolic link leading out of the directory, a directory named x.toml
		}
		text, err := readFile(dir, e.Name())
		if err != nil {
			return nil, err
		}
		l := Lesson{Lesson: engine.Validate(e.Name(), string(text), namedReader(dir)), Text: string(text)}
		out = append(out, l)
	}
	return out, nil
}

// isLessonName says whether name is a lesson's file name: a .toml file
// at the top of the directory, not hidden.
func isLessonName(name string) bool {
	return strings.HasSuffix(name, ".toml") && !strings.HasPrefix(name, ".") && !strings.ContainsAny(name, `/\`) && fs.ValidPath(name)
}

// namedReader reads the files a lesson names, relative to the lessons'
// directory and inside it.
func namedReader(dir fs.FS) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		clean := path.Clean(name)
		if !fs.ValidPath(clean) || strings.Contains(name, `\`) {
			return nil, errors.New("a file must be named relative to the scenario's directory, inside it (no absolute path, no \"..\")")
		}
		return readFile(dir, clean)
	}
}

// readFile reads a regular file of at most maxFileBytes.
func readFile(dir fs.FS, name string) ([]byte, error) {
	f, err := dir.Open(name)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB", name, maxFileBytes>>20)
	}
	return data, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// withNamed adds to each lesson the files it names, for a static site.
func withNamed(dir fs.FS, ls []Lesson) error {
	read := namedReader(dir)
	for i := range ls {
		for _, name := range ls[i].Files {
			data, err := read(name)
			if err != nil {
				return fmt.Errorf("%s: %s: %w", ls[i].File, name, err)
			}
			if ls[i].Named == nil {
				ls[i].Named = map[string]string{}
			}
			ls[i].Named[name] = string(data)
		}
	}
	return nil
}
