//go:build js && wasm

// Command playground-wasm is the playground's engine as WebAssembly, for
// the static site that `supplysim playground --out` writes. It runs in a
// Web Worker (reports/playground/page/worker.js) and gives the page two
// functions, both taking and returning JSON text:
//
//	supplysimRun(request, progress(done, total)) -> Promise of the response
//	supplysimValidate({file, text, files}) -> the lesson as the editor sees it
//
// Both call reports/playground/engine, as the server does, so a lesson
// gives the same numbers in the browser as on the command line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"syscall/js"

	"github.com/supplysim/supplysim/reports/playground/engine"
)

func main() {
	js.Global().Set("supplysimRun", js.FuncOf(run))
	js.Global().Set("supplysimValidate", js.FuncOf(validate))
	select {} // serve calls until the worker ends
}

// run starts a run on its own goroutine and returns a Promise: a Go
// function called from JavaScript must not block.
func run(_ js.Value, args []js.Value) any {
	text, progress := args[0].String(), args[1]
	return js.Global().Get("Promise").New(js.FuncOf(func(_ js.Value, p []js.Value) any {
		resolve := p[0]
		go func() {
			resolve.Invoke(runJSON(text, func(done, total int) { progress.Invoke(done, total) }))
		}()
		return nil
	}))
}

func runJSON(text string, progress func(done, total int)) string {
	var req engine.Request
	if err := json.Unmarshal([]byte(text), &req); err != nil {
		return errorJSON(err)
	}
	// One worker: WebAssembly runs on one thread. Cancelling ends the
	// Web Worker, so no context is needed.
	resp, err := engine.Run(context.Background(), req, engine.Limits{Workers: 1, Progress: progress})
	if err != nil {
		return errorJSON(err)
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return errorJSON(err)
	}
	return string(out)
}

func validate(_ js.Value, args []js.Value) any {
	var req struct {
		File  string            `json:"file"`
		Text  string            `json:"text"`
		Files map[string]string `json:"files"`
	}
	if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
		return errorJSON(err)
	}
	read := func(name string) ([]byte, error) {
		s, ok := req.Files[name]
		if !ok {
			return nil, errors.New("not among the lesson's files")
		}
		return []byte(s), nil
	}
	out, err := json.Marshal(engine.Validate(req.File, req.Text, read))
	if err != nil {
		return errorJSON(err)
	}
	return string(out)
}

func errorJSON(err error) string {
	out, _ := json.Marshal(engine.Response{Error: err.Error()})
	return string(out)
}
