package playground

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
)

// File is one file of a static site: its path, slash-separated, relative
// to the site's directory.
type File struct {
	Name string
	Data []byte
}

// StaticSite returns the files of a static playground for the lessons of
// dir: the page, site.js (the lessons, their texts and the files they
// name), engine.js (the engine as WebAssembly and its worker, as a script
// so that the site also works from a file share), the ECharts bundle, and
// the lessons under lessons/. It needs the engine and the chart bundle
// embedded at build time (`make build`).
func StaticSite(dir fs.FS, version string, maxReplications int) ([]File, error) {
	wasm, loader, err := engineFiles()
	if err != nil {
		return nil, err
	}
	charts := echarts()
	if charts == nil {
		return nil, fmt.Errorf("the ECharts bundle is not embedded in this supplysim: build it with `make build`")
	}
	ls, err := lessons(dir)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, fmt.Errorf("no lessons (.toml files) to publish")
	}
	if err := withNamed(dir, ls); err != nil {
		return nil, err
	}
	var files []File
	for _, name := range []string{"index.html", "app.js", "app.css"} {
		data, err := pageFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, File{name, data})
	}
	site, err := siteScript(Site{Mode: "static", Version: version, MaxReplications: maxReplications, Lessons: ls})
	if err != nil {
		return nil, err
	}
	eng, err := engineScript(wasm, loader)
	if err != nil {
		return nil, err
	}
	files = append(files, File{"site.js", site}, File{"engine.js", eng}, File{"echarts.min.js", charts},
		File{"README.txt", []byte(siteReadme)})
	for _, l := range ls {
		files = append(files, File{path.Join("lessons", l.File), []byte(l.Text)})
		for _, name := range l.Files {
			files = append(files, File{path.Join("lessons", name), []byte(l.Named[name])})
		}
	}
	return dedupe(files), nil
}

// engineScript is engine.js: the worker's source (Go's loader, then
// worker.js) and the engine, base64-encoded. A script, not a fetch: a
// page opened from a file share may load scripts but not fetch files.
func engineScript(wasm, loader []byte) ([]byte, error) {
	worker, err := pageFile("worker.js")
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(map[string]string{
		"worker": string(loader) + "\n" + string(worker),
		"wasm":   base64.StdEncoding.EncodeToString(wasm),
	})
	if err != nil {
		return nil, err
	}
	return append(append([]byte("self.SUPPLYSIM_ENGINE = "), data...), ";\n"...), nil
}

// dedupe keeps the first of files with the same name: two lessons may
// name the same history.
func dedupe(files []File) []File {
	seen := map[string]bool{}
	out := files[:0]
	for _, f := range files {
		if !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	return out
}

const siteReadme = `supplysim playground: a static site

Open index.html in a browser: the lessons run in the browser itself (the
simulator as WebAssembly), with no server code and nothing to install.
It works from a web server of any kind (copy this directory as it is)
and from a local disk or a file share (double-click index.html).

lessons/ holds the lessons' scenario files, as the page shows them.
See docs/playground.md in supplysim's repository for more.
`
