package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A scenario reads files beside it and below, never outside its directory.
func TestScenarioFilesStayInside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	inner := filepath.Join(dir, "lesson")
	require.NoError(t, os.MkdirAll(filepath.Join(inner, "data"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(inner, "data", "sales.csv"), []byte("day,qty\n0,1\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "secret.csv"), []byte("day,qty\n"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(dir, "secret.csv"), filepath.Join(inner, "link.csv")))

	f := newScenarioFiles(filepath.Join(inner, "s.toml"))
	data, err := f.ReadFile("data/sales.csv")
	require.NoError(t, err)
	assert.Equal(t, "day,qty\n0,1\n", string(data))
	for _, name := range []string{"../secret.csv", filepath.Join(dir, "secret.csv"), "data/../../secret.csv", "", "link.csv"} {
		_, err := f.ReadFile(name)
		assert.Error(t, err, name)
	}
	assert.Len(t, f.read, 1)
	assert.Equal(t, "s\x00data/sales.csv\x00day,qty\n0,1\n", string(f.covered([]byte("s"))))
}

// A history's errors come with the scenario's, and the lesson runs.
func TestHistoryLessonRuns(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := supplysim(t, "check", "../../scenarios/sales-history.toml")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "4 passed")

	dir := t.TempDir()
	toml, err := os.ReadFile("../../scenarios/sales-history.toml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.toml"), toml, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sales.csv"), []byte("date,qty\n2025-01-06,1\n2025-01-06,x\n"), 0o644))
	code, _, stderr = supplysim(t, "validate", filepath.Join(dir, "s.toml"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, filepath.Join(dir, "sales.csv")+":3: date \"2025-01-06\" is not after the row before")
	assert.Contains(t, stderr, filepath.Join(dir, "sales.csv")+":3: qty \"x\" is not a number")
}
