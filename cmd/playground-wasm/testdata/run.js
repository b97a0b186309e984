// Runs the engine as WebAssembly under Node.js, as the static site's worker
// does in a browser: one request (JSON) on standard input, the response
// (JSON) on standard output. cmd/supplysim's tests compare its numbers
// with the command line's.
//
// usage: node run.js WASM_EXEC_JS ENGINE_WASM < request.json
"use strict";
const fs = require("fs");
globalThis.crypto ??= require("crypto").webcrypto;
require(require("path").resolve(process.argv[2])); // defines Go

const go = new Go();
WebAssembly.instantiate(fs.readFileSync(process.argv[3]), go.importObject).then((r) => {
  go.run(r.instance); // returns when the program ends, which it never does
  return globalThis.supplysimRun(fs.readFileSync(0, "utf8"), () => {});
}).then((out) => {
  process.stdout.write(out);
  process.exit(0);
}, (err) => {
  console.error(err);
  process.exit(1);
});
