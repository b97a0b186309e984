package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/reports/html"
	"github.com/supplysim/supplysim/sim"
)

func TestDefaultReportPath(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"scenarios/two-echelon.toml": "two-echelon.html",
		"two-echelon.toml":           "two-echelon.html",
		"/abs/dir/x.y.toml":          "x.y.html",
		"noext":                      "noext.html",
		"dir/.toml":                  "report.html",
	}
	for in, want := range tests {
		assert.Equal(t, want, defaultReportPath(in), in)
	}
}

func TestWriteReport(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	e := &env{stdout: &bytes.Buffer{}, stderr: &stderr}
	l, err := loadScenario(e, filepath.Join("..", "..", "scenarios", "single-store.toml"), nil)
	require.NoError(t, err)
	l.model.Replications = 3
	res, err := sim.Run(l.model, sim.Options{Workers: 2})
	require.NoError(t, err)

	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.html"), filepath.Join(dir, "b.html")
	out := reports.NewFiles(context.Background(), io.Discard)
	require.NoError(t, writeReport(e, out, res, l.meta, a, true, sim.Options{}))
	require.NoError(t, writeReport(e, out, res, l.meta, b, true, sim.Options{}))
	require.NoError(t, out.Commit())
	first, err := os.ReadFile(a)
	require.NoError(t, err)
	second, err := os.ReadFile(b)
	require.NoError(t, err)
	assert.Equal(t, first, second, "same run, same bytes")
	assert.Contains(t, string(first), "<title>Single store, base stock · supplysim report</title>")
	assert.Contains(t, string(first), l.meta.SHA256)
	assert.Contains(t, string(first), `data-renderer="svg"`)

	if _, bundled := html.DefaultScript(); bundled {
		assert.Empty(t, stderr.String())
		assert.NotContains(t, string(first), html.EChartsURL)
	} else {
		assert.Contains(t, stderr.String(), "loads ECharts from "+html.EChartsURL)
		assert.Contains(t, string(first), `<script src="`+html.EChartsURL+`">`)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "no temporary files left behind")
}

func TestWriteReportLeavesNothingOnError(t *testing.T) {
	t.Parallel()
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	path := filepath.Join(t.TempDir(), "missing-dir", "r.html")
	res := &sim.Results{Model: &sim.Model{Name: "x"}}
	out := reports.NewFiles(context.Background(), io.Discard)
	assert.Error(t, writeReport(e, out, res, sim.Meta{}, path, false, sim.Options{}))
	out.Abort()
	_, err := os.Stat(path)
	assert.True(t, os.IsNotExist(err))
}
