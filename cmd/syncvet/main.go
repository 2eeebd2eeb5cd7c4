// Command syncvet reports concurrency mistakes in Go packages.
//
// Standalone:
//
//	syncvet ./...
//
// As a vet tool:
//
//	go vet -vettool=$(command -v syncvet) ./...
//
// Run "syncvet help" for the list of checks and flags, and
// "syncvet help NAME" for the documentation of one.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/syncvet/syncvet/passes"
)

func main() {
	multichecker.Main(passes.All()...)
}
