package reports

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Stdout is the output path that means standard output.
const Stdout = "-"

// Output is one file the command line asks for: the flag that names it,
// for messages, and its path (Stdout for standard output). A Dir output
// is a directory that the named files are written into.
type Output struct {
	Flag, Path string
	Dir        bool
	Files      []string // a Dir output's file names
}

// CheckOutputs refuses, before anything runs, outputs that would lose
// data or fail late: an output that is one of the inputs, two outputs at
// one place, an output that is a directory, or a directory that does not
// exist. Paths are compared resolved: absolute, through symbolic links.
func CheckOutputs(inputs []string, outs []Output) error {
	owner := map[string]string{}
	for _, in := range inputs {
		if key, err := resolve(in, false); err == nil {
			owner[key] = "input " + in
		}
	}
	var errs []error
	for _, o := range outs {
		for _, path := range o.paths() {
			if err := claim(owner, path, o.Flag, o.Dir); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func (o Output) paths() []string {
	if !o.Dir {
		return []string{o.Path}
	}
	var ps []string
	for _, f := range o.Files {
		ps = append(ps, filepath.Join(o.Path, f))
	}
	return ps
}

// claim records that flag writes path, or says why it cannot.
func claim(owner map[string]string, path, flag string, mkdir bool) error {
	if path == Stdout {
		if other, ok := owner[Stdout]; ok {
			return fmt.Errorf("%s and %s both write to standard output", other, flag)
		}
		owner[Stdout] = flag
		return nil
	}
	key, err := resolve(path, mkdir)
	if err != nil {
		return fmt.Errorf("%s %s: %w", flag, path, err)
	}
	if other, ok := owner[key]; ok {
		return fmt.Errorf("%s %s would overwrite %s: choose another path", flag, path, other)
	}
	owner[key] = flag + " " + path
	info, err := os.Stat(key)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("%s %s is a directory: give a file path", flag, path)
	case err == nil && !info.Mode().IsRegular() || streamed(key):
		return nil
	}
	return writable(existing(filepath.Dir(key)), flag, path)
}

// writable checks that files can be made in dir.
func writable(dir, flag, path string) error {
	tmp, err := os.CreateTemp(dir, ".supplysim-*.tmp")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write in %s: %w", flag, path, dir, errors.Unwrap(err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

// existing returns dir or its nearest ancestor that exists.
func existing(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil || dir == filepath.Dir(dir) {
			return dir
		}
		dir = filepath.Dir(dir)
	}
}

// streamed reports whether a path names a process's file descriptor or a
// device (/dev/stdout, /proc/self/fd/3, /dev/null): written through in
// place, never replaced by a rename, whatever file it points to.
func streamed(path string) bool {
	return strings.HasPrefix(path, "/dev/") || strings.HasPrefix(path, "/proc/")
}

// resolve returns the absolute path, through symbolic links, of path or,
// when it does not exist yet, of its directory, which must exist unless
// mkdir (the directory will be made).
func resolve(path string, mkdir bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if streamed(abs) {
		return abs, nil
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	dir := filepath.Dir(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, filepath.Base(abs)), nil
	}
	if !mkdir {
		return "", fmt.Errorf("the directory %s does not exist", filepath.Dir(path))
	}
	base := existing(dir)
	real, err := filepath.EvalSymlinks(base)
	if err != nil {
		return "", err
	}
	rest, _ := filepath.Rel(base, abs)
	return filepath.Join(real, rest), nil
}

// Files writes a set of output files all or nothing. Write stages each
// file in a temporary file; Commit, once all are written, copies the
// staged data to the outputs that cannot be replaced (standard output,
// devices, pipes) and then renames the others over their paths, through
// symbolic links and keeping an existing file's mode. Abort, or any error,
// removes every temporary file and leaves the outputs untouched. Writing
// stops with the context's error once it is cancelled.
type Files struct {
	ctx    context.Context
	stdout io.Writer
	staged []*staged
	dirs   []string // directories made for the outputs, removed on Abort when still empty
}

type staged struct {
	path   string      // as given
	target string      // resolved: where the data goes
	tmp    *os.File    // the staged data, closed once written
	mode   fs.FileMode // the existing file's permissions, or 0644
	stream bool        // copied at Commit (stdout or not a regular file) rather than renamed
}

// NewFiles returns an empty set of outputs; Stdout paths go to stdout.
func NewFiles(ctx context.Context, stdout io.Writer) *Files {
	return &Files{ctx: ctx, stdout: stdout}
}

// Write stages the file at path, written by write.
func (f *Files) Write(path string, write func(io.Writer) error) (err error) {
	s, err := f.stage(path)
	if err != nil {
		return err
	}
	f.staged = append(f.staged, s)
	w := bufio.NewWriter(ctxWriter{f.ctx, s.tmp})
	if err = write(w); err == nil {
		err = w.Flush()
	}
	if cerr := s.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// MkdirAll makes dir for outputs to go into; Abort removes what it made.
func (f *Files) MkdirAll(dir string) error {
	var made []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		made = append(made, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make %s: %w", dir, errors.Unwrap(err))
	}
	f.dirs = append(f.dirs, made...)
	return nil
}

func (f *Files) stage(path string) (*staged, error) {
	s := &staged{path: path, mode: 0o644, stream: path == Stdout}
	tmpDir := os.TempDir()
	if !s.stream {
		target, err := resolve(path, false)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, err)
		}
		s.target = target
		info, err := os.Stat(target)
		switch {
		case streamed(target) || err == nil && !info.Mode().IsRegular():
			s.stream = true
		case err == nil:
			s.mode = info.Mode().Perm()
			tmpDir = filepath.Dir(target)
		default:
			tmpDir = filepath.Dir(target)
		}
	}
	tmp, err := os.CreateTemp(tmpDir, ".supplysim-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	s.tmp = tmp
	return s, nil
}

// Commit makes every staged file its output, or none when one fails
// before the renames (a device that is full, a cancelled context).
func (f *Files) Commit() error {
	defer f.Abort()
	for _, s := range f.staged {
		if s.stream {
			if err := f.copyOut(s); err != nil {
				return err
			}
		}
	}
	if err := f.ctx.Err(); err != nil {
		return err
	}
	for _, s := range f.staged {
		if s.stream {
			continue
		}
		if err := os.Chmod(s.tmp.Name(), s.mode); err != nil {
			return fmt.Errorf("writing %s: %w", s.path, err)
		}
		if err := os.Rename(s.tmp.Name(), s.target); err != nil {
			return fmt.Errorf("cannot write %s: %w", s.path, errors.Unwrap(err))
		}
		s.tmp = nil
	}
	f.dirs = nil
	return nil
}

// copyOut copies a staged file to standard output or a non-regular file.
func (f *Files) copyOut(s *staged) error {
	src, err := os.Open(s.tmp.Name())
	if err != nil {
		return fmt.Errorf("writing %s: %w", s.path, err)
	}
	defer src.Close()
	var dst io.Writer = f.stdout
	if s.path != Stdout {
		out, err := os.OpenFile(s.target, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", s.path, errors.Unwrap(err))
		}
		defer out.Close()
		dst = out
	}
	if _, err := io.Copy(ctxWriter{f.ctx, dst}, src); err != nil {
		return fmt.Errorf("writing %s: %w", s.path, err)
	}
	return nil
}

// Abort removes every temporary file and the directories made for the
// outputs; after Commit it does nothing.
func (f *Files) Abort() {
	for _, s := range f.staged {
		if s.tmp != nil {
			s.tmp.Close()
			os.Remove(s.tmp.Name())
			s.tmp = nil
		}
	}
	for _, d := range f.dirs {
		os.Remove(d) // only when empty
	}
	f.staged, f.dirs = nil, nil
}

// ctxWriter stops writing once its context is done, so that an
// interrupted command does not finish writing a large file first.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
