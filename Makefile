# syncvet's build, test and lint entry points.
GO ?= go
BIN := bin/syncvet

.PHONY: all build test lint install examples bench score golangci-lint clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/syncvet

# The whole test suite: unit tests of every pass and engine, the README's
# table of checks, and the end-to-end runs of the command.
test: build
	$(GO) test ./...
	$(MAKE) lint

# gofmt, go vet and syncvet on its own code.
lint: build
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '/testdata/')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	./$(BIN) ./...

install:
	$(GO) install ./cmd/syncvet

# The bundled examples, one package per mistake: ./testdata/NAME. (The
# pattern ./testdata/... matches nothing: the go command skips directories
# named testdata when it expands "...".)
EXAMPLES := $(patsubst %/,./%,$(sort $(wildcard testdata/*/)))

# Runs syncvet on the bundled examples and prints what it found. It must
# exit with 3, "findings": the examples hold the mistakes (next to their
# fixes).
examples: build
	@echo ./$(BIN) $(EXAMPLES)
	@./$(BIN) $(EXAMPLES); code=$$?; \
	  if [ $$code -ne 3 ]; then echo "syncvet exited with $$code, want 3 (findings)"; exit 1; fi

# A golangci-lint v2 containing syncvet's module plugin, built as
# `golangci-lint custom` builds it (the version, name and destination of
# .custom-gcl.yml: bin/golangci-lint-syncvet) but from the Go module
# proxy's golangci-lint source instead of a git clone, so it needs no
# network but the proxy. Minutes the first time, less than a minute with
# warm caches.
golangci-lint:
	$(GO) run ./scripts/customgcl

clean:
	rm -rf bin

# syncvet against go vet and staticcheck (pinned) on the standard library,
# golang.org/x/tools and nats-server (a large server module), cold, several rounds; writes BENCHMARKS.md.
# Linux only (memory is read from /proc). BENCHFLAGS=-rounds=1 -sets=tools for a quick look.
bench:
	$(GO) run ./bench $(BENCHFLAGS)

# The development scoreboard: syncvet on labelled corpora in GOROOT, found
# and false alarms per check (sharedwrite on the race detector's tests,
# the lock checks on the GoKer kernels, goroutineleak once it exists).
# 10 s with a warm build cache, 2 minutes cold (the race tests build std with
# the race tag). SCOREFLAGS=-v lists the tests and kernels behind each
# figure; SCOREFLAGS=-update rewrites BENCHMARKS.md's scoreboard.
score: build
	$(GO) run ./bench/score $(SCOREFLAGS)
