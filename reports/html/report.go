// Package html renders results as self-contained HTML pages that a planner
// can forward and a trainer can project: a run (its identity, KPIs with
// confidence intervals, charts, theory beside simulation, how each policy
// was sized, and a glossary), a comparison of variants, and a sweep.
//
// Charts are drawn by Apache ECharts from options built with go-echarts
// (this package is the only importer of go-echarts). The ECharts bundle is
// inlined when the build embedded it (see reports/html/assets.sh), else loaded
// from the network. The same results and options always give the same
// bytes: fixed chart ids, no animation, no dates, stable order. The package
// writes only to the io.Writer it is given, and computes nothing that a
// terminal or JSON reader would miss: numbers come from the sim packages.
package html

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/supplysim/supplysim/sim"
)

// Options control a report. The zero value gives a canvas-rendered report
// with the embedded bundle (or the network script when there is none).
type Options struct {
	// Script is how the page gets ECharts. The zero value means
	// DefaultScript().
	Script Script
	// Renderer is "canvas" (the default) or "svg". SVG puts every mark in
	// the DOM, which tests inspect, and prints sharply.
	Renderer string
	// Windows are stretches of time to shade and label on the time-series
	// charts, such as disruptions.
	Windows []Window
	// MaxPoints caps the points per time series; longer series are
	// averaged into buckets of whole days. 0 means 400.
	MaxPoints int
	// SmallMultiples is the largest network drawn as one time-series chart
	// per stock point; larger ones get a single chart with a selector.
	// 0 means 12.
	SmallMultiples int
	// Paths are sample paths of replication PathRep (see sim.SamplePath
	// and PathStocks), drawn beside the bands; none: no sample paths.
	Paths   []sim.Path
	PathRep int
}

// Window is a named stretch of simulated time, such as a disruption.
type Window struct {
	Name       string
	Start, End float64 // days from the start of the run; End >= Start
	Target     string  // what it hits (a site, SKU, supplier or lane), shown beside the name; may be empty
}

func (o Options) withDefaults() (Options, error) {
	if o.Script.URL == "" && !o.Script.Offline() {
		o.Script, _ = DefaultScript()
	}
	switch o.Renderer {
	case "":
		o.Renderer = "canvas"
	case "canvas", "svg":
	default:
		return o, fmt.Errorf("reports: unknown renderer %q (want canvas or svg)", o.Renderer)
	}
	if o.MaxPoints <= 0 {
		o.MaxPoints = 400
	}
	if o.SmallMultiples <= 0 {
		o.SmallMultiples = 12
	}
	for _, w := range o.Windows {
		if math.IsNaN(w.Start) || math.IsNaN(w.End) || w.End < w.Start {
			return o, fmt.Errorf("reports: window %q: end %g is before start %g", w.Name, w.End, w.Start)
		}
	}
	return o, nil
}

// Write renders the report of a run to w. meta names the program version
// and the scenario file; the run date is left out so that the same run
// gives the same bytes.
func Write(w io.Writer, res *sim.Results, meta sim.Meta, opt Options) error {
	if res == nil || res.Model == nil {
		return errors.New("reports: no results")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return err
	}
	p := build(res, meta, opt)
	// The page streams out rather than being held whole: a large
	// network's page is megabytes. A failed page is a partial file, which
	// the caller discards with its other outputs.
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate().Execute(bw, p); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	return bw.Flush()
}

//go:embed page.html
var pageHTML string

func pageTemplate() *template.Template {
	return template.Must(template.New("page").Parse(pageHTML))
}

// scriptEnd matches what would end or confuse a script element early.
var scriptEnd = regexp.MustCompile(`(?i)</script|<!--`)

// safeScript makes text safe inside a <script> element: "</script" becomes
// "<\/script", which means the same in JavaScript strings and regexps.
func safeScript(b []byte) template.JS {
	return template.JS(scriptEnd.ReplaceAllStringFunc(string(b), func(m string) string {
		return m[:1] + `\` + m[1:]
	}))
}

// licenseComment wraps licence text in a JavaScript comment.
func licenseComment(b []byte) template.JS {
	if len(b) == 0 {
		return ""
	}
	text := strings.ReplaceAll(string(b), "*/", "* /")
	return safeScript([]byte("/*! Licence notices of the ECharts bundle inlined below.\n\n" + text + "*/\n"))
}

// chartData serialises the chart specs for the page's script, one chart
// per line so that golden-file diffs stay readable. json.Marshal escapes
// <, > and &, so scenario text cannot end the script element.
func chartData(specs []chartSpec) template.JS {
	var b strings.Builder
	b.WriteString("[\n")
	for i, s := range specs {
		j, err := json.Marshal(s)
		if err != nil {
			panic("reports: chart spec does not marshal: " + err.Error())
		}
		b.Write(j)
		if i < len(specs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]")
	return template.JS(b.String())
}
