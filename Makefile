# syncvet's build, test and lint entry points.
GO ?= go
BIN := bin/syncvet

.PHONY: all build test lint install examples bench clean

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

# Runs syncvet on the bundled examples: exits 3 because they contain the
# mistakes (next to their fixes), and prints what it found.
examples: build
	./$(BIN) ./testdata/... ; test $$? -eq 3

clean:
	rm -rf bin
