package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"log"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/ignore"
)

// The standalone driver loads packages with go/packages and runs the
// analyzers with x/tools' public checker package, which gives it the
// results it needs for SARIF, -new-from-rev and the cross-package view of
// //syncvet:ignore directives. Its command line, text and JSON output and
// exit codes are those of x/tools' multichecker: 0 clean, 3 findings,
// 1 errors (with -json or -fix, 0 unless something failed).

// options are the standalone command's flags, other than the per-analyzer
// ones.
type options struct {
	json       bool
	format     string
	context    int
	fix, diff  bool
	tests      bool
	newFromRev string
	bundled    bool
}

// standalone runs the command line args (without the program name) and
// returns the exit code. JSON and SARIF go to stdout; text findings,
// errors and usage to stderr.
func standalone(args []string, stdout, stderr io.Writer) int {
	logger := log.New(stderr, "syncvet: ", 0)
	s := newSuite(func() bool { return false }) // -bundled acts on the selection here
	opts := options{format: "text", context: -1, tests: true, bundled: true}

	fs := flag.NewFlagSet("syncvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr) }
	candidates := append(s.filtered(), s.checker(nil))
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range candidates {
		enabled[a] = new(triState)
		fs.Var(enabled[a], a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.BoolVar(&opts.json, "json", false, "emit JSON output (same as -format=json)")
	fs.StringVar(&opts.format, "format", "text", "output format: text (on stderr), json or sarif (on stdout)")
	fs.IntVar(&opts.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&opts.fix, "fix", false, "apply all suggested fixes")
	fs.BoolVar(&opts.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")
	fs.BoolVar(&opts.tests, "test", true, "indicates whether test files should be analyzed, too")
	fs.StringVar(&opts.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (and in untracked files)")
	fs.BoolVar(&opts.bundled, "bundled", true, "also run go vet's and staticcheck's concurrency checks")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if opts.json {
		if opts.format != "text" && opts.format != "json" {
			logger.Printf("-json and -format=%s disagree", opts.format)
			return 2
		}
		opts.format = "json"
	}
	switch opts.format {
	case "text", "json", "sarif":
	default:
		logger.Printf("unknown -format %q: want text, json or sarif", opts.format)
		return 2
	}

	patterns := fs.Args()
	if len(patterns) == 0 {
		usage(stderr)
		return 1
	}
	if patterns[0] == "help" {
		return help(stdout, logger, s, candidates, fs, patterns[1:])
	}

	// Select the analyzers as multichecker does: if any -NAME is true, run
	// only those; otherwise run all but those set to false.
	var hasTrue bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
	}
	bundled := map[*analysis.Analyzer]bool{}
	for _, a := range s.bundled {
		bundled[a] = true
	}
	var run []*analysis.Analyzer
	wantChecker := false
	for _, a := range candidates {
		on := *enabled[a] == setTrue || !hasTrue && *enabled[a] != setFalse && (opts.bundled || !bundled[a])
		switch {
		case !on:
		case a.Name == ignore.Name:
			wantChecker = true
		default:
			run = append(run, a)
		}
	}
	if wantChecker {
		run = append(run, s.checker(run))
	}
	if len(run) == 0 {
		logger.Print("no analyzers selected")
		return 1
	}

	var changed *changeSet
	if opts.newFromRev != "" {
		var err error
		if changed, err = changedSince(opts.newFromRev); err != nil {
			logger.Print(err)
			return 1
		}
	}

	exit := 0
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(run) {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	initial, err := packages.Load(&packages.Config{Mode: mode, Tests: opts.tests}, patterns...)
	if err == nil && len(initial) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		logger.Print(err)
		return 1
	}
	if packages.PrintErrors(initial) > 0 {
		exit = 1
	}
	graph, err := checker.Analyze(run, initial, nil)
	if err != nil {
		logger.Print(err)
		return 1
	}

	if opts.format != "json" { // JSON keeps x/tools' per-check errors
		quietSkips(graph)
	}
	dropUsedElsewhere(graph)
	sortDiagnostics(graph)
	if changed != nil {
		changed.filter(graph)
	}

	if opts.fix {
		if err := applyFixes(stdout, logger, collect(graph), opts.diff); err != nil {
			logger.Print(err)
			return 1
		}
		return exit
	}

	var errs, diags int
	for act := range graph.All() {
		if act.Err != nil {
			errs++
		} else if act.IsRoot {
			diags += len(act.Diagnostics)
		}
	}
	switch opts.format {
	case "json":
		if err := graph.PrintJSON(stdout); err != nil {
			logger.Print(err)
			return 1
		}
		return exit
	case "sarif":
		printErrors(stderr, graph)
		if err := writeSARIF(stdout, run, collect(graph), errs == 0 && exit == 0); err != nil {
			logger.Print(err)
			return 1
		}
	default:
		if err := graph.PrintText(stderr, opts.context); err != nil {
			logger.Print(err)
			return 1
		}
	}
	// A package that failed to load makes the exit code 1, as in x/tools'
	// multichecker, even when other packages have findings (printed).
	if errs > 0 {
		exit = max(exit, 1)
	} else if diags > 0 && exit == 0 {
		exit = 3
	}
	return exit
}

// quietSkips clears the errors of actions that did not run because their
// package has errors, which packages.PrintErrors has already printed (and
// made the exit code 1): one line per check and package repeating "analysis
// skipped" would bury the error that matters.
func quietSkips(graph *checker.Graph) {
	for act := range graph.All() {
		if act.Err == nil || len(act.Package.Errors) == 0 {
			continue
		}
		if msg := act.Err.Error(); msg == "analysis skipped due to errors in package" || strings.HasPrefix(msg, "failed prerequisites: ") {
			act.Err = nil
		}
	}
}

// printErrors prints the analysis errors, as PrintText does for text.
func printErrors(w io.Writer, graph *checker.Graph) {
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(w, "%s: %v\n", act.Analyzer.Name, act.Err)
		}
	}
}

// A finding is one diagnostic of a root action, with what it takes to
// print it.
type finding struct {
	analyzer *analysis.Analyzer
	fset     *token.FileSet
	diag     analysis.Diagnostic
	posn     token.Position
}

// collect returns the diagnostics of the graph's root actions in
// position order, without the duplicates that arise when a file belongs
// to both a package and its test variant.
func collect(graph *checker.Graph) []finding {
	type key struct {
		posn, end token.Position
		analyzer  *analysis.Analyzer
		message   string
	}
	seen := map[key]bool{}
	var out []finding
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			k := key{fset.Position(d.Pos), fset.Position(d.End), act.Analyzer, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, finding{act.Analyzer, fset, d, k.posn})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].posn, out[j].posn
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return out[i].analyzer.Name < out[j].analyzer.Name
	})
	return out
}

