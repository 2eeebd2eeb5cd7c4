package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSelectRaceFiles(t *testing.T) {
	goroot := t.TempDir()
	writeFiles(t, goroot, map[string]string{
		"src/vendor/golang.org/x/net/dns/dns.go": "package dns\n",
	})
	src := t.TempDir()
	writeFiles(t, src, map[string]string{
		"plain_test.go":    "package p_test\n\nimport (\n\t\"sync\"\n\t\"testing\"\n)\n",
		"cgo_test.go":      "package p_test\n\n// #include <stdio.h>\nimport \"C\"\n",
		"testenv_test.go":  "package p_test\n\nimport \"internal/testenv\"\n",
		"nested_test.go":   "package p_test\n\nimport \"runtime/internal/sys\"\n",
		"vendored_test.go": "package p_test\n\nimport \"golang.org/x/net/dns\"\n",
		"module_test.go":   "package p_test\n\nimport \"golang.org/x/tools/go/ssa\"\n", // not vendored: left to the type-check
		"main.go":          "package main\n\nimport \"C\"\n",                           // not a test file
	})
	keep, left, err := selectRaceFiles(src, goroot)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"module_test.go", "plain_test.go"}; !reflect.DeepEqual(keep, want) {
		t.Errorf("kept %q, want %q", keep, want)
	}
	why := map[string]string{}
	for _, l := range left {
		why[l.File] = l.Why
	}
	for file, want := range map[string]string{
		"cgo_test.go":      "cgo",
		"testenv_test.go":  "internal/testenv, internal",
		"nested_test.go":   "runtime/internal/sys, internal",
		"vendored_test.go": "vendor",
	} {
		if !strings.Contains(why[file], want) {
			t.Errorf("%s left out because %q, want it to say %q", file, why[file], want)
		}
	}
	if len(left) != 4 {
		t.Errorf("left out %v, want 4 files", left)
	}
}

func TestPruneUntilClean(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	dir := t.TempDir()
	if err := writeModule(dir, "m"); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		// good uses a helper of its own file only.
		"good_test.go": "package m_test\n\nimport \"testing\"\n\nfunc helper() int { return 1 }\n\nfunc TestGood(t *testing.T) { _ = helper() }\n",
		// bad does not type-check: the function exists only in the race build.
		"bad_test.go": "package m_test\n\nimport \"testing\"\n\nfunc helper2() int { return undefinedInThisBuild() }\n\nfunc TestBad(t *testing.T) { _ = helper2() }\n",
		// needsbad type-checks only with bad's helper: it goes in the second round.
		"needsbad_test.go": "package m_test\n\nimport \"testing\"\n\nfunc TestNeedsBad(t *testing.T) { _ = helper2() }\n",
		// tagged is only built with the tag, and then does not type-check.
		"tagged_test.go": "//go:build race\n\npackage m_test\n\nvar _ int = \"not an int\"\n",
	})
	names := []string{"bad_test.go", "good_test.go", "needsbad_test.go", "tagged_test.go"}
	kept, dropped, err := pruneUntilClean(dir, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"good_test.go", "tagged_test.go"}; !reflect.DeepEqual(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
	var got []string
	for _, d := range dropped {
		got = append(got, d.File)
		if !strings.Contains(d.Why, "undefined") {
			t.Errorf("%s dropped because %q, want the undefined name", d.File, d.Why)
		}
	}
	if want := []string{"bad_test.go", "needsbad_test.go"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dropped %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad_test.go")); !os.IsNotExist(err) {
		t.Errorf("bad_test.go still in the module (%v)", err)
	}
	// With the tag, the tagged file is type-checked too, and goes.
	kept, _, err = pruneUntilClean(dir, kept, []string{"race"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"good_test.go"}; !reflect.DeepEqual(kept, want) {
		t.Errorf("with the race tag, kept %q, want %q", kept, want)
	}
}

const raceSrc = `package race_test

import "testing"

func TestRaceA(t *testing.T) {
	x := 0
	go func() { x = 1 }()
	x = 2
}

func helper() {
	var y int
	y = 3
	_ = y
}

func TestNoRaceB(t *testing.T) { helper() }

func (s *suite) TestRaceMethod() {}

type suite struct{}

func TestRaceless(t *testing.T) {}
`

func TestScoreRace(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a_test.go", raceSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	funcs := testFuncs(fset, f, "a_test.go")
	var names []string
	for _, fn := range funcs {
		names = append(names, fn.Name)
	}
	// Methods are not tests; TestRaceless is a TestRace* by its name.
	if want := []string{"TestRaceA", "TestNoRaceB", "TestRaceless"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("test functions %q, want %q", names, want)
	}
	if a := funcs[0].Body; a.Start != (pos{5, 30}) || a.End != (pos{9, 1}) {
		t.Errorf("TestRaceA's body spans %v-%v, want 5:30-9:1", a.Start, a.End)
	}
	at := func(file string, line, col int) finding {
		return finding{Check: "sharedwrite", File: file, Pos: pos{line, col}}
	}
	s := scoreRace(funcs, []finding{
		at("a_test.go", 7, 14),  // in TestRaceA's goroutine
		at("a_test.go", 8, 2),   // in TestRaceA
		at("a_test.go", 13, 2),  // in helper, which TestNoRaceB calls: not in its body
		at("a_test.go", 17, 32), // the opening brace of TestNoRaceB: in it
		at("b_test.go", 6, 1),   // another file
		at("a_test.go", 5, 29),  // before TestRaceA's brace
	})
	if s.found() != 1 || s.flagged() != 1 {
		t.Errorf("found %d, flagged %d; want 1 and 1", s.found(), s.flagged())
	}
	if n := len(s.Racy[0].Findings); n != 2 {
		t.Errorf("TestRaceA has %d findings, want 2", n)
	}
	if len(s.Racy) != 2 || len(s.RaceFree) != 1 || len(s.Racy[1].Findings) != 0 {
		t.Errorf("score %+v", s)
	}
}
