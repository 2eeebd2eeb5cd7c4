package main_test

// Odd inputs of the standalone command: a package that does not
// type-check next to good ones, packages without Go files to analyze,
// cgo, generics, //go:build ignore files; and output that does not change
// from one run to the next.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// oddModule writes a module example.com/m with files (slash-separated
// path -> content) into a temporary directory and returns it.
func oddModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	files["go.mod"] = "module example.com/m\n\ngo 1.26.0\n"
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// crashed matches what the Go runtime prints when a program panics or
// dies: "panic: ...", "fatal error: ...", and the goroutine dumps.
var crashed = regexp.MustCompile(`(?m)^(panic: |fatal error: |goroutine \d+ \[)`)

// noCrash fails the test if the command's output shows a panic or a
// fatal error: whatever the input, syncvet reports, it does not crash.
func noCrash(t *testing.T, r result) {
	t.Helper()
	if crashed.MatchString(r.stdout) || crashed.MatchString(r.stderr) || r.code == 2 && strings.Contains(r.stderr, "panic") {
		t.Fatalf("syncvet crashed: %v", r)
	}
}

// waitIf is a package holding condloop's mistake at waitif.go:14:3.
const waitIf = `package PKG

import "sync"

type Box struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (b *Box) Take() {
	b.mu.Lock()
	if b.n == 0 {
		b.cond.Wait()
	}
	b.n--
	b.mu.Unlock()
}
`

// TestBrokenNextToGood checks that a package that does not type-check
// gets its error printed and makes the exit code 1, and that the other
// packages named are analyzed all the same, their findings printed,
// whether named one by one or by a pattern.
func TestBrokenNextToGood(t *testing.T) {
	dir := oddModule(t, map[string]string{
		"broken/broken.go": "package broken\n\nfunc F() int { return \"x\" }\n",
		"good/waitif.go":   strings.Replace(waitIf, "PKG", "good", 1),
	})
	for _, args := range [][]string{{"./broken", "./good"}, {"./good", "./broken"}, {"./..."}} {
		r := command(t, dir, bin, args...)
		noCrash(t, r)
		if r.code != 1 {
			t.Errorf("syncvet %s: want exit code 1 (a package does not type-check), got %v", strings.Join(args, " "), r)
		}
		if !strings.Contains(r.stderr, filepath.Join("broken", "broken.go")+":3:23: cannot use") {
			t.Errorf("syncvet %s: the type error of broken/broken.go:3:23 is not printed: %v", strings.Join(args, " "), r)
		}
		if !strings.Contains(r.stderr, filepath.Join("good", "waitif.go")+":14:3: b.cond.Wait is guarded by an if") {
			t.Errorf("syncvet %s: the finding in the good package is not printed: %v", strings.Join(args, " "), r)
		}
	}
	// With -json, the error and the finding are both in the output; the
	// exit code is that of x/tools' checkers: 1 for the load error.
	r := command(t, dir, bin, "-json", "./broken", "./good")
	noCrash(t, r)
	if r.code != 1 || !strings.Contains(r.stdout, `"condloop"`) {
		t.Errorf("syncvet -json ./broken ./good: want exit code 1 and the good package's finding on stdout, got %v", r)
	}
}

// TestNothingToAnalyze checks packages with no Go file to analyze: a
// directory without Go files or whose files build constraints exclude,
// named on the command line, is an error (exit code 1, as go vet) with a
// message saying so; matched by ./... it is skipped. A package of test
// files only is analyzed with its tests, and is empty without them.
func TestNothingToAnalyze(t *testing.T) {
	dir := oddModule(t, map[string]string{
		"empty/README":       "no Go here\n",
		"tagged/tagged.go":   "//go:build never\n\npackage tagged\n\nfunc F() {}\n",
		"onlytest/x_test.go": strings.Replace(waitIf, "PKG", "onlytest", 1),
		"clean/clean.go":     "package clean\n\nfunc F() int { return 1 }\n",
	})
	for _, c := range []struct {
		pkg, msg string
	}{
		{"./empty", "no Go files in " + filepath.Join(dir, "empty")},
		{"./tagged", "build constraints exclude all Go files in " + filepath.Join(dir, "tagged")},
	} {
		r := command(t, dir, bin, c.pkg)
		noCrash(t, r)
		if r.code != 1 || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("syncvet %s: want exit code 1 and %q, got %v", c.pkg, c.msg, r)
		}
	}
	r := command(t, dir, bin, "./...")
	noCrash(t, r)
	if r.code != 3 || strings.Contains(r.stderr, "tagged") || strings.Count(r.stderr, "is guarded by an if") != 1 ||
		!strings.Contains(r.stderr, filepath.Join("onlytest", "x_test.go")+":14:3:") {
		t.Errorf("syncvet ./...: want exit code 3 and the one finding of onlytest/x_test.go, got %v", r)
	}
	r = command(t, dir, bin, "-test=false", "./onlytest", "./clean")
	noCrash(t, r)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("syncvet -test=false ./onlytest ./clean: want exit code 0 and no output, got %v", r)
	}
}

