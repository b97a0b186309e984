package playground

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supplysim/supplysim/sim"
)

// TestBrowserServed opens the served playground in headless Chromium, at a
// phone's width and at a projector's 1280 x 720: it runs a lesson, turns a
// knob, and sees the numbers, the paired difference and the charts change,
// with nothing written to the console. Screenshots go to
// PLAYGROUND_SCREENSHOT_DIR when it is set.
func TestBrowserServed(t *testing.T) {
	chromium := browserOrSkip(t)
	root, err := os.OpenRoot("../../scenarios")
	require.NoError(t, err)
	defer root.Close()
	srv := httptest.NewServer(NewHandler(Config{Lessons: root.FS(), Version: "test",
		Budget: sim.DefaultBudget(), MaxReplications: 200}))
	defer srv.Close()
	browse(t, chromium, "served", srv.URL+"/", projector, phone)
}

// TestBrowserStatic does the same with the static site, run by the engine
// as WebAssembly in a Web Worker: from a web server and from the disk
// (file://, as from a file share).
func TestBrowserStatic(t *testing.T) {
	chromium := browserOrSkip(t)
	if _, _, err := engineFiles(); err != nil {
		missing(t, "the engine is not embedded: run make build")
	}
	files, err := StaticSite(os.DirFS("../../scenarios"), "test", 200)
	require.NoError(t, err)
	dir := t.TempDir()
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, f.Data, 0o644))
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	browse(t, chromium, "static", srv.URL+"/index.html", projector)
	browse(t, chromium, "file", "file://"+filepath.Join(dir, "index.html"), phone)
}

// Window sizes: a projector's, and a phone's width.
var projector, phone = [2]int64{1280, 720}, [2]int64{400, 860}

// browse runs the classroom's loop at the given window sizes.
func browse(t *testing.T, chromium, name, url string, sizes ...[2]int64) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx, cancel = chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	for _, size := range sizes {
		tab, cancel := chromedp.NewContext(ctx)
		console := collectConsole(t, tab)
		shot := fmt.Sprintf("%s-%dx%d", name, size[0], size[1])
		classroom(t, tab, url, size, shot)
		cancel()
		for _, m := range console() {
			t.Errorf("%s: console %s", shot, m)
		}
	}
}

// classroom opens single-store, runs it, moves S from 12 to 17, and checks
// what changed.
func classroom(t *testing.T, ctx context.Context, url string, size [2]int64, shot string) {
	t.Helper()
	done := `!document.body.classList.contains("running") && document.querySelector("#cards .card") !== null`
	card := `document.querySelector('[data-kpi="network.fill_rate"] .card-value').textContent`
	chart := `document.querySelector("#chart-onhand svg") ? document.querySelector("#chart-onhand svg").innerHTML : ""`
	require.NoError(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(size[0], size[1]),
		chromedp.Navigate(url+"#lesson=single-store.toml"),
		chromedp.WaitVisible("#run"),
	), shot)
	// The lesson runs as it stands when it opens.
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](done, chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, shot+": the lesson did not run on opening")
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue("#reps", "6"), chromedp.Click("#run")), shot)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](done+` && /^6 replications/.test(document.querySelector(".run-line").textContent)`, chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, shot+": the first run did not finish")
	before := eval[string](t, ctx, card)
	chartBefore := eval[string](t, ctx, chart)
	assert.Contains(t, before, "%", shot)
	assert.Contains(t, chartBefore, "<path", shot+": the chart drew nothing")
	assert.Zero(t, eval[int](t, ctx, `document.querySelectorAll(".effects li").length`), shot+": nothing to compare with yet")

	// Turn S to 17, as dragging the slider does: the page runs on release.
	eval[bool](t, ctx, `(function () {
		var k = document.querySelector('[data-knob="stock[shop/kettle].policy.S"]');
		k.value = 17;
		k.dispatchEvent(new Event("input"));
		k.dispatchEvent(new Event("change"));
		return true;
	})()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](done+` && document.querySelectorAll(".effects li").length > 0`, chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, shot+": the second run did not finish")
	after := eval[string](t, ctx, card)
	assert.NotEqual(t, before, after, shot+": the fill rate did not move")
	assert.NotEqual(t, chartBefore, eval[string](t, ctx, chart), shot+": the chart did not change")
	assert.Contains(t, eval[string](t, ctx, `document.querySelector("#summary").textContent`), "Order-up-to level S (kettles) 12 → 17:", shot)
	assert.Contains(t, eval[string](t, ctx, `document.querySelector(".effects").textContent`), "fill rate rose by", shot)
	assert.Equal(t, "better", eval[string](t, ctx, `document.querySelector('[data-kpi="network.fill_rate"] .change').classList[1]`), shot)
	assert.Contains(t, eval[string](t, ctx, `document.querySelector("#chart-onhand").textContent`), "previous", shot+": the previous run's line")
	// The page fits the window: nothing wider than it.
	assert.LessOrEqual(t, eval[int](t, ctx, `document.documentElement.scrollWidth`), int(size[0]), shot+": the page is wider than the window")
	screenshot(t, ctx, shot)

	// An error typed into the editor shows at its line and column.
	eval[bool](t, ctx, `(function () {
		document.querySelector("#editor").open = true;
		var ta = document.querySelector("#text");
		ta.value = ta.value.replace('horizon = "2y"', 'horizon = "2 years"');
		ta.dispatchEvent(new Event("input"));
		return true;
	})()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#problems .problem") !== null`, chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, shot+": the editor showed no error")
	problem := eval[string](t, ctx, `document.querySelector("#problems .problem").textContent`)
	assert.Contains(t, problem, "line 16:", shot)
	assert.Contains(t, problem, "horizon", shot)
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#gutter .bad").length`), shot)

	// A long run shows its progress and stops on Cancel; the next run works.
	eval[bool](t, ctx, `(function () {
		var ta = document.querySelector("#text");
		ta.value = ta.value.replace('horizon = "2 years"', 'horizon = "60y"');
		ta.dispatchEvent(new Event("input"));
		document.querySelector("#reps").value = 200;
		document.querySelector("#run").click();
		return true;
	})()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`/Replication [1-9]/.test(document.querySelector("#progress-text").textContent)`, chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, shot+": no progress shown")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click("#cancel")), shot)
	assert.Equal(t, "Cancelled.", eval[string](t, ctx, `document.querySelector("#progress-text").textContent`), shot)
	assert.False(t, eval[bool](t, ctx, `document.querySelector("#run").disabled`), shot)
	eval[bool](t, ctx, `(function () {
		document.querySelector("#reps").value = 3;
		document.querySelector("#run").click();
		return true;
	})()`)
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](done+` && /^3 replications/.test(document.querySelector(".run-line").textContent)`, chromedp.WithPollingTimeout(60*time.Second)))
	require.NoError(t, err, shot+": no run after a cancelled one")
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	return v
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PLAYGROUND_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
	full, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+"-full.jpg"), full, 0o644))
}

// collectConsole gathers what the page writes to the console (errors and
// warnings) until the tab closes; the returned func lists them.
func collectConsole(t *testing.T, ctx context.Context) func() []string {
	var mu sync.Mutex
	var got []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
				mu.Lock()
				got = append(got, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

// browserOrSkip returns Chromium's path, or skips (fails when CI is set).
func browserOrSkip(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			if echarts() == nil {
				missing(t, "the ECharts bundle is not embedded: run make build")
			}
			return p
		}
	}
	missing(t, "chromium is not installed (apt-get install chromium)")
	return ""
}

func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why + " (CI is set)")
	}
	t.Skip(why)
}
