package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// supplysim runs the command line in-process and returns its exit code and output.
func supplysim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), &env{stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string // substrings wanted on stdout
		stderr []string // substrings wanted on stderr
	}{
		{"no args", nil, exitUsage, []string{"usage: supplysim"}, nil},
		{"help", []string{"help"}, exitOK, []string{"run", "validate", "version"}, nil},
		{"unknown command", []string{"rnu"}, exitUsage, nil, []string{`unknown command "rnu"`}},
		{"version", []string{"version"}, exitOK, []string{"supplysim " + Version}, nil},
		{"run without file", []string{"run"}, exitUsage, nil, []string{"run takes one scenario file"}},
		{"run bad flag", []string{"run", "--repz", "3", "x.toml"}, exitUsage, nil, []string{"run: unknown flag --repz; did you mean --rep"}},
		{"version help", []string{"version", "-h"}, exitOK, nil, []string{"usage: supplysim version", "examples:"}},
		{"run missing file", []string{"run", "nope.toml"}, exitError, nil, []string{"cannot read scenario nope.toml: no such file or directory"}},
		{"run table", []string{"run", "../../scenarios/single-store.toml", "--reps", "3", "--no-report"}, exitOK,
			[]string{"Single store, base stock", "3 replications, seed 1", "shop/kettle", "fill rate", "±"}, nil},
		{"flags before file", []string{"run", "--reps", "2", "--seed", "9", "--no-report", "../../scenarios/single-store.toml"}, exitOK,
			[]string{"2 replications, seed 9"}, nil},
		{"validate ok", []string{"validate", "../../scenarios/single-store.toml"}, exitOK, []string{"ok  ../../scenarios/single-store.toml"}, nil},
		{"validate none", []string{"validate"}, exitUsage, nil, []string{"validate needs at least one scenario file"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := supplysim(t, tc.args...)
			if tc.code == exitUsage {
				assert.NotContains(t, stderr, "flag provided but not defined", "one message, ours")
			}
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, stdout, s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, stderr, s)
			}
			assert.NotContains(t, stderr, "goroutine", "no stack traces")
		})
	}
}

