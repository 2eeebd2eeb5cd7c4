package main_test

import (
	"strings"
	"testing"
)

// TestIgnoreWithTests checks that a directive in a package that has test
// files is used once and not reported as unused: go vet analyzes such a
// package with its tests (its plain variant only for facts), so a file is
// not seen twice, once without the finding the directive silences.
func TestIgnoreWithTests(t *testing.T) {
	src := strings.Replace(waitIf, "\tif b.n == 0 {\n", "\tif b.n == 0 {\n\t\t//syncvet:ignore condloop one waiter and one producer by construction\n", 1)
	dir := oddModule(t, map[string]string{
		"sub/a.go":      strings.Replace(src, "PKG", "sub", 1),
		"sub/a_test.go": "package sub\n\nimport \"testing\"\n\nfunc TestTake(t *testing.T) {}\n",
		"ext/b.go":      strings.Replace(src, "PKG", "ext", 1),
		"ext/b_test.go": "package ext_test\n\nimport \"testing\"\n\nfunc TestTake(t *testing.T) {}\n",
	})
	r := command(t, dir, bin, "./...")
	noCrash(t, r)
	if r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Errorf("syncvet ./...: want exit code 0 and no output (the directives are used), got %v", r)
	}
	// Without the directive, the finding is there: the test above is
	// not passing for want of a finding.
	dir = oddModule(t, map[string]string{
		"sub/a.go":      strings.Replace(waitIf, "PKG", "sub", 1),
		"sub/a_test.go": "package sub\n\nimport \"testing\"\n\nfunc TestTake(t *testing.T) {}\n",
	})
	r = command(t, dir, bin, "./...")
	noCrash(t, r)
	if r.code != 3 || strings.Count(r.stderr, "is guarded by an if") != 1 {
		t.Errorf("syncvet ./... without the directive: want exit code 3 and one finding, got %v", r)
	}
}

// TestOnlyNamedPackages checks that a run reports on the packages named
// only: go vet replays the cached output of a package it vets as a
// dependency once that package was vetted on its own.
func TestOnlyNamedPackages(t *testing.T) {
	dir := oddModule(t, map[string]string{
		"dep/a.go":      strings.Replace(waitIf, "PKG", "dep", 1),
		"dep/a_test.go": strings.Replace(waitIf, "PKG", "dep_test", 1),
		"user/u.go":     "package user\n\nimport \"example.com/m/dep\"\n\nvar _ dep.Box\n",
	})
	r := command(t, dir, bin, "./dep")
	noCrash(t, r)
	if r.code != 3 || strings.Count(r.stderr, "is guarded by an if") != 2 {
		t.Fatalf("syncvet ./dep: want its findings, in its code and in its external test, got %v", r)
	}
	r = command(t, dir, bin, "./user")
	noCrash(t, r)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("syncvet ./user after ./dep: want exit code 0 and no output, got %v", r)
	}
}

// TestNamedAfterDependency checks the converse: a package analyzed only
// for its facts, as a dependency, still gets its findings when a later
// run names it (go vet's cache would hand back the dependency's empty
// output).
func TestNamedAfterDependency(t *testing.T) {
	dir := oddModule(t, map[string]string{
		"dep/a.go":  strings.Replace(waitIf, "PKG", "dep", 1),
		"user/u.go": "package user\n\nimport \"example.com/m/dep\"\n\nvar _ dep.Box\n",
	})
	r := command(t, dir, bin, "./user")
	noCrash(t, r)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("syncvet ./user: want exit code 0 and no output, got %v", r)
	}
	for range 2 { // the second run is served from go vet's cache
		r = command(t, dir, bin, "./dep")
		noCrash(t, r)
		if r.code != 3 || !strings.Contains(r.stderr, "is guarded by an if") {
			t.Errorf("syncvet ./dep after ./user: want its finding, got %v", r)
		}
	}
}
