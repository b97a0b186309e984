# supplysim: `make run` simulates an example scenario, `make test` runs every test.
GO      ?= go
BIN     ?= ./supplysim
EXAMPLE ?= scenarios/two-echelon.toml
GOREF   ?= ../shared/bench/go-ref
FUZZTIME ?= 60s

.PHONY: assets wasm build run test bench fuzz pgo lint fmt clean

# The ECharts bundle that reports inline, at the version package-lock.json pins.
assets:
	sh reports/html/assets.sh

# The playground's engine as WebAssembly, and Go's loader for it (from the
# same Go release), which supplysim embeds for `supplysim playground --out`.
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -o reports/playground/assets/engine.wasm ./cmd/playground-wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" reports/playground/assets/wasm_exec.js

build: assets wasm
	$(GO) build -o $(BIN) ./cmd/supplysim

run: build
	mkdir -p out
	$(BIN) run $(EXAMPLE) -o out/report.html

test: build
	$(GO) vet ./...
	$(BIN) validate scenarios/*.toml
	$(BIN) check scenarios/*.toml
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./sim/...
	cmd/benchref/compare.sh $(GOREF)
	N=10000 REPS=3 cmd/benchref/compare.sh $(GOREF)

# Fuzz the scenario decoder and the history reader, then the whole
# pipeline (load, validate, a budgeted run, every output) on random files
# and on random numbers, each for FUZZTIME. Interesting inputs stay in the Go build cache; commit a
# crasher as a corpus entry under the package's testdata/fuzz.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./sim/scenario
	$(GO) test -run '^$$' -fuzz '^FuzzHistory$$' -fuzztime $(FUZZTIME) ./sim/scenario
	$(GO) test -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./cmd/supplysim
	$(GO) test -run '^$$' -fuzz '^FuzzPipelineNumbers$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./cmd/supplysim

# Profile-guided optimisation: refresh the CPU profiles the Go compiler
# uses for the command and the benchmark harness (default.pgo beside main).
pgo:
	$(GO) test -run '^$$' -bench Reference -benchtime 4x -cpuprofile cmd/supplysim/default.pgo -o /dev/null ./sim
	cp cmd/supplysim/default.pgo cmd/benchref/default.pgo

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fmt:
	gofmt -w .

clean:
	rm -rf $(BIN) out reports/html/node_modules reports/playground/assets/engine.wasm reports/playground/assets/wasm_exec.js
