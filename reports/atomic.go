// Package reports is every way a result leaves the program, for people
// and programs: the run's terminal table, JSON (the versioned output
// contract), CSV and event trace; the check's terminal summary, JSON and
// JUnit XML; the comparison's and sweep's tables and JSON; and reading a
// saved run back as a baseline. Files are written whole or not at all.
// The HTML pages are in the sub-package html.
//
// It formats and writes what the sim packages computed and must not compute
// results itself: no statistics, no judging, no simulation.
package reports

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes a file through write, atomically: the data goes to a
// temporary file in the same directory, which is renamed over path only
// when everything was written. On any error path is left untouched.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
