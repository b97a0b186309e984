package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/invalid")

// noPositions lists the files whose errors the TOML library records no
// position for: their error lines show the key path instead.
var noPositions = map[string]bool{"inline_array.toml": true}

// TestParseInvalid decodes every file in testdata/invalid and compares the
// whole error text with the file's .golden twin.
func TestParseInvalid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invalid", "*.toml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".toml"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			m, derivs, err := Parse(name, data)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.Nil(t, derivs)
			var list ErrorList
			require.True(t, errors.As(err, &list), "error is %T, not an ErrorList", err)
			checkList(t, name, list)
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".toml") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./sim/scenario -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}

// checkList checks what every error list promises: sorted by position,
// and a position on every error about a key.
func checkList(t *testing.T, name string, list ErrorList) {
	t.Helper()
	require.NotEmpty(t, list)
	assert.True(t, sort.SliceIsSorted(list, func(i, j int) bool {
		if list[i].Line != list[j].Line {
			return list[i].Line < list[j].Line
		}
		return list[i].Col < list[j].Col
	}), "errors are not sorted")
	for _, e := range list {
		assert.Equal(t, name, e.File)
		assert.NotEmpty(t, e.Msg)
		if e.Path != "" && !noPositions[name] {
			assert.Positive(t, e.Line, "no line for %s", e.Path)
			assert.Positive(t, e.Col, "no column for %s", e.Path)
		}
	}
}

// TestParseLineDeletions removes each line of each valid file in turn:
// whatever breaks must be reported, and every error about a key must have
// a position.
func TestParseLineDeletions(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "valid", "*.toml"))
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		lines := strings.SplitAfter(string(data), "\n")
		for i := range lines {
			cut := strings.Join(lines[:i], "") + strings.Join(lines[i+1:], "")
			_, _, err := Parse("cut.toml", []byte(cut))
			var list ErrorList
			if err == nil {
				continue
			}
			require.True(t, errors.As(err, &list), "%s without line %d", f, i+1)
			checkList(t, "cut.toml", list)
		}
	}
}
