package playground

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStaticSite(t *testing.T) {
	t.Parallel()
	if _, _, err := engineFiles(); err != nil {
		missing(t, "the engine is not embedded: run make build")
	}
	if echarts() == nil {
		missing(t, "the ECharts bundle is not embedded: run make build")
	}
	files, err := StaticSite(lessonsDir(t).FS(), "test", 100)
	require.NoError(t, err)
	byName := map[string][]byte{}
	for _, f := range files {
		_, dup := byName[f.Name]
		assert.False(t, dup, f.Name)
		byName[f.Name] = f.Data
	}
	for _, name := range []string{"index.html", "app.js", "app.css", "site.js", "engine.js", "echarts.min.js", "README.txt",
		"lessons/single-store.toml", "lessons/sales-history.toml", "lessons/sales.csv"} {
		assert.NotEmpty(t, byName[name], name)
	}
	for name := range byName {
		assert.NotContains(t, name, "escape", "a symbolic link out of the lessons' directory")
		assert.NotContains(t, name, "secret")
	}
	assert.Len(t, byName, 10)

	site := strings.TrimSuffix(strings.TrimPrefix(string(byName["site.js"]), "self.SUPPLYSIM_SITE = "), ";\n")
	var s Site
	require.NoError(t, json.Unmarshal([]byte(site), &s))
	assert.Equal(t, "static", s.Mode)
	assert.Equal(t, 100, s.MaxReplications)
	require.Len(t, s.Lessons, 2)
	hist := s.Lessons[0]
	assert.Equal(t, "sales-history.toml", hist.File)
	csv, err := os.ReadFile("../../scenarios/sales.csv")
	require.NoError(t, err)
	assert.Equal(t, string(csv), hist.Named["sales.csv"], "the engine in the browser reads the history from here")
	assert.NotEmpty(t, s.Lessons[1].Knobs)
	assert.True(t, strings.HasPrefix(string(byName["engine.js"]), "self.SUPPLYSIM_ENGINE = {"))
}

func TestStaticSiteNeedsTheEngine(t *testing.T) {
	t.Parallel()
	_, _, err := engineIn(fstest.MapFS{"assets/README.md": {Data: []byte("x")}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "make build")
}