// Every broken scenario in testdata/invalid gives exit status 1, a message
// naming the file and a line, and no stack trace.
func TestBrokenScenariosExitOne(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../testdata/invalid/*.toml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := supplysim(t, "run", f)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, f)
			assert.NotContains(t, stderr, "goroutine")
			assert.NotContains(t, stderr, "panic")
		})
	}
}

func TestValidateReportsEveryFile(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := supplysim(t, "validate", "../../scenarios/single-store.toml", "../../testdata/invalid/empty.toml", "nope.toml")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stdout, "ok  ../../scenarios/single-store.toml")
	assert.Contains(t, stderr, "empty.toml")
	assert.Contains(t, stderr, "nope.toml")
	assert.Contains(t, stderr, "2 of 3 scenario files have problems")
}

// Same scenario and seed give byte-identical JSON and CSV, whatever the
// number of workers.
func TestOutputsAreDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	outputs := func(name string, workers string) (string, string, string) {
		j := filepath.Join(dir, name+".json")
		c := filepath.Join(dir, name)
		h := filepath.Join(dir, name+".html")
		code, _, stderr := supplysim(t, "run", "../../scenarios/port-closure.toml", "--reps", "6", "--workers", workers,
			"--json", j, "--csv", c, "-o", h)
		require.Equal(t, exitOK, code, stderr)
		read := func(path string) string {
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			return string(b)
		}
		return read(j), read(filepath.Join(c, "replications.csv")) + read(filepath.Join(c, "series.csv")), read(h)
	}
	j1, c1, h1 := outputs("one", "1")
	j2, c2, h2 := outputs("two", "2")
	j5, c5, h5 := outputs("five", "5")
	assert.Equal(t, j1, j2)
	assert.Equal(t, j1, j5)
	assert.Equal(t, c1, c2)
	assert.Equal(t, c1, c5)
	assert.Equal(t, h1, h2, "the HTML report is byte-identical too")
	assert.Equal(t, h1, h5)
	assert.True(t, strings.HasPrefix(j1, "{\n  \"schema\": 2,"))
}

// A failed run leaves no half-written output file behind.
func TestNoOutputOnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	j := filepath.Join(dir, "out.json")
	code, _, _ := supplysim(t, "run", "../../testdata/invalid/empty.toml", "--json", j)
	assert.Equal(t, exitError, code)
	_, err := os.Stat(j)
	assert.True(t, os.IsNotExist(err))
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "no temporary files left")
}

// Every example scenario loads, validates and runs, and its JSON carries the
// keys of the output contract.
func TestExampleScenariosRun(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../scenarios/*.toml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 3)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			j := filepath.Join(t.TempDir(), "out.json")
			h := filepath.Join(t.TempDir(), "report.html")
			code, stdout, stderr := supplysim(t, "run", f, "--reps", "3", "--json", j, "-o", h)
			require.Equal(t, exitOK, code, stderr)
			assert.Contains(t, stdout, "fill rate")
			assert.Contains(t, stdout, "report: "+h)
			assert.FileExists(t, h)
			var out map[string]any
			data, err := os.ReadFile(j)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(data, &out))
			for _, key := range []string{"schema", "version", "scenario", "seed", "replications", "horizon_days", "warmup_days", "stock"} {
				assert.Contains(t, out, key)
			}
			assert.Len(t, out["scenario"].(map[string]any)["sha256"], 64)
			stock := out["stock"].([]any)[0].(map[string]any)
			for _, key := range []string{"at", "sku", "fill_rate", "backorder_rate", "avg_on_hand"} {
				assert.Contains(t, stock, key)
			}
			fill := stock["fill_rate"].(map[string]any)
			assert.Len(t, fill["values"], 3)
			for _, key := range []string{"mean", "ci95", "sd"} {
				assert.Contains(t, fill, key)
			}
		})
	}
}

// A run that only prints its table keeps no daily series; the table is
// the same as beside a JSON file, which needs them.
func TestTableWithoutSeries(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../scenarios/*.toml")
	require.NoError(t, err)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			code, alone, stderr := supplysim(t, "run", f, "--reps", "3", "--no-report")
			require.Equal(t, exitOK, code, stderr)
			j := filepath.Join(t.TempDir(), "out.json")
			code, beside, stderr := supplysim(t, "run", f, "--reps", "3", "--no-report", "--json", j)
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, beside, alone)
		})
	}
}

// Every command's -h lists its flags and ends with examples; an unknown
// flag is one line naming the nearest flag.
func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	for _, c := range commands() {
		code, _, stderr := supplysim(t, c.name, "-h")
		assert.Equal(t, exitOK, code, c.name)
		assert.Contains(t, stderr, "examples:\n  supplysim "+c.name, c.name)
	}
	code, _, stderr := supplysim(t, "check", "--regresions-only", "x.toml")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "supplysim: check: unknown flag --regresions-only; did you mean --regressions-only? see supplysim check -h\n", stderr)
}

// The progress line gives an estimate of the time left once a replication
// is done, and clears itself at the end.
func TestProgressLine(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	clock := time.Unix(0, 0)
	p := progressLine(&b, "base (1/2): ", 10, func() time.Time { return clock })
	p(0)
	clock = clock.Add(4 * time.Second)
	p(2)
	clock = clock.Add(80 * time.Second)
	p(9)
	p(10)
	assert.Equal(t, "\rbase (1/2): replication 0/10\x1b[K"+
		"\rbase (1/2): replication 2/10, about 16s left\x1b[K"+
		"\rbase (1/2): replication 9/10, about 9s left\x1b[K\r\x1b[K", b.String())
	assert.Equal(t, "3m10s", eta(190*time.Second))
	assert.Equal(t, "1h05m", eta(65*time.Minute))
}
