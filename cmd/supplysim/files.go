package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// scenarioFiles reads the files a scenario names (a demand's history),
// relative to the scenario's directory, and keeps what it read so that the
// scenario's hash covers them.
//
// Scenario files are shared (lessons, CI runs of other people's files), so
// a name may not reach outside the scenario's directory: absolute paths,
// ".." and symbolic links leading out are refused, and a file is read only
// up to maxScenarioBytes, like the scenario itself.
type scenarioFiles struct {
	dir  string
	read []namedFile
	// embedded, when not nil, holds the files instead of the directory:
	// those a shard read, carried in its part.
	embedded map[string][]byte
	// failed holds the names that could not be read, with the error: what
	// a shard of check records, so that merge reports the same problem.
	failed map[string]string
}

type namedFile struct {
	name string
	data []byte
}

func newScenarioFiles(scenarioPath string) *scenarioFiles {
	return &scenarioFiles{dir: filepath.Dir(scenarioPath)}
}

// ReadFile reads name, relative to the scenario's directory.
func (f *scenarioFiles) ReadFile(name string) ([]byte, error) {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return nil, errors.New("a file must be named relative to the scenario's directory, inside it (no absolute path, no \"..\")")
	}
	if msg, ok := f.failed[name]; ok && f.embedded != nil {
		return nil, errors.New(msg)
	}
	if f.embedded != nil {
		data, ok := f.embedded[name]
		if !ok {
			return nil, errors.New("not among the files the part carries")
		}
		f.read = append(f.read, namedFile{name, data})
		return data, nil
	}
	data, err := f.readDir(name)
	if err != nil {
		if f.failed == nil {
			f.failed = map[string]string{}
		}
		f.failed[name] = err.Error()
		return nil, err
	}
	f.read = append(f.read, namedFile{name, data})
	return data, nil
}

func (f *scenarioFiles) readDir(name string) ([]byte, error) {
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer root.Close()
	file, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxScenarioBytes+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if len(data) > maxScenarioBytes {
		return nil, fmt.Errorf("larger than %d MiB", maxScenarioBytes>>20)
	}
	return data, nil
}

// covered returns the scenario's bytes followed by the names and bytes of
// the files it read, for its hash: a changed history is a changed scenario.
func (f *scenarioFiles) covered(data []byte) []byte {
	if len(f.read) == 0 {
		return data
	}
	out := append([]byte(nil), data...)
	for _, nf := range f.read {
		out = append(out, 0)
		out = append(out, nf.name...)
		out = append(out, 0)
		out = append(out, nf.data...)
	}
	return out
}
