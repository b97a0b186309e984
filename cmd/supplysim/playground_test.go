package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/reports/playground/engine"
)

// TestWasmSameNumbersAsCommandLine runs lessons with the engine built as
// WebAssembly (what `make build` embeds for the static site) under Node.js,
// and checks that every replication's key results are the command line's,
// bit for bit, for the same scenario, knob values and seed.
//
// It skips when node or the built engine is missing, unless CI is set.
func TestWasmSameNumbersAsCommandLine(t *testing.T) {
	t.Parallel()
	node, wasm, loader := wasmPrerequisites(t)
	cases := []struct {
		file  string
		knobs map[string]any
		set   []string
		seed  uint64
		reps  int
		files []string // the files the lesson names
	}{
		{"single-store.toml", map[string]any{"stock[shop/kettle].policy.S": 17.0, "supplier[wholesaler].lead_time": 7.0},
			[]string{"stock[shop/kettle].policy.S=17", "supplier[wholesaler].lead_time=7"}, 5, 4, nil},
		{"sales-history.toml", nil, nil, 3, 3, []string{"sales.csv"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("../../scenarios", tc.file)
			text, err := os.ReadFile(path)
			require.NoError(t, err)
			req := engine.Request{File: tc.file, Text: string(text), Knobs: tc.knobs, Seed: &tc.seed, Replications: tc.reps,
				Files: map[string]string{}}
			for _, name := range tc.files {
				data, err := os.ReadFile(filepath.Join("../../scenarios", name))
				require.NoError(t, err)
				req.Files[name] = string(data)
			}
			body, err := json.Marshal(req)
			require.NoError(t, err)
			cmd := exec.Command(node, "../playground-wasm/testdata/run.js", loader, wasm)
			cmd.Stdin = bytes.NewReader(body)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			require.NoError(t, err, stderr.String())
			var resp engine.Response
			require.NoError(t, json.Unmarshal(out, &resp))
			require.Empty(t, resp.Problems)
			require.Empty(t, resp.Error)

			args := []string{"run", path, "--seed", jsonNumber(tc.seed), "--reps", jsonNumber(uint64(tc.reps)), "--json", "-", "--no-report"}
			for _, s := range tc.set {
				args = append(args, "--set", s)
			}
			code, stdout, stderrCLI := supplysim(t, args...)
			require.Equal(t, exitOK, code, stderrCLI)
			var cli struct {
				Stock []map[string]json.RawMessage `json:"stock"`
			}
			require.NoError(t, json.Unmarshal([]byte(stdout), &cli))
			compared := 0
			for _, s := range cli.Stock {
				var at, sku string
				require.NoError(t, json.Unmarshal(s["at"], &at))
				require.NoError(t, json.Unmarshal(s["sku"], &sku))
				for _, metric := range []string{"fill_rate", "backorder_rate", "lost_rate", "cycle_service_level", "avg_on_hand", "cost_total"} {
					var m struct {
						Values []engine.Num `json:"values"`
					}
					require.NoError(t, json.Unmarshal(s[metric], &m))
					got, ok := resp.Pairing.Values[at+"/"+sku+"."+metric]
					require.True(t, ok, "%s/%s.%s", at, sku, metric)
					assert.Equal(t, marshal(t, m.Values), marshal(t, got), "%s/%s %s", at, sku, metric)
					compared++
				}
			}
			assert.Positive(t, compared)
		})
	}
}

func jsonNumber(x uint64) string { return string(must(json.Marshal(x))) }

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return string(data)
}

// wasmPrerequisites returns node and the built engine and loader, or skips
// (fails when CI is set).
func wasmPrerequisites(t *testing.T) (node, wasm, loader string) {
	t.Helper()
	missing := func(why string) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatal(why + " (CI is set)")
		}
		t.Skip(why)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	wasm, loader = "../../reports/playground/assets/engine.wasm", "../../reports/playground/assets/wasm_exec.js"
	for _, f := range []string{wasm, loader} {
		if _, err := os.Stat(f); err != nil {
			missing("the engine's WebAssembly build is missing: run make build")
		}
	}
	return node, wasm, loader
}

func TestListenAddr(t *testing.T) {
	t.Parallel()
	cases := []struct {
		listen string
		port   int
		public bool
		addr   string
		open   bool   // any host name may be asked for
		err    string // a usage error
	}{
		{"", 8080, false, "127.0.0.1:8080", false, ""},
		{"", 0, false, "127.0.0.1:0", false, ""},
		{"", 8080, true, ":8080", true, ""},
		{"", 70000, false, "", false, "--port must be 0 to 65535"},
		{"localhost:9000", 8080, false, "localhost:9000", false, ""},
		{"[::1]:9000", 8080, false, "[::1]:9000", false, ""},
		{"0.0.0.0:9000", 8080, false, "", false, "add --public"},
		{"192.168.1.5:9000", 8080, true, "192.168.1.5:9000", true, ""},
		{"nonsense", 8080, false, "", false, "--listen wants host:port"},
	}
	for _, tc := range cases {
		addr, hosts, err := listenAddr(tc.listen, tc.port, tc.public)
		if tc.err != "" {
			var u usageError
			require.ErrorAs(t, err, &u, tc.listen)
			assert.Contains(t, err.Error(), tc.err)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tc.addr, addr)
		assert.Equal(t, tc.open, hosts == nil, tc.listen)
	}
}

// syncBuffer is a buffer that a command writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts `supplysim serve --port 0` in-process, reads the URL it
// prints, fetches the page, and stops it as Ctrl-C does.
func TestServe(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, &env{stdout: &out, stderr: &errOut}, []string{"serve", "--port", "0", "../../scenarios"})
	}()
	var url string
	require.Eventually(t, func() bool {
		url = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String())
		return url != ""
	}, 10*time.Second, 10*time.Millisecond, errOut.String())
	resp, err := http.Get(url + "site.js")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `"mode":"served"`)
	assert.Contains(t, string(body), `"file":"single-store.toml"`)
	cancel()
	assert.Equal(t, exitOK, <-done, errOut.String())
	assert.Contains(t, out.String(), "stopped")

	code, _, stderr := supplysim(t, "serve", "--listen", "0.0.0.0:0", "../../scenarios")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "add --public")
	code, _, stderr = supplysim(t, "serve", "--port", "0", "no-such-dir")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "cannot open the lessons' directory no-such-dir")
}

func TestPlaygroundOut(t *testing.T) {
	t.Parallel()
	code, _, stderr := supplysim(t, "playground", "../../scenarios")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "playground needs --out DIR")
	if _, err := os.Stat("../../reports/playground/assets/engine.wasm"); err != nil {
		t.Skip("the engine is not built: run make build")
	}
	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := supplysim(t, "playground", "--out", out, "../../scenarios")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "wrote the playground to "+out)
	for _, name := range []string{"index.html", "site.js", "engine.js", "echarts.min.js", "lessons/single-store.toml", "lessons/sales.csv"} {
		fi, err := os.Stat(filepath.Join(out, name))
		if assert.NoError(t, err, name) {
			assert.Positive(t, fi.Size(), name)
		}
	}
}
