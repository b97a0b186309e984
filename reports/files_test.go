package reports

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// A failed write leaves every output as it was and no temporary file.
func TestFilesAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.html")
	require.NoError(t, os.WriteFile(a, []byte("old"), 0o644))
	f := NewFiles(context.Background(), io.Discard)
	require.NoError(t, f.Write(a, text("new")))
	err := f.Write(b, func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("disk full") })
	require.Error(t, err)
	f.Abort()
	assert.Equal(t, "old", readFile(t, a))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary file and no b.html")

	f = NewFiles(context.Background(), io.Discard)
	require.NoError(t, f.Write(a, text("new")))
	require.NoError(t, f.Write(b, text("report")))
	require.NoError(t, f.Commit())
	assert.Equal(t, "new", readFile(t, a))
	assert.Equal(t, "report", readFile(t, b))
	entries, _ = os.ReadDir(dir)
	assert.Len(t, entries, 2)
}

// A symbolic link is written through to its target, and an existing
// file keeps its permissions.
func TestFilesThroughLinksKeepMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target, link := filepath.Join(dir, "secret.json"), filepath.Join(dir, "link.json")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o600))
	require.NoError(t, os.Symlink("secret.json", link))
	f := NewFiles(context.Background(), io.Discard)
	require.NoError(t, f.Write(link, text("new")))
	require.NoError(t, f.Commit())
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.True(t, info.Mode()&os.ModeSymlink != 0, "the link is still a link")
	assert.Equal(t, "new", readFile(t, target))
	info, err = os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

// Standard output and devices are written in place, never replaced, and
// a device that is full is an error that leaves the other outputs alone.
func TestFilesStreams(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	f := NewFiles(context.Background(), &out)
	require.NoError(t, f.Write(Stdout, text("to stdout")))
	require.NoError(t, f.Write("/dev/null", text("gone")))
	require.NoError(t, f.Commit())
	assert.Equal(t, "to stdout", out.String())
	info, err := os.Stat("/dev/null")
	require.NoError(t, err)
	assert.True(t, info.Mode()&os.ModeDevice != 0, "/dev/null is still a device")

	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	a := filepath.Join(t.TempDir(), "a.json")
	f = NewFiles(context.Background(), io.Discard)
	require.NoError(t, f.Write(a, text("data")))
	require.NoError(t, f.Write("/dev/full", text("data")))
	err = f.Commit()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/dev/full")
	_, err = os.Stat(a)
	assert.True(t, os.IsNotExist(err), "nothing written when one output fails")
}

// Once the context is cancelled, writing stops and nothing is committed.
func TestFilesCancelled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	f := NewFiles(ctx, io.Discard)
	err := f.Write(filepath.Join(dir, "trace.csv"), func(w io.Writer) error {
		for i := 0; ; i++ {
			if i == 1000 {
				cancel()
			}
			if _, err := io.WriteString(w, strings.Repeat("x", 100)); err != nil {
				return err
			}
		}
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, f.Commit(), context.Canceled)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries)
}

// A directory made for outputs is removed again when they are aborted.
func TestFilesMkdirAbort(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "csv", "run1")
	f := NewFiles(context.Background(), io.Discard)
	require.NoError(t, f.MkdirAll(dir))
	require.NoError(t, f.Write(filepath.Join(dir, "replications.csv"), text("x")))
	f.Abort()
	_, err := os.Stat(filepath.Dir(dir))
	assert.True(t, os.IsNotExist(err))
}

func TestCheckOutputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	scenario := filepath.Join(dir, "s.toml")
	require.NoError(t, os.WriteFile(scenario, []byte("x"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "c"), 0o755))
	link := filepath.Join(dir, "alias.toml")
	require.NoError(t, os.Symlink("s.toml", link))
	out := func(flag, path string) Output { return Output{Flag: flag, Path: path} }
	for _, tc := range []struct {
		name string
		outs []Output
		want string
	}{
		{"json onto the scenario", []Output{out("--json", scenario)}, "would overwrite input"},
		{"through a link", []Output{out("-o", link)}, "would overwrite input"},
		{"relative spelling", []Output{out("--json", filepath.Join(dir, ".", "s.toml"))}, "would overwrite input"},
		{"two outputs", []Output{out("--json", filepath.Join(dir, "x")), out("-o", filepath.Join(dir, "x"))}, "-o " + filepath.Join(dir, "x") + " would overwrite --json"},
		{"missing directory", []Output{out("-o", filepath.Join(dir, "missing", "r.html"))}, "does not exist"},
		{"a directory", []Output{out("--json", dir)}, "is a directory"},
		{"stdout twice", []Output{out("--json", Stdout), out("--trace", Stdout)}, "both write to standard output"},
		{"csv over json", []Output{out("--json", filepath.Join(dir, "c", "series.csv")), {Flag: "--csv", Path: filepath.Join(dir, "c"), Dir: true, Files: CSVFiles}}, "would overwrite"},
	} {
		err := CheckOutputs([]string{scenario}, tc.outs)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
	}
	ok := []Output{out("--json", filepath.Join(dir, "r.json")), out("-o", Stdout), out("--trace", "/dev/null"),
		{Flag: "--csv", Path: filepath.Join(dir, "new", "csv"), Dir: true, Files: CSVFiles}}
	assert.NoError(t, CheckOutputs([]string{scenario}, ok))
}
