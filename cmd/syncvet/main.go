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
// Run "syncvet help" for the list of checks and flags,
// "syncvet help NAME" for the documentation of one, and "syncvet version"
// (or -version) for the version.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/syncvet/syncvet/internal/ignore"
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

// vetMain serves the go vet protocol through x/tools' unitchecker, for
// go vet -vettool and for the standalone command, which runs go vet so.
func vetMain() {
	paceGC()
	defineVetVersionFlag()
	bundledOn := flag.Bool("bundled", true, "also run go vet's and staticcheck's concurrency checks")
	flag.String("run", "", "set by the standalone command: names its run, to keep go vet's cached results of its runs apart (see runKey)")
	flag.Bool("guards", false, "set by syncvet -guards: report the inferred lock contracts instead of findings")
	analyzers := vetAnalyzers(os.Args[1:], func() bool { return !*bundledOn })
	if guardsMode(os.Args[1:]) {
		analyzers = []*analysis.Analyzer{guardsAnalyzer}
	}
	if factsOnly(os.Args[1:]) {
		for i, a := range analyzers {
			analyzers[i] = forFacts(a)
		}
	}
	unitchecker.Main(analyzers...)
}

// guardsMode reports whether the vet tool's command line has -guards.
func guardsMode(args []string) bool {
	for _, arg := range args {
		if name, value, _ := strings.Cut(strings.TrimLeft(arg, "-"), "="); strings.HasPrefix(arg, "-") && name == "guards" {
			on, err := strconv.ParseBool(value)
			return value == "" || err == nil && on
		}
	}
	return false
}

// factsOnly reports whether the go vet command line args ask for a
// package's facts only (VetxOnly: a dependency of the packages vetted,
// whose diagnostics go vet does not print).
func factsOnly(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false // unitchecker reports it
	}
	var cfg struct{ VetxOnly bool }
	return json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// forFacts returns what stands for a in a run for facts only: a itself
// if it has facts, else an analyzer with a's name, documentation and
// flags (go vet passes the same flags) that reports nothing and requires
// only the analyzers with facts that a depends on. unitchecker would
// otherwise run every check that depends on an analyzer with facts (all
// of syncvet's do, through the engines) for diagnostics nobody prints,
// and build staticcheck's IR for its checks.
func forFacts(a *analysis.Analyzer) *analysis.Analyzer {
	if len(a.FactTypes) > 0 {
		return a
	}
	var reqs []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(*analysis.Analyzer)
	visit = func(r *analysis.Analyzer) {
		if seen[r] {
			return
		}
		seen[r] = true
		if len(r.FactTypes) > 0 {
			reqs = append(reqs, r) // and what it requires, run for real
			return
		}
		for _, rr := range r.Requires {
			visit(rr)
		}
	}
	for _, r := range a.Requires {
		visit(r)
	}
	return &analysis.Analyzer{
		Name:     a.Name,
		Doc:      a.Doc,
		URL:      a.URL,
		Flags:    a.Flags,
		Requires: reqs,
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
}

// vetAnalyzers returns the analyzers of a vet tool run with the command
// line args, which unitchecker then selects from as multichecker does
// (-NAME runs only the named checks, -NAME=false all but those).
// Two choices cannot wait for unitchecker's flag parsing:
//   - -bundled=false, unless it names a bundled check, leaves the bundled
//     checks out, so that staticcheck's IR (which costs more than SSA)
//     is not built for them;
//   - the syncvetignore check requires the selected checks only, so that
//     a check that was not selected does not run for it and see its
//     directives judged unused, as in the standalone command.
func vetAnalyzers(args []string, skipBundled func() bool) []*analysis.Analyzer {
	s := newSuite(nil)
	explicit := map[string]bool{} // -NAME[=bool] flags of the command line
	bundledOff, namesBundled := false, false
	isBundled := map[string]bool{}
	for _, a := range bundled() {
		isBundled[a.Name] = true
	}
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		on := true
		if hasValue {
			b, err := strconv.ParseBool(value)
			on = err == nil && b
		}
		switch {
		case name == "bundled":
			bundledOff = !on
		case s.known[name] || name == ignore.Name:
			explicit[name] = on
			namesBundled = namesBundled || isBundled[name]
		}
	}
	if !bundledOff || namesBundled {
		s = newSuite(skipBundled)
	}
	all := s.filtered()
	hasTrue := false
	for _, on := range explicit {
		hasTrue = hasTrue || on
	}
	var selected []*analysis.Analyzer
	for _, a := range all {
		on, set := explicit[a.Name]
		if hasTrue && on || !hasTrue && (!set || on) {
			selected = append(selected, a)
		}
	}
	return append(all, s.checker(selected))
}
