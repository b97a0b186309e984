package html

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/supplysim/supplysim/sim"
)

// BenchmarkReportLarge writes the report of a 2,020-stock-point network
// (a DC and 2,019 stores, 500 days, 8 replications): the time per report
// and, as bytes/report, its size. The budget: under 5 MB.
//
//	go test -run '^$' -bench Report -benchtime 3x ./reports/html
func BenchmarkReportLarge(b *testing.B) {
	m := fakeModel(2019)
	res := fakeResults(b, m, 500)
	script, _ := DefaultScript()
	opt := Options{Script: script}
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, res, fakeMeta, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/report")
	b.ReportMetric(float64(buf.Len())/1e6, "MB/report")
}

// BenchmarkReportSmall is the same for a four-stock-point network.
func BenchmarkReportSmall(b *testing.B) {
	m := fakeModel(3)
	res := fakeResults(b, m, 365)
	script, _ := DefaultScript()
	opt := Options{Script: script}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, res, fakeMeta, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1e6, "MB/report")
}

// BenchmarkBrowserLoad opens reports in headless Chromium and reports the
// median time until each is drawn (see readyMillis) as ready-ms: "small"
// is a four-stock-point network over a year, "large" 2,020 stock points
// over 500 days. Set REPORT_LOAD_PAGES to a list of report files
// (separated like PATH) to measure those too. The budget for a
// 2,000-stock-point report: under 2 s.
//
//	go test -run '^$' -bench BrowserLoad -benchtime 5x ./reports/html
func BenchmarkBrowserLoad(b *testing.B) {
	chromium := browserPrerequisites(b)
	dir := b.TempDir()
	script, _ := DefaultScript()
	write := func(name string, m *sim.Model, days int) string {
		path := filepath.Join(dir, name+".html")
		var buf bytes.Buffer
		if err := Write(&buf, fakeResults(b, m, days), fakeMeta, Options{Script: script}); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		return path
	}
	small := fakeModel(3)
	small.Horizon = 365
	large := fakeModel(2019)
	large.Horizon = 500
	pages := [][2]string{{"small", write("small", small, 365)}, {"large", write("large", large, 500)}}
	for _, p := range filepath.SplitList(os.Getenv("REPORT_LOAD_PAGES")) {
		pages = append(pages, [2]string{filepath.Base(p), p})
	}
	for _, p := range pages {
		b.Run(p[0], func(b *testing.B) {
			var ms []float64
			for b.Loop() {
				ms = append(ms, readyMillis(b, chromium, dir, p[1]))
			}
			slices.Sort(ms)
			b.Logf("%s: ready after %v ms", p[0], ms)
			b.ReportMetric(ms[len(ms)/2], "ready-ms")
		})
	}
}
