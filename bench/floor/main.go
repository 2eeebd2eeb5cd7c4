// Command floor is the benchmark's floor: the standalone driver's work
// with no pass but buildssa. It loads packages as cmd/syncvet does when
// its passes use facts (every dependency from source, tests included) and
// runs x/tools' checker with a single analyzer that builds SSA and
// reports nothing, so that "syncvet time / floor time" is what the
// passes and engines themselves cost.
package main

import (
	"fmt"
	"os"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/unitchecker"
	"golang.org/x/tools/go/packages"
)

// ssaOnly requires buildssa and does nothing else. It declares a fact
// type so that the checker runs it (and buildssa) on every dependency,
// as it does for syncvet's fact-using engines.
var ssaOnly = &analysis.Analyzer{
	Name:       "ssafloor",
	Doc:        "build SSA and report nothing (benchmark floor)",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes:  []analysis.Fact{new(noFact)},
	ResultType: reflect.TypeFor[bool](),
	Run:        func(*analysis.Pass) (any, error) { return true, nil },
}

type noFact struct{}

func (*noFact) AFact()         {}
func (*noFact) String() string { return "noFact" }

func main() {
	if vetTool(os.Args[1:]) {
		unitchecker.Main(ssaOnly)
		return
	}
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: floor packages...")
		os.Exit(2)
	}
	mode := packages.LoadAllSyntax | packages.NeedModule
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Tests: true}, os.Args[1:]...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	if _, err := checker.Analyze([]*analysis.Analyzer{ssaOnly}, pkgs, nil); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

// vetTool reports whether go vet runs the floor as its vet tool
// (go vet -vettool=floor): a *.cfg file, or the -V=full and -flags
// queries.
func vetTool(args []string) bool {
	for _, a := range args {
		if strings.HasSuffix(a, ".cfg") || a == "-V=full" || a == "-flags" {
			return true
		}
	}
	return false
}
