// Command syncvet reports concurrency mistakes in Go packages.
//
// Standalone:
//
//	syncvet ./...
//	syncvet -format=sarif ./... > syncvet.sarif
//	syncvet -new-from-rev=origin/main ./...
//
// As a vet tool:
//
//	go vet -vettool=$(command -v syncvet) ./...
//
// Besides syncvet's own checks, it runs go vet's and staticcheck's
// concurrency checks (see bundled.go; -bundled=false turns them off), and
// honours //syncvet:ignore CHECK REASON comments.
//
// Run "syncvet help" for the list of checks and flags, and
// "syncvet help NAME" for the documentation of one.
package main

import (
	"flag"
	"log"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("syncvet: ")
	if vetProtocol(os.Args[1:]) {
		vetMain()
		return
	}
	os.Exit(standalone(os.Args[1:], os.Stdout, os.Stderr))
}

// vetProtocol reports whether the command line is one that go vet (or
// go fix -fixtool) sends to a vet tool: a single *.cfg file describing one
// package, or the -V=full and -flags queries.
func vetProtocol(args []string) bool {
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		return true
	}
	for _, arg := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && (name == "V" || name == "flags") {
			return true
		}
	}
	return false
}

// vetMain serves the go vet protocol through x/tools' unitchecker. The
// analyzers are fixed before the flags are parsed, so -bundled acts at
// run time (see ignore.SkipIf).
func vetMain() {
	bundledOn := flag.Bool("bundled", true, "also run go vet's and staticcheck's concurrency checks")
	s := newSuite(func() bool { return !*bundledOn })
	unitchecker.Main(append(s.filtered(), s.checker(s.filtered()))...)
}
