# supplysim: `make run` simulates an example scenario, `make test` runs every test.
GO      ?= go
BIN     ?= ./supplysim
EXAMPLE ?= scenarios/two-echelon.toml
GOREF   ?= ../shared/bench/go-ref

.PHONY: build run test bench lint fmt clean

build:
	$(GO) build -o $(BIN) ./cmd/supplysim

run: build
	$(BIN) run $(EXAMPLE)

test: build
	$(GO) vet ./...
	$(GO) test ./...
	$(BIN) validate scenarios/*.toml

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./sim/...
	bench/compare.sh $(GOREF)

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fmt:
	gofmt -w .

clean:
	rm -f $(BIN)
