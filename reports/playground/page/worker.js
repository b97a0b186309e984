// The static site's engine worker. It runs after Go's wasm_exec.js in the
// same script (the page joins the two into one Blob, so that it works from
// a file share too): the engine as WebAssembly, off the page's thread.
//
// Messages in: {init: bytes of engine.wasm}, then {id, run: Request} or
// {id, validate: {file, text, files}}. Out: {id, progress: {done, total}},
// {id, result: Response}, {id, lesson: Lesson} or {id, error: text}.
"use strict";
var ready = null;
self.onmessage = function (e) {
  var m = e.data;
  if (m.init) {
    var go = new Go();
    // go.run returns once the program ends, which it never does; the
    // engine's functions exist as soon as it has started.
    ready = WebAssembly.instantiate(m.init, go.importObject).then(function (r) { go.run(r.instance); });
    return;
  }
  ready.then(function () { handle(m); }, function (err) { self.postMessage({ id: m.id, error: "the engine did not start: " + err }); });
};

function handle(m) {
  if (m.validate) {
    self.postMessage({ id: m.id, lesson: JSON.parse(self.supplysimValidate(JSON.stringify(m.validate))) });
    return;
  }
  self.supplysimRun(JSON.stringify(m.run), function (done, total) {
    self.postMessage({ id: m.id, progress: { done: done, total: total } });
  }).then(function (out) {
    self.postMessage({ id: m.id, result: JSON.parse(out) });
  });
}
