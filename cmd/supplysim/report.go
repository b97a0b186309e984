package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/supplysim/supplysim/reports"
	"github.com/supplysim/supplysim/reports/html"
	"github.com/supplysim/supplysim/sim"
	"github.com/supplysim/supplysim/sim/compare"
)

// writeReport writes the HTML report of a run to path, whole or not at all.
// svg selects ECharts' SVG renderer (crisp when printed, inspectable in
// tests) instead of canvas. A build without the ECharts bundle still
// writes a report, which loads ECharts from the network: that is said on
// stderr, since such a report shows no charts offline.
//
// The report draws the sample path of replication 0 beside the bands:
// run, within run's budget and context, replication 0 once more.
func writeReport(e *env, out *reports.Files, res *sim.Results, meta sim.Meta, path string, svg bool, run sim.Options) error {
	script, bundled := html.DefaultScript()
	opt := html.Options{Script: script, Windows: reportWindows(res)}
	if svg {
		opt.Renderer = "svg"
	}
	if res.Days > 0 {
		paths, err := sim.SamplePath(res.Model, 0, run, html.PathStocks(res, opt))
		if err != nil {
			return err
		}
		opt.Paths = paths
	}
	err := out.Write(path, func(w io.Writer) error { return html.Write(w, res, meta, opt) })
	if err != nil {
		return err
	}
	if !bundled {
		fmt.Fprintf(e.stderr, "supplysim: %s loads ECharts from %s: this build has no bundled copy (run reports/html/assets.sh, then rebuild), so its charts need a network connection\n",
			path, script.URL)
	}
	return nil
}

// defaultReportPath is where `supplysim run FILE` writes its report when
// not told: the scenario file's base name with .html, in the current
// directory ("scenarios/two-echelon.toml" -> "two-echelon.html").
func defaultReportPath(scenarioFile string) string {
	base := filepath.Base(scenarioFile)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if base == "" || base == "." || base == string(filepath.Separator) {
		base = "report"
	}
	return base + ".html"
}

// reportWindows lists the disruption windows of replication 0, which the
// report shades on its time series.
func reportWindows(res *sim.Results) []html.Window {
	var ws []html.Window
	for i, d := range res.Disruptions {
		target := disruptionTarget(res.Model.Disruptions[i])
		for _, w := range d.Windows {
			ws = append(ws, html.Window{Name: d.Name, Start: w.Start, End: w.End, Target: target})
		}
	}
	return ws
}

// disruptionTarget names what a disruption hits, for labels.
func disruptionTarget(d sim.Disruption) string {
	switch {
	case d.Supplier != "":
		return d.Supplier
	case d.From != "":
		return d.From + " -> " + d.To
	case d.Demand != "":
		return d.Demand
	case d.Site != "" && d.SKU != "":
		return d.SKU + " at " + d.Site
	case d.Site != "":
		return d.Site
	case d.SKU != "":
		return d.SKU
	}
	return "all demand"
}

// writeComparisonReport writes the HTML report of a comparison.
func writeComparisonReport(e *env, out *reports.Files, c *compare.Comparison, meta sim.Meta, notes []string, path string) error {
	script, bundled := html.DefaultScript()
	err := out.Write(path, func(w io.Writer) error {
		return html.WriteComparison(w, c, meta, notes, html.Options{Script: script})
	})
	if err == nil && !bundled {
		fmt.Fprintf(e.stderr, "supplysim: %s loads ECharts from %s: this build has no bundled copy\n", path, script.URL)
	}
	return err
}

// writeSweepReport writes the HTML report of a sweep.
func writeSweepReport(e *env, out *reports.Files, s *compare.Sweep, meta sim.Meta, notes []string, path string) error {
	script, bundled := html.DefaultScript()
	err := out.Write(path, func(w io.Writer) error {
		return html.WriteSweep(w, s, meta, notes, html.Options{Script: script})
	})
	if err == nil && !bundled {
		fmt.Fprintf(e.stderr, "supplysim: %s loads ECharts from %s: this build has no bundled copy\n", path, script.URL)
	}
	return err
}
