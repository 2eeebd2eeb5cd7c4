package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/waitgroup"
	"honnef.co/go/tools/staticcheck/sa2000"
	"honnef.co/go/tools/staticcheck/sa2001"
	"honnef.co/go/tools/staticcheck/sa2002"
	"honnef.co/go/tools/staticcheck/sa2003"

	"github.com/syncvet/syncvet/internal/ignore"
	"github.com/syncvet/syncvet/passes"
)

// bundled returns the concurrency checks of go vet and staticcheck that
// syncvet runs next to its own passes, so that one tool covers every
// concurrency check (syncvet's passes do not duplicate them). This is the
// only list of them; the golangci-lint plugin does not serve them, since
// golangci-lint has its own govet and staticcheck linters.
func bundled() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		copylock.Analyzer,         // copylocks: a lock copied by value
		waitgroup.Analyzer,        // waitgroup: WaitGroup.Add inside the goroutine
		atomic.Analyzer,           // atomic: x = atomic.AddInt64(&x, 1)
		lostcancel.Analyzer,       // lostcancel: a context's cancel function not called
		testinggoroutine.Analyzer, // testinggoroutine: t.Fatal from a goroutine
		sa2000.Analyzer,           // SA2000: WaitGroup.Add inside the goroutine
		sa2001.Analyzer,           // SA2001: empty critical section
		sa2002.Analyzer,           // SA2002: t.FailNow from a goroutine
		sa2003.Analyzer,           // SA2003: deferred Lock right after Lock
	}
}

// A suite is the command's set of analyzers: syncvet's passes and the
// bundled checks, each wrapped to honour //syncvet:ignore, and the
// syncvetignore check of the directives themselves.
type suite struct {
	own, bundled []*analysis.Analyzer // filtered
	known        map[string]bool      // names a directive may use
}

// newSuite wraps passes.All() and bundled(). The bundled checks do
// nothing when skipBundled returns true at run time; with a nil
// skipBundled they are left out (their names stay known to directives).
func newSuite(skipBundled func() bool) *suite {
	recoverPanics(append(passes.All(), bundled()...))
	s := &suite{known: map[string]bool{}}
	for _, a := range passes.All() {
		s.own = append(s.own, ignore.Filter(a))
		s.known[a.Name] = true
	}
	for _, a := range bundled() {
		if skipBundled != nil {
			s.bundled = append(s.bundled, ignore.Filter(labelled(a), ignore.SkipIf(skipBundled)))
		}
		s.known[a.Name] = true
	}
	return s
}

// filtered returns syncvet's passes then the bundled checks.
func (s *suite) filtered() []*analysis.Analyzer {
	return append(append([]*analysis.Analyzer(nil), s.own...), s.bundled...)
}

// checker returns the syncvetignore analyzer over the filtered analyzers
// of this run.
func (s *suite) checker(run []*analysis.Analyzer) *analysis.Analyzer {
	return ignore.Checker(run, func(name string) bool { return s.known[name] })
}

// labelled returns an analyzer like a whose messages end with its name in
// parentheses ("... (SA2001)"), as staticcheck and golangci-lint print
// them: the text output of x/tools drivers does not name the analyzer,
// and a bundled check's message does not say which tool it comes from.
func labelled(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			d.Message += " (" + a.Name + ")"
			pass.Report(d)
		}
		return a.Run(&inner)
	}
	return &w
}
