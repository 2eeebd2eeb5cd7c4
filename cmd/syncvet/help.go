package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/suggest"
)

func usage(w io.Writer) {
	fmt.Fprint(w, `syncvet reports concurrency mistakes in Go packages.

Usage: syncvet [-flag] [package ...]
       go vet -vettool=$(command -v syncvet) [package ...]

Run 'syncvet help' for the checks and flags,
 or 'syncvet help NAME' for the documentation and flags of one check,
 or 'syncvet version' for the version.
`)
}

// help prints the list of checks and the core flags, or the
// documentation of the named checks.
func help(w io.Writer, logger *log.Logger, s *suite, candidates []*analysis.Analyzer, flags *flag.FlagSet, names []string) int {
	if len(names) == 0 {
		usage(w)
		list := func(heading string, analyzers []*analysis.Analyzer) {
			fmt.Fprintf(w, "\n%s\n\n", heading)
			for _, a := range analyzers {
				fmt.Fprintf(w, "    %-16s %s\n", a.Name, title(a))
			}
		}
		list("syncvet's checks:", s.own)
		list("Concurrency checks of go vet and staticcheck, run too unless -bundled=false:", s.bundled)
		list("Directives (//syncvet:ignore CHECK REASON, on the line before a finding or at its end):",
			[]*analysis.Analyzer{s.checker(nil)})
		fmt.Fprint(w, `
By default all checks run. To select some, use the -NAME flag for each
one, or -NAME=false to run all checks but those.

Exit status: 0 no findings, 3 findings, 1 errors (with -json or -fix: 0
unless something failed).

Core flags:

`)
		isCheck := map[string]bool{}
		for _, a := range candidates {
			isCheck[a.Name] = true
		}
		core := flag.NewFlagSet("", flag.ContinueOnError)
		core.SetOutput(w)
		flags.VisitAll(func(f *flag.Flag) {
			if !isCheck[f.Name] && !strings.Contains(f.Name, ".") {
				core.Var(f.Value, f.Name, f.Usage)
			}
		})
		core.PrintDefaults()
		return 0
	}
	for _, name := range names {
		var found *analysis.Analyzer
		for _, a := range candidates {
			if a.Name == name {
				found = a
			}
		}
		if found == nil {
			var names []string
			for _, a := range candidates {
				names = append(names, a.Name)
			}
			if hint := suggest.DidYouMean("", suggest.Names(name, names)); hint != "" {
				logger.Printf("no check named %q; %s", name, hint)
			} else {
				logger.Printf("no check named %q; run syncvet help for the list", name)
			}
			return 1
		}
		fmt.Fprintf(w, "%s: %s\n", found.Name, title(found))
		first := true
		found.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprint(w, "\nFlags:\n\n")
				first = false
			}
			fmt.Fprintf(w, "  -%s.%s\n    \t%s\n", found.Name, f.Name, f.Usage)
		})
		if _, body, ok := strings.Cut(found.Doc, "\n\n"); ok {
			fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(body))
		}
		if found.URL != "" {
			fmt.Fprintf(w, "\nMore: %s\n", found.URL)
		}
	}
	return 0
}

// title returns the first paragraph of a's Doc on one line.
func title(a *analysis.Analyzer) string {
	t, _, _ := strings.Cut(a.Doc, "\n\n")
	return strings.Join(strings.Fields(t), " ")
}
