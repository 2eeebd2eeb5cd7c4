package main

import (
	"go/ast"
	"go/types"
	"maps"
	"slices"
	"sync"

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
// only list of them (internal/bundled repeats their names, checked by
// TestBundledNames); the golangci-lint plugin does not serve them, since
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
		lazySA2002(),              // SA2002: t.FailNow from a goroutine
		lazySA2003(),              // SA2003: deferred Lock right after Lock
	}
}

// The IR-based checks, wrapped once: bundled() returns the same analyzers
// every time.
var (
	lazySA2002 = sync.OnceValue(func() *analysis.Analyzer { return lazyIR(sa2002.Analyzer, failNowInGo) })
	lazySA2003 = sync.OnceValue(func() *analysis.Analyzer { return lazyIR(sa2003.Analyzer, deferredLock) })
)

// lazyIR returns an analyzer like a, which requires staticcheck's IR
// (its analyzer named buildir, reached through a's requirements since its
// package is internal), that builds the IR only for a package where a can
// report something, as relevant tells from the types: building it costs
// more than SSA, and most packages have nothing for SA2002 or SA2003.
func lazyIR(a *analysis.Analyzer, relevant func(*analysis.Pass) bool) *analysis.Analyzer {
	var ir *analysis.Analyzer
	var reqs []*analysis.Analyzer
	for _, r := range a.Requires {
		if r.Name == "buildir" {
			ir = r
		} else {
			reqs = append(reqs, r)
		}
	}
	if ir == nil || len(ir.FactTypes) > 0 {
		return a
	}
	for _, r := range ir.Requires {
		if !slices.Contains(reqs, r) {
			reqs = append(reqs, r)
		}
	}
	w := *a
	w.Requires = reqs
	w.Run = func(pass *analysis.Pass) (any, error) {
		if !relevant(pass) {
			return nil, nil
		}
		irPass := *pass
		irPass.Analyzer = ir
		irPass.Report = func(analysis.Diagnostic) {}
		res, err := ir.Run(&irPass)
		if err != nil {
			return nil, err
		}
		inner := *pass
		inner.ResultOf = maps.Clone(pass.ResultOf)
		inner.ResultOf[ir] = res
		return a.Run(&inner)
	}
	return &w
}

// failNowInGo reports whether a package has a go statement and calls a
// method of package testing that stops the test (FailNow, Fatal, Skip
// and friends): SA2002 has nothing to say about any other.
func failNowInGo(pass *analysis.Pass) bool {
	calls := false
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "testing" {
			switch fn.Name() {
			case "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf":
				calls = true
			}
		}
	}
	return calls && hasNode(pass, func(n ast.Node) bool {
		_, ok := n.(*ast.GoStmt)
		return ok
	})
}

// deferredLock reports whether a package defers a call of the Lock or
// RLock method of sync.Mutex or sync.RWMutex (also promoted from an
// embedded field: the selector's object is still sync's method), the
// only statement SA2003 reports.
func deferredLock(pass *analysis.Pass) bool {
	return hasNode(pass, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(d.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && (fn.Name() == "Lock" || fn.Name() == "RLock")
	})
}

// hasNode reports whether some node of the package's files satisfies f.
func hasNode(pass *analysis.Pass, f func(ast.Node) bool) bool {
	found := false
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if !found && n != nil && f(n) {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
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
	names := make([]string, 0, len(s.known))
	for name := range s.known {
		names = append(names, name)
	}
	slices.Sort(names)
	return ignore.Checker(run, names)
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
