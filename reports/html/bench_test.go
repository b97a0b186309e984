package html

import (
	"bytes"
	"testing"
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
