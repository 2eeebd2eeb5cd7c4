package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"log"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/ignore"
	"github.com/syncvet/syncvet/internal/suggest"
)

// The standalone driver has go vet run this same executable as its vet
// tool (go vet -vettool=syncvet -json, see vet.go): each package is
// analyzed in a process of its own from its source and its dependencies'
// export data and facts, two at a time on two cores, and go vet caches
// every result, so memory stays that of the largest package and a second
// run only analyzes what changed. The driver then reads the findings back
// and prints them as text, JSON or SARIF, filtered by -test and
// -new-from-rev, or applies their fixes. Its command line, output and
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
	tags       string
	version    bool
	guards     bool
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
	fs.Usage = func() {} // printed after Parse's error, and a suggestion
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
	fs.BoolVar(&opts.tests, "test", true, "report findings in test files too (go vet analyzes a package with its tests either way)")
	fs.StringVar(&opts.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (and in untracked files)")
	fs.BoolVar(&opts.bundled, "bundled", true, "also run go vet's and staticcheck's concurrency checks")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated list of build tags, as for go build")
	fs.BoolVar(&opts.version, "version", false, "print the version and the Go version syncvet was built with, and exit")
	fs.BoolVar(&opts.guards, "guards", false, "print the lock contracts syncvet infers (field guards, function lock effects) as checklocks annotations, instead of findings")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stderr)
			return 0
		}
		// Parse printed the error.
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
			if hint := suggest.DidYouMean("-", suggest.Names(name, names)); hint != "" {
				logger.Print(hint)
			}
		}
		usage(stderr)
		return 2
	}
	if opts.version || fs.NArg() == 1 && fs.Arg(0) == "version" {
		fmt.Fprintln(stdout, versionLine())
		return 0
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
	// -fix reports what it did and what remains as text; JSON or SARIF
	// of findings it has just fixed would describe files that no longer
	// exist as analyzed.
	if opts.fix && opts.format != "text" {
		name := "-format=" + opts.format
		if opts.json {
			name = "-json"
		}
		logger.Printf("-fix cannot be combined with %s: -fix reports in text; run syncvet -fix, then syncvet %s", name, name)
		return 2
	}
	if opts.diff && !opts.fix {
		logger.Print("-diff works with -fix only: syncvet -fix -diff prints the fixes as a diff instead of applying them")
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
	if opts.guards {
		return showGuards(stdout, stderr, logger, opts, patterns)
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

	known := map[string]*analysis.Analyzer{}
	for _, a := range candidates {
		known[a.Name] = a
	}
	// analyze runs go vet and returns the findings to report. goStderr
	// gets what go vet prints on its stderr.
	analyze := func(goStderr io.Writer) (*outcome, error) {
		var changed *changeSet
		if opts.newFromRev != "" {
			var err error
			if changed, err = changedSince(opts.newFromRev); err != nil {
				return nil, err
			}
		}
		res, err := vet(buildFlags(opts), vetArgs(fs, s), patterns, goStderr)
		if err != nil {
			return nil, err
		}
		findings, errs := res.findings(known)
		if !opts.tests {
			findings = slices.DeleteFunc(findings, func(f finding) bool { return strings.HasSuffix(f.posn.Filename, "_test.go") })
		}
		if changed != nil {
			findings = slices.DeleteFunc(findings, func(f finding) bool { return !changed.changed(f.posn.Filename, f.posn.Line) })
		}
		return &outcome{res, findings, errs}, nil
	}

	if opts.fix {
		return fix(stdout, stderr, logger, opts, analyze)
	}
	an, err := analyze(stderr)
	if err != nil {
		logger.Print(err)
		return 1
	}
	exit := an.exitCode()
	switch opts.format {
	case "json":
		if err := writeJSON(stdout, an.findings, an.errs); err != nil {
			logger.Print(err)
			return 1
		}
		return exit
	case "sarif":
		printErrors(stderr, an.errs)
		if err := writeSARIF(stdout, run, an); err != nil {
			logger.Print(err)
			return 1
		}
	default:
		printErrors(stderr, an.errs)
		for _, f := range an.findings {
			printPlain(stderr, f, opts.context)
		}
	}
	// A package that failed to load or analyze makes the exit code 1, as
	// in x/tools' multichecker, even when other packages have findings
	// (printed).
	if exit == 0 && len(an.findings) > 0 {
		exit = 3
	}
	return exit
}

// An outcome is what a run of go vet found, to report.
type outcome struct {
	vet      *vetResult
	findings []finding
	errs     []analysisError
}

// exitCode is 1 if a package failed to load or an analyzer failed, else 0.
func (an *outcome) exitCode() int {
	if an.vet.failed || len(an.errs) > 0 {
		return 1
	}
	return 0
}

// fix applies the fixes of the findings analyze returns, and says how
// many it applied in how many files; then, as the files changed, it
// analyzes them again and prints the findings that remain, with their
// new positions. With -diff, it prints the diff instead and changes
// nothing. What go vet prints on stderr is printed once, for the last
// analysis. The exit code is 0 unless something failed.
func fix(stdout, stderr io.Writer, logger *log.Logger, opts options, analyze func(io.Writer) (*outcome, error)) int {
	an, err := analyze(io.Discard)
	if err != nil {
		logger.Print(err)
		return 1
	}
	st, err := applyFixes(stdout, an.findings, opts.diff)
	if err != nil {
		io.WriteString(stderr, an.vet.stderr)
		printErrors(stderr, an.errs)
		logger.Print(err)
		return 1
	}
	if opts.diff {
		io.WriteString(stderr, an.vet.stderr)
		printErrors(stderr, an.errs)
		if st.skipped > 0 {
			logger.Printf("%s not shown, as they overlap those shown", plural(st.skipped, "fix", "fixes"))
		}
		return an.exitCode()
	}
	logger.Print(st)
	if st.files > 0 {
		if an, err = analyze(io.Discard); err != nil {
			logger.Print(err)
			return 1
		}
	}
	io.WriteString(stderr, an.vet.stderr)
	printErrors(stderr, an.errs)
	for _, f := range an.findings {
		printPlain(stderr, f, opts.context)
	}
	return an.exitCode()
}

// printErrors prints the analysis errors, one per line.
func printErrors(w io.Writer, errs []analysisError) {
	for _, e := range errs {
		fmt.Fprintf(w, "%s: %s: %s\n", e.pkg, e.analyzer, e.err)
	}
}

// printPlain prints a finding as x/tools' drivers do: "file:line:col:
// message", then each related position on a line of its own, indented
// by a tab; with context >= 0, each followed by the lines it covers and
// context lines around them. File names are relative to the current
// directory when they are inside it, as go vet prints them.
func printPlain(w io.Writer, f finding, context int) {
	show := func(pos, end token.Pos, message string) {
		posn := f.fset.Position(pos)
		shown := posn
		shown.Filename = displayName(posn.Filename)
		fmt.Fprintf(w, "%s: %s\n", shown, message)
		if context < 0 || !posn.IsValid() {
			return
		}
		last := posn.Line
		if e := f.fset.Position(end); e.IsValid() {
			last = e.Line
		}
		data, _ := os.ReadFile(posn.Filename)
		lines := strings.Split(string(data), "\n")
		for i := posn.Line - context; i <= last+context; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	show(f.diag.Pos, f.diag.End, f.diag.Message)
	for _, r := range f.diag.Related {
		show(r.Pos, r.End, "\t"+r.Message)
	}
}

// A finding is one diagnostic, with what it takes to print it.
type finding struct {
	analyzer *analysis.Analyzer
	fset     *token.FileSet
	diag     analysis.Diagnostic
	posn     token.Position
	pkg      string          // the package's ID in go vet's output
	json     json.RawMessage // the diagnostic as go vet printed it
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
