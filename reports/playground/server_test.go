package playground

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/reports/playground/engine"
	"github.com/supplysim/supplysim/sim"
)

// lessonsDir makes a lessons' directory beside a secret one, with
// symbolic links that try to lead out, and returns it opened as the
// command line opens it (an os.Root).
func lessonsDir(t *testing.T) *os.Root {
	t.Helper()
	top := t.TempDir()
	dir, secret := filepath.Join(top, "lessons"), filepath.Join(top, "secret")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Mkdir(secret, 0o755))
	for _, name := range []string{"single-store.toml", "sales-history.toml", "sales.csv"} {
		data, err := os.ReadFile(filepath.Join("../../scenarios", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(secret, "secret.toml"), []byte("[scenario]\nname = \"secret\"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(secret, "secret.csv"), []byte("day,units\n1,1\n"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(secret, "secret.toml"), filepath.Join(dir, "escape.toml")))
	require.NoError(t, os.Symlink(filepath.Join(secret, "secret.csv"), filepath.Join(dir, "escape.csv")))
	root, err := os.OpenRoot(dir)
	require.NoError(t, err)
	t.Cleanup(func() { root.Close() })
	return root
}

func serve(t *testing.T, cfg Config) *httptest.Server {
	t.Helper()
	if cfg.Lessons == nil {
		cfg.Lessons = lessonsDir(t).FS()
	}
	if cfg.MaxReplications == 0 {
		cfg.MaxReplications = 50
	}
	srv := httptest.NewServer(NewHandler(cfg))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func post(t *testing.T, ctx context.Context, url string, v any) *http.Response {
	t.Helper()
	body, err := json.Marshal(v)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	return resp
}

// runLines posts a run and reads its JSON lines: the progress seen, and
// the result.
func runLines(t *testing.T, url string, req engine.Request) (progress int, result engine.Response) {
	t.Helper()
	resp := post(t, context.Background(), url+"/api/run", req)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var line struct {
			Progress *struct{ Done, Total int }
			Result   *engine.Response
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		if line.Progress != nil {
			progress++
		}
		if line.Result != nil {
			result = *line.Result
		}
	}
	return progress, result
}

func TestServesOnlyLessons(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{})
	code, site := get(t, srv.URL+"/site.js")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, site, `"file":"single-store.toml"`)
	assert.Contains(t, site, `"file":"sales-history.toml"`)
	assert.NotContains(t, site, "escape.toml", "a symbolic link out of the directory is no lesson")
	assert.NotContains(t, site, "secret")

	code, text := get(t, srv.URL+"/lessons/single-store.toml")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, text, "[scenario]")
	code, _ = get(t, srv.URL+"/lessons/sales.csv")
	assert.Equal(t, http.StatusOK, code, "a file a lesson names")
	for _, path := range []string{"/lessons/escape.toml", "/lessons/escape.csv", "/lessons/..%2fsecret%2fsecret.toml",
		"/lessons/%2e%2e/secret/secret.toml", "/lessons/../secret/secret.toml", "/../secret/secret.toml", "/lessons/", "/go.mod"} {
		code, body := get(t, srv.URL+path)
		assert.NotEqual(t, http.StatusOK, code, path)
		assert.NotContains(t, body, "secret", path)
	}
}

func TestRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{Hosts: []string{"127.0.0.1", "localhost"}})
	code, _ := get(t, srv.URL+"/")
	assert.Equal(t, http.StatusOK, code)
	req, err := http.NewRequest("GET", srv.URL+"/site.js", nil)
	require.NoError(t, err)
	req.Host = "attacker.example:8080" // a page of another site that renamed itself to 127.0.0.1
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

