package html

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// probe is put first into a copy of a page: it records errors and console
// errors from the start, and once the charts are drawn it writes into the
// body's data-probe attribute what went wrong and every element whose
// right edge passes the viewport's, outside a horizontal scroller (a wide
// table scrolls inside its box: that is allowed) and a chart (sized to
// its box by ECharts).
const probe = `<script>
(function () {
  var errors = [];
  window.addEventListener("error", function (e) { errors.push("error: " + e.message); });
  var ce = console.error;
  console.error = function () { errors.push("console.error: " + Array.prototype.join.call(arguments, " ")); ce.apply(console, arguments); };
  window.addEventListener("load", function () {
    setTimeout(function () {
      var vw = document.documentElement.clientWidth, wide = [];
      document.querySelectorAll("body *").forEach(function (el) {
        if (el.closest(".scroll") || el.closest(".chart") || el.tagName === "SCRIPT") { return; }
        var r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > vw + 1) {
          wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className : "") +
            " right=" + Math.round(r.right) + ": " + (el.textContent || "").slice(0, 60));
        }
      });
      var scrollW = document.documentElement.scrollWidth;
      var result = JSON.stringify({errors: errors, wide: wide.slice(0, 10), viewport: vw, scroll: scrollW});
      if (window.parent !== window) { window.parent.postMessage(result, "*"); }
      else { document.body.setAttribute("data-probe", result); }
    }, 500);
  });
})();
</script>`

type probeResult struct {
	Errors   []string `json:"errors"`
	Wide     []string `json:"wide"`
	Viewport int      `json:"viewport"`
	Scroll   int      `json:"scroll"`
}

// narrowFrame shows a page in a frame of the given width: headless
// Chromium's windows are at least 500 pixels wide.
func narrowFrame(page string, width int) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><style>body{margin:0}iframe{border:0;display:block}</style></head><body>
<iframe src="%s" width="%d" height="2400"></iframe>
<script>window.addEventListener("message", function (e) { document.body.setAttribute("data-probe", e.data); });</script>
</body></html>`, filepath.Base(page), width)
}

// TestBrowserLayout opens the run report (with overlapping labelled
// windows), a large network's report, and the compare and sweep pages at
// 1,400 and 400 pixels wide, and checks that nothing is wider than the
// viewport, that the page does not scroll sideways, and that no script
// error or console error happened. Screenshots go to
// REPORT_SCREENSHOT_DIR when set.
func TestBrowserLayout(t *testing.T) {
	t.Parallel()
	chromium := browserPrerequisites(t)
	script, _ := DefaultScript()
	dir := t.TempDir()
	opt := Options{Script: script}

	write := func(name string, fn func(*bytes.Buffer) error) string {
		var b bytes.Buffer
		require.NoError(t, fn(&b))
		// Every chart drawn, as for printing: charts are otherwise drawn
		// only as they come into view.
		page := b.String()
		end := strings.LastIndex(page, "</body>")
		page = strings.Replace(page[:end], "<head>", "<head>"+probe, 1) + drawAll + page[end:]
		path := filepath.Join(dir, name+".html")
		require.NoError(t, os.WriteFile(path, []byte(page), 0o644))
		return path
	}
	m := fakeModel(3)
	m.Stocks[0].At = "re-c/tee-basic-with-a-long-site-name"
	res := fakeResults(t, m, 200)
	windowed := opt
	windowed.Paths = fakePaths(200, 0, 1, 2, 3, 4)
	windowed.Windows = []Window{{Name: "planned maintenance", Start: 3, End: 4, Target: "dc"},
		{Name: "conveyor breakdown", Start: 5, End: 9, Target: "dc"}}
	pages := map[string]string{
		"run": write("run", func(b *bytes.Buffer) error { return Write(b, res, fakeMeta, windowed) }),
		"large": write("large", func(b *bytes.Buffer) error {
			lm := fakeModel(40)
			large := opt
			large.Paths = fakePaths(200, 5, 11)
			return Write(b, fakeResults(t, lm, 200), fakeMeta, large)
		}),
		"compare": write("compare", func(b *bytes.Buffer) error { return WriteComparison(b, fakeComparison(t), fakeMeta, nil, opt) }),
		"sweep":   write("sweep", func(b *bytes.Buffer) error { return WriteSweep(b, fakeSweep(t), fakeMeta, nil, opt) }),
	}
	shots := os.Getenv("REPORT_SCREENSHOT_DIR")
	for _, name := range []string{"run", "large", "compare", "sweep"} {
		for _, width := range []string{"1400", "400"} {
			args := []string{"--window-size=" + width + ",2400", "--hide-scrollbars", "--dump-dom"}
			if shots != "" {
				args = append(args, "--screenshot="+filepath.Join(shots, name+"-"+width+".png"))
			}
			target := pages[name]
			if width == "400" {
				args[0] = "--window-size=500,2400"
				target = strings.TrimSuffix(target, ".html") + "-400.html"
				require.NoError(t, os.WriteFile(target, []byte(narrowFrame(pages[name], 400)), 0o644))
			}
			dom := runChromium(t, chromium, dir, append(args, "file://"+target)...)
			got := regexp.MustCompile(`data-probe="([^"]*)"`).FindSubmatch(dom)
			if !assert.NotNil(t, got, "%s at %s px: the probe did not run", name, width) {
				continue
			}
			var r probeResult
			require.NoError(t, json.Unmarshal([]byte(html.UnescapeString(string(got[1]))), &r))
			t.Logf("%s at %s px: %+v", name, width, r)
			assert.Empty(t, r.Errors, "%s at %s px: errors", name, width)
			assert.Empty(t, r.Wide, "%s at %s px: wider than the viewport (%d px)", name, width, r.Viewport)
			assert.LessOrEqual(t, r.Scroll, r.Viewport, "%s at %s px: the page scrolls sideways", name, width)
		}
	}
}
