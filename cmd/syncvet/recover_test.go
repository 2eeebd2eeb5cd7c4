package main

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/passes"
)

// TestRecovering checks that a check that panics fails with an error
// naming it, the package and the panic, and that a check that does not
// is left as it was.
func TestRecovering(t *testing.T) {
	pass := &analysis.Pass{Pkg: types.NewPackage("example.com/odd", "odd")}
	run := recovering("boom", func(*analysis.Pass) (any, error) { panic("index out of range") })
	res, err := run(pass)
	if res != nil || err == nil {
		t.Fatalf("a panicking check: result %v, error %v; want an error", res, err)
	}
	for _, want := range []string{"internal error: boom panicked on package example.com/odd", "index out of range", "recover_test.go"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	ok := recovering("fine", func(*analysis.Pass) (any, error) { return 42, nil })
	if res, err := ok(pass); res != 42 || err != nil {
		t.Errorf("a check that does not panic: got %v, %v; want 42, nil", res, err)
	}
}

// TestRecoverPanics checks that an analyzer and the analyzers it
// requires, at any depth, are wrapped, once however many times asked,
// and that the command's suite asks for all of its checks.
func TestRecoverPanics(t *testing.T) {
	panics := func(*analysis.Pass) (any, error) { panic("boom") }
	engine := &analysis.Analyzer{Name: "engine", Doc: "engine", Run: panics}
	mid := &analysis.Analyzer{Name: "mid", Doc: "mid", Run: panics, Requires: []*analysis.Analyzer{engine}}
	check := &analysis.Analyzer{Name: "check", Doc: "check", Run: panics, Requires: []*analysis.Analyzer{mid, engine}}
	recoverPanics([]*analysis.Analyzer{check})
	recoverPanics([]*analysis.Analyzer{mid, check})
	pass := &analysis.Pass{Pkg: types.NewPackage("example.com/odd", "odd")}
	for _, a := range []*analysis.Analyzer{check, mid, engine} {
		_, err := a.Run(pass)
		if err == nil || !strings.Contains(err.Error(), "internal error: "+a.Name+" panicked") {
			t.Errorf("%s: got %v, want its panic as an internal error", a.Name, err)
		} else if n := strings.Count(err.Error(), "internal error"); n != 1 {
			t.Errorf("%s: wrapped %d times, want once: %v", a.Name, n, err)
		}
	}

	newSuite(func() bool { return false })
	wrapped.Lock()
	defer wrapped.Unlock()
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		if !wrapped.m[a] {
			t.Errorf("%s: not wrapped by the command's suite", a.Name)
		}
		for _, req := range a.Requires {
			visit(req)
		}
	}
	for _, a := range append(passes.All(), bundled()...) {
		visit(a)
	}
	if !seen[lockset.Analyzer] || !seen[goroutines.Analyzer] {
		t.Error("the engines lockset and goroutines are not among the analyzers the checks require")
	}
}