func TestRunRequests(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{Budget: sim.DefaultBudget()})
	text, err := os.ReadFile("../../scenarios/single-store.toml")
	require.NoError(t, err)
	progress, res := runLines(t, srv.URL, engine.Request{File: "single-store.toml", Text: string(text), Replications: 4,
		Knobs: map[string]any{"stock[shop/kettle].policy.S": 15.0}})
	assert.Equal(t, 4, progress, "one progress line per replication")
	require.Empty(t, res.Problems)
	require.Empty(t, res.Error)
	assert.Equal(t, "15", res.Settings[0].Text)

	// A history the lesson names is read from the directory, not from the request.
	hist, err := os.ReadFile("../../scenarios/sales-history.toml")
	require.NoError(t, err)
	_, res = runLines(t, srv.URL, engine.Request{File: "sales-history.toml", Text: string(hist), Replications: 2,
		Files: map[string]string{"sales.csv": "not a history"}})
	assert.Empty(t, res.Problems)
	assert.NotEmpty(t, res.Stocks)

	// A history outside the directory is refused.
	_, res = runLines(t, srv.URL, engine.Request{File: "sales-history.toml", Text: strings.Replace(string(hist), `"sales.csv"`, `"escape.csv"`, 1), Replications: 2})
	require.NotEmpty(t, res.Problems)
	assert.Contains(t, res.Problems[0].Text, "escape.csv")

	// Too many replications, a knob out of range, a knob that does not exist.
	_, res = runLines(t, srv.URL, engine.Request{File: "single-store.toml", Text: string(text), Replications: 51})
	require.Len(t, res.Problems, 1)
	assert.Contains(t, res.Problems[0].Text, "replications must be 2 to 50")
	_, res = runLines(t, srv.URL, engine.Request{File: "single-store.toml", Text: string(text),
		Knobs: map[string]any{"stock[shop/kettle].policy.S": 99.0, "nope": 1.0}})
	require.Len(t, res.Problems, 2)
	assert.Contains(t, res.Problems[0].Text, "99 is outside its range")
	knobLine := strings.Count(string(text[:strings.Index(string(text), "[[knob]]")]), "\n") + 1
	assert.Equal(t, knobLine, res.Problems[0].Line, "at the [[knob]] table")
	assert.Contains(t, res.Problems[1].Text, `there is no knob "nope"`)
}

func TestRunOverBudget(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{Budget: sim.Budget{MaxEvents: 10_000}})
	text, err := os.ReadFile("../../scenarios/single-store.toml")
	require.NoError(t, err)
	_, res := runLines(t, srv.URL, engine.Request{File: "single-store.toml", Text: string(text)})
	assert.Contains(t, res.Error, "over the budget of 1e+04")
	assert.Empty(t, res.Stocks)
}

func TestBadRequests(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{})
	ctx := context.Background()
	cases := []struct {
		name, path string
		body       any
		code       int
	}{
		{"not a lesson", "/api/run", engine.Request{File: "../secret/secret.toml", Text: "x"}, http.StatusNotFound},
		{"a link out", "/api/validate", validateRequest{File: "escape.toml", Text: "x"}, http.StatusNotFound},
		{"too large", "/api/validate", validateRequest{File: "single-store.toml", Text: strings.Repeat("#", 2<<20)}, http.StatusRequestEntityTooLarge},
		{"not JSON", "/api/run", "[1, 2", http.StatusBadRequest},
	}
	for _, tc := range cases {
		resp := post(t, ctx, srv.URL+tc.path, tc.body)
		resp.Body.Close()
		assert.Equal(t, tc.code, resp.StatusCode, tc.name)
	}
	// Other sites' pages can only send forms and text, never JSON.
	resp, err := http.Post(srv.URL+"/api/run", "text/plain", strings.NewReader(`{"file": "single-store.toml"}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
}

func TestValidateGivesLineAndColumn(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{})
	resp := post(t, context.Background(), srv.URL+"/api/validate", validateRequest{File: "single-store.toml",
		Text: "[scenario]\nname = \"x\"\nhorizon = \"2 years\"\nreplications = 3\n[[sku]\n"})
	defer resp.Body.Close()
	var l engine.Lesson
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&l))
	require.NotEmpty(t, l.Problems)
	assert.Equal(t, 5, l.Problems[0].Line, "%+v", l.Problems)
	assert.Positive(t, l.Problems[0].Col)
}

// TestCancelStopsTheRun: closing the request (the page's Cancel) stops
// the simulation: with one run at a time, the next run starts at once
// instead of waiting for a run that would take minutes.
func TestCancelStopsTheRun(t *testing.T) {
	t.Parallel()
	srv := serve(t, Config{Runs: 1, MaxReplications: 1000})
	text, err := os.ReadFile("../../scenarios/single-store.toml")
	require.NoError(t, err)
	long := strings.Replace(string(text), `horizon = "2y"`, `horizon = "100y"`, 1)
	ctx, cancel := context.WithCancel(context.Background())
	resp := post(t, ctx, srv.URL+"/api/run", engine.Request{File: "single-store.toml", Text: long, Replications: 1000})
	line, err := bufio.NewReader(resp.Body).ReadString('\n') // the first replication is done
	require.NoError(t, err)
	assert.Contains(t, line, "progress")
	cancel()
	resp.Body.Close()

	start := time.Now()
	_, res := runLines(t, srv.URL, engine.Request{File: "single-store.toml", Text: string(text), Replications: 2})
	assert.Empty(t, res.Error)
	assert.NotEmpty(t, res.Stocks)
	assert.Less(t, time.Since(start), 20*time.Second, "the cancelled run went on")
}
