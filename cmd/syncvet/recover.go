package main

import (
	"fmt"
	"runtime/debug"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// wrapped holds the analyzers recoverPanics has wrapped: they are
// package-level values, wrapped once per process.
var wrapped struct {
	sync.Mutex
	m map[*analysis.Analyzer]bool
}

// recoverPanics makes every analyzer in as, and every analyzer they
// require (syncvet's engines, buildssa...), report a panic as an error of
// its own action instead of crashing the process. x/tools' checker runs
// each action in a goroutine of its own and does not recover, so one bug
// met on one odd package would otherwise end the run and lose every other
// package's findings. With this, the run goes on: the failed check's
// error (with the stack, for a bug report) is printed, the checks that
// need its result are skipped for that package, and the exit code is 1.
//
// The analyzers are modified in place, which is fine in this command's
// own process and nowhere else (the golangci-lint plugin does not call
// it).
func recoverPanics(as []*analysis.Analyzer) {
	wrapped.Lock()
	defer wrapped.Unlock()
	if wrapped.m == nil {
		wrapped.m = map[*analysis.Analyzer]bool{}
	}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if wrapped.m[a] {
			return
		}
		wrapped.m[a] = true
		a.Run = recovering(a.Name, a.Run)
		for _, req := range a.Requires {
			visit(req)
		}
	}
	for _, a := range as {
		visit(a)
	}
}

// recovering returns run, with a panic turned into its error.
func recovering(name string, run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				path := "?"
				if pass.Pkg != nil {
					path = pass.Pkg.Path()
				}
				res, err = nil, fmt.Errorf("internal error: %s panicked on package %s (please report it): %v\n%s", name, path, r, debug.Stack())
			}
		}()
		return run(pass)
	}
}