// cgoSrc calls C under a lock and holds condloop's mistake at cgo.go:29:3.
const cgoSrc = `package cgo

/*
#include <stdlib.h>

static int add(int a, int b) { return a + b; }
*/
import "C"

import "sync"

var (
	mu    sync.Mutex
	cond  = sync.NewCond(&mu)
	total int
)

func Add(n int) int {
	mu.Lock()
	defer mu.Unlock()
	total = int(C.add(C.int(total), C.int(n)))
	C.free(nil)
	return total
}

func Await(n int) {
	mu.Lock()
	if total < n {
		cond.Wait()
	}
	mu.Unlock()
}
`

// genericSrc uses type parameters everywhere the passes look: generic
// types holding locks and conditions, generic methods and functions
// starting goroutines, nested instantiations. Its one mistake is
// condloop's, at generic.go:67:3.
const genericSrc = `package generic

import (
	"cmp"
	"sync"
)

type Number interface {
	~int | ~int64 | ~float64
}

type Guarded[T any] struct {
	mu  sync.RWMutex
	val T
	cv  *sync.Cond
}

func (g *Guarded[T]) Get() T {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.val
}

func (g *Guarded[T]) Update(f func(T) T) {
	g.mu.Lock()
	g.val = f(g.val)
	g.mu.Unlock()
}

type Map[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*Guarded[V]
}

func (m *Map[K, V]) Load(k K) (*Guarded[V], bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	g, ok := m.m[k]
	return g, ok
}

func Sum[N Number, S ~[]*Guarded[N]](s S) N {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sum N
	)
	for _, g := range s {
		wg.Go(func() {
			v := g.Get()
			mu.Lock()
			sum += v
			mu.Unlock()
		})
	}
	wg.Wait()
	return sum
}

func Max[T cmp.Ordered](g *Guarded[[]T]) T {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.val) == 0 {
		g.cv.Wait()
	}
	if len(g.val) == 1 {
		g.cv.Wait()
	}
	best := g.val[0]
	for _, v := range g.val[1:] {
		best = max(best, v)
	}
	return best
}

type Pair[A, B any] struct {
	First  Guarded[A]
	Second Guarded[Map[string, B]]
}

func Use() int {
	var p Pair[int, Pair[string, float64]]
	p.First.Update(func(x int) int { return x + 1 })
	return Sum([]*Guarded[int]{&p.First}) + int(Sum[float64]([]*Guarded[float64]{}))
}
`

// TestCgoGenericsIgnored checks that cgo and generic code are analyzed
// (their findings reported at the lines of the original files), and that
// a //go:build ignore file, even one that would not compile, is left out.
func TestCgoGenericsIgnored(t *testing.T) {
	dir := oddModule(t, map[string]string{
		"cgo/cgo.go":         cgoSrc,
		"generic/generic.go": genericSrc,
		"good/waitif.go":     strings.Replace(waitIf, "PKG", "good", 1),
		"good/gen.go":        "//go:build ignore\n\npackage main\n\nfunc main() { undefined() }\n",
	})
	want := []string{
		filepath.Join("cgo", "cgo.go") + ":29:3: cond.Wait is guarded by an if",
		filepath.Join("generic", "generic.go") + ":67:3: g.cv.Wait is guarded by an if",
		filepath.Join("good", "waitif.go") + ":14:3: b.cond.Wait is guarded by an if",
	}
	r := command(t, dir, bin, "./...")
	noCrash(t, r)
	if r.code != 3 {
		t.Errorf("syncvet ./...: want exit code 3 (findings), got %v", r)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("syncvet ./...: no %q in\n%s", w, r.stderr)
		}
	}
	if got := strings.Count(r.stderr, "is guarded by an if"); got != len(want) {
		t.Errorf("syncvet ./...: %d condloop findings, want %d:\n%s", got, len(want), r.stderr)
	}
	if strings.Contains(r.stderr, "gen.go") || strings.Contains(r.stderr, "undefined") {
		t.Errorf("syncvet ./...: the //go:build ignore file was analyzed:\n%s", r.stderr)
	}
}

// TestStableOutput checks that two runs on the bundled examples print the
// same bytes, as text and as JSON: CI diffs and caches depend on it.
func TestStableOutput(t *testing.T) {
	for _, format := range [][]string{nil, {"-json"}} {
		args := append(append([]string(nil), format...), examples(t)...)
		first := command(t, root, bin, args...)
		second := command(t, root, bin, args...)
		noCrash(t, first)
		if first.stdout+first.stderr == "" {
			t.Fatalf("syncvet %s: no output", strings.Join(args, " "))
		}
		if first.code != second.code || first.stdout != second.stdout || first.stderr != second.stderr {
			t.Errorf("syncvet %s: two runs differ:\n%s", strings.Join(format, " "),
				diffLines(first.String(), second.String()))
		}
	}
}
