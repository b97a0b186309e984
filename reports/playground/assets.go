package playground

import (
	"embed"
	"errors"
	"io/fs"

	"github.com/supplysim/supplysim/reports/html"
)

// page holds the playground's own page: HTML, CSS and JavaScript, the
// same for the served app and the static site.
//
//go:embed page
var page embed.FS

// assets holds what `make build` put in assets/ (the engine as
// WebAssembly and Go's loader for it), or only the committed README: the
// pattern always matches, so the package builds either way.
//
//go:embed assets
var assets embed.FS

// errNoEngine is why a static site cannot be written.
var errNoEngine = errors.New("the engine's WebAssembly build is not embedded in this supplysim: build it with `make build` " +
	"(it writes reports/playground/assets/engine.wasm and wasm_exec.js, then builds supplysim with them)")

// engineFiles returns the embedded engine.wasm and wasm_exec.js.
func engineFiles() (wasm, loader []byte, err error) { return engineIn(assets) }

func engineIn(fsys fs.FS) (wasm, loader []byte, err error) {
	wasm, err1 := fs.ReadFile(fsys, "assets/engine.wasm")
	loader, err2 := fs.ReadFile(fsys, "assets/wasm_exec.js")
	if err1 != nil || err2 != nil || len(wasm) == 0 || len(loader) == 0 {
		return nil, nil, errNoEngine
	}
	return wasm, loader, nil
}

// pageFile returns one of the page's files.
func pageFile(name string) ([]byte, error) { return fs.ReadFile(page, "page/"+name) }

// echarts returns the ECharts bundle that reports inline, or nil when the
// build had none (the page then shows numbers without charts).
func echarts() []byte {
	s, ok := html.DefaultScript()
	if !ok {
		return nil
	}
	return s.Inline
}
