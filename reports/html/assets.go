package html

import (
	"bytes"
	"embed"
	"io/fs"
	"strings"
)

// EChartsVersion is the ECharts release that reports are written for: the
// exact version pinned in package.json (a test checks they agree).
const EChartsVersion = "6.1.0"

// EChartsURL is where a report loads ECharts from when the bundle was not
// embedded at build time.
const EChartsURL = "https://cdn.jsdelivr.net/npm/echarts@" + EChartsVersion + "/dist/echarts.min.js"

// assets holds what reports/html/assets.sh copied from node_modules, or only the
// committed README when it has not run: the pattern always matches, so the
// package builds either way.
//
//go:embed assets
var assets embed.FS

// Script is how a report gets ECharts: inlined into the page, or loaded
// from URL when Inline is empty.
type Script struct {
	Inline  []byte // the minified bundle
	License []byte // licence notices printed next to the inlined bundle
	Version string // ECharts version, named in the report's footer
	URL     string // used when Inline is empty
}

// Offline reports whether a page with this script works without a network.
func (s Script) Offline() bool { return len(s.Inline) > 0 }

// DefaultScript returns the bundle embedded at build time and true, or,
// when the build had none (reports/html/assets.sh did not run), the network
// script at EChartsURL and false.
func DefaultScript() (Script, bool) {
	js, err := assets.ReadFile("assets/echarts.min.js")
	if err != nil || len(js) == 0 {
		return Script{Version: EChartsVersion, URL: EChartsURL}, false
	}
	s := Script{Inline: js, Version: EChartsVersion}
	if v, err := assets.ReadFile("assets/VERSION"); err == nil {
		s.Version = strings.TrimSpace(string(v))
	}
	s.License = licenses()
	return s, true
}

// licenses joins the licence and notice files copied beside the bundle, in
// a fixed order.
func licenses() []byte {
	var b bytes.Buffer
	for _, name := range []string{"LICENSE", "NOTICE", "LICENSE-zrender", "LICENSE-d3"} {
		data, err := fs.ReadFile(assets, "assets/"+name)
		if err != nil {
			continue
		}
		b.WriteString("==== " + name + " ====\n")
		b.Write(bytes.TrimSpace(data))
		b.WriteString("\n\n")
	}
	return b.Bytes()
}
