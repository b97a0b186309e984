package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyScenario copies a lesson into a fresh directory and returns its path.
func copyScenario(t *testing.T, name string) (dir, path string) {
	t.Helper()
	data, err := os.ReadFile("../../scenarios/" + name)
	require.NoError(t, err)
	dir = t.TempDir()
	path = filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return dir, path
}

// entries lists a directory's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// No output may overwrite an input or another output: refused before
// running, with exit 2, and the scenario is left as it was.
func TestOutputsNeverOverwriteInputs(t *testing.T) {
	t.Parallel()
	dir, s := copyScenario(t, "single-store.toml")
	before, err := os.ReadFile(s)
	require.NoError(t, err)
	link := filepath.Join(dir, "alias.toml")
	require.NoError(t, os.Symlink("single-store.toml", link))
	x := filepath.Join(dir, "x.out")
	for _, args := range [][]string{
		{"run", s, "--json", s},
		{"run", s, "-o", s},
		{"run", s, "--trace", link},
		{"run", s, "--json", x, "-o", x},
		{"run", s, "--json", x, "--trace", filepath.Join(dir, ".", "x.out")},
		{"check", s, "--junit", s},
		{"check", s, "--json", link},
		{"check", s, "--baseline", s, "--update-baseline"},
		{"compare", s, "--variant", "a:stock[shop].policy.S=13", "--json", s},
		{"sweep", s, "--param", "stock[shop].policy.S", "--values", "12,13", "-o", s},
	} {
		code, _, stderr := supplysim(t, args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, stderr)
		assert.Contains(t, stderr, "would overwrite", "%v", args)
	}
	after, err := os.ReadFile(s)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.ElementsMatch(t, []string{"single-store.toml", "alias.toml"}, entries(t, dir))
}

// Every output path is checked before the run: one bad path writes nothing.
func TestOutputSetWholeOrNothing(t *testing.T) {
	t.Parallel()
	dir, s := copyScenario(t, "single-store.toml")
	ok := filepath.Join(dir, "ok.json")
	code, _, stderr := supplysim(t, "run", s, "--reps", "2", "--json", ok, "-o", filepath.Join(dir, "missing-dir", "r.html"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "missing-dir does not exist")
	_, err := os.Stat(ok)
	assert.True(t, os.IsNotExist(err), "the JSON is not written either")

	// A device that fails on write: exit 1, and the other outputs are not written.
	if _, err := os.Stat("/dev/full"); err == nil {
		code, _, stderr = supplysim(t, "run", s, "--reps", "2", "--json", ok, "--trace", "/dev/full", "--no-report")
		assert.Equal(t, exitError, code, stderr)
		assert.Contains(t, stderr, "/dev/full")
		assert.ElementsMatch(t, []string{"single-store.toml"}, entries(t, dir), "no JSON and no temporary file")
	}
}

// "-" writes a data file to standard output; the table then goes to stderr.
func TestJSONToStdout(t *testing.T) {
	t.Parallel()
	_, s := copyScenario(t, "single-store.toml")
	code, stdout, stderr := supplysim(t, "run", s, "--reps", "2", "--json", "-", "--no-report")
	require.Equal(t, exitOK, code, stderr)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &out), "stdout is the JSON alone")
	assert.Contains(t, stderr, "shop")
}

// A symbolic link as output path is written through, keeping the link and
// the target's permissions.
func TestOutputThroughSymlink(t *testing.T) {
	t.Parallel()
	dir, s := copyScenario(t, "single-store.toml")
	target := filepath.Join(dir, "results.json")
	require.NoError(t, os.WriteFile(target, nil, 0o600))
	link := filepath.Join(dir, "latest.json")
	require.NoError(t, os.Symlink("results.json", link))
	code, _, stderr := supplysim(t, "run", s, "--reps", "2", "--json", link, "--no-report")
	require.Equal(t, exitOK, code, stderr)
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.True(t, info.Mode()&os.ModeSymlink != 0)
	info, err = os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	assert.Positive(t, info.Size())
}

// An interrupted command writes nothing, leaves no temporary file, and
// says so truthfully.
func TestInterruptedWritesNothing(t *testing.T) {
	t.Parallel()
	dir, s := copyScenario(t, "single-store.toml")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, &env{stdout: &out, stderr: &errOut}, []string{"run", s, "--json", filepath.Join(dir, "r.json"),
		"--trace", filepath.Join(dir, "t.csv"), "--csv", filepath.Join(dir, "csv"), "-o", filepath.Join(dir, "r.html")})
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut.String(), "interrupted: no output written")
	assert.ElementsMatch(t, []string{"single-store.toml"}, entries(t, dir))
}

// Text from a scenario file cannot drive the terminal: control characters
// are shown as escapes in everything printed.
func TestNoTerminalEscapes(t *testing.T) {
	t.Parallel()
	dir, s := copyScenario(t, "single-store.toml")
	data, err := os.ReadFile(s)
	require.NoError(t, err)
	evil := strings.Replace(string(data), `name = "Single store, base stock"`, `name = "\u001b]0;pwned\u0007\u001b[2J shop \u009b"`, 1)
	require.NotEqual(t, string(data), evil)
	require.NoError(t, os.WriteFile(s, []byte(evil), 0o644))
	code, stdout, stderr := supplysim(t, "run", s, "--reps", "2", "--no-report")
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, stdout, "\x1b")
	assert.NotContains(t, stdout, "\u009b")
	assert.Contains(t, stdout, `\x1b]0;pwned\x07\x1b[2J shop \x9b`)
	code, _, _ = supplysim(t, "run", s, "--reps", "2", "--json", filepath.Join(dir, "r.json"), "--no-report")
	require.Equal(t, exitOK, code)
	raw, err := os.ReadFile(filepath.Join(dir, "r.json"))
	require.NoError(t, err)
	assert.Contains(t, string(raw), `\u001b]0;pwned`, "data files keep the name as written")
}

// Bad or idle flag values are usage errors (exit 2) in every command, and
// what follows -- is never a flag.
func TestFlagsUsage(t *testing.T) {
	t.Parallel()
	const s = "../../scenarios/single-store.toml"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", s, "--reps", "0"}, "--reps must be at least 1"},
		{[]string{"run", "--", s, "--reps", "3"}, "run takes one scenario file"},
		{[]string{"compare", s, "--variant", "a:stock[shop].policy.S=13", "--max-reps", "50"}, "only act with --precision"},
		{[]string{"compare", s, "--variant", "a:stock[shop].policy.S=13", "--precision", "0"}, "--precision must be greater than 0"},
		{[]string{"sweep", s, "--param", "stock[shop].policy.S", "--values", "12,13", "--param", "stock[shop].policy.S", "--values", "1,2"}, "given twice"},
	} {
		code, _, stderr := supplysim(t, tc.args...)
		assert.Equal(t, exitUsage, code, "%v", tc.args)
		assert.Contains(t, stderr, tc.want, "%v", tc.args)
	}
}