// sortDiagnostics puts each root action's diagnostics in source order
// (file name, then offset), which text and JSON output follow: a check
// that reports in another order, or orders by token.Pos across files
// (whose bases vary from run to run), would otherwise make two runs print
// differently.
func sortDiagnostics(graph *checker.Graph) {
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		sort.SliceStable(act.Diagnostics, func(i, j int) bool {
			return analysisutil.Before(fset, act.Diagnostics[i].Pos, act.Diagnostics[j].Pos)
		})
	}
}

// dropUsedElsewhere removes the "unused" reports of syncvetignore about a
// directive that another package containing the same file used: a file
// is analyzed both in its package and in the package's test variant, and
// a finding may exist in only one of them.
func dropUsedElsewhere(graph *checker.Graph) {
	used := map[string]bool{} // "file:line:col check"
	for _, act := range graph.Roots {
		u, ok := act.Result.(*ignore.Usage)
		if !ok || act.Err != nil {
			continue
		}
		for pos := range u.Used {
			used[act.Package.Fset.Position(pos).String()+" "+act.Analyzer.Name] = true
		}
	}
	for _, act := range graph.Roots {
		if act.Analyzer.Name != ignore.Name {
			continue
		}
		kept := act.Diagnostics[:0]
		for _, d := range act.Diagnostics {
			if name, ok := ignore.Unused(d); ok && used[act.Package.Fset.Position(d.Pos).String()+" "+name] {
				continue
			}
			kept = append(kept, d)
		}
		act.Diagnostics = kept
	}
}

// needFacts reports whether any of the analyzers, or those they require,
// uses facts: then every dependency must be loaded from source.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func([]*analysis.Analyzer) bool
	visit = func(list []*analysis.Analyzer) bool {
		for _, a := range list {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(analyzers)
}

// A triState is a boolean flag that knows whether it was set, as
// multichecker's -NAME flags: -NAME selects, -NAME=false deselects.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return errors.New("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

func (ts *triState) String() string {
	if *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) IsBoolFlag() bool { return true }
