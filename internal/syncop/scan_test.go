package syncop

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// scan type-checks src (package p) and scans it; noReturn names the
// functions taken as never returning.
func scan(t *testing.T, src string, noReturn ...string) (*Scan, *types.Package) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Uses:  map[*ast.Ident]types.Object{},
		Defs:  map[*ast.Ident]types.Object{},
		Types: map[ast.Expr]types.TypeAndValue{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	nr := func(fn *types.Func) bool {
		for _, n := range noReturn {
			if fn.Name() == n {
				return true
			}
		}
		return false
	}
	return ScanPackage(pkg, info, []*ast.File{f}, nr), pkg
}

func TestScanPackage(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		noReturn  []string
		want      string // the Scan's true fields, in field order
	}{
		{"pure", `package p
import "strings"
type T struct{ n int }
func (t *T) Add(s string) { t.n += len(strings.TrimSpace(s)) }
func fail() { t := T{}; t.Add("") }`, nil, ""},
		{"go statement", `package p
func g() {}
func f() { go g() }`, nil, "Go"},
		{"channel parameter", `package p
func f(c chan int) {}`, nil, "Chan"},
		{"channel from a call", `package p
import "time"
func f() { _ = time.After(0) }`, nil, "Chan"},
		{"select", `package p
func f() { select {} }`, nil, "Chan"},
		{"mutex field", `package p
import "sync"
type T struct{ mu sync.Mutex }`, nil, "Ops"},
		{"sleep", `package p
import "time"
func f() { time.Sleep(1) }`, nil, "Ops"},
		{"atomic", `package p
import "sync/atomic"
var n int64
func f() { atomic.AddInt64(&n, 1) }`, nil, "Ops"},
		{"called parameter", `package p
func f(g func()) { g() }`, nil, "FuncVarCall"},
		{"called field", `package p
type T struct{ cb func() }
func (t T) f() { t.cb() }`, nil, "FuncVarCall"},
		{"called literal", `package p
func f() { func() {}() }`, nil, "FuncVarCall"},
		{"conversion is no call", `package p
type F func()
func g() {}
func f() { _ = F(g) }`, nil, ""},
		{"never returns", `package p
func Fail() { panic(1) }`, []string{"Fail"}, "Terminating"},
	} {
		s, pkg := scan(t, tc.src, tc.noReturn...)
		var got []string
		for _, f := range []struct {
			on   bool
			name string
		}{{s.Go, "Go"}, {s.Chan, "Chan"}, {s.Ops, "Ops"}, {s.FuncVarCall, "FuncVarCall"}, {s.Terminating, "Terminating"}} {
			if f.on {
				got = append(got, f.name)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		for _, fn := range s.Funcs {
			if fn.Pkg() == pkg {
				t.Errorf("%s: Funcs holds %s of the package itself", tc.name, fn.Name())
			}
		}
	}
}

// Funcs lists each function of another package once, generic ones by
// their origin, for the engines to look up their facts.
func TestScanFuncs(t *testing.T) {
	s, _ := scan(t, `package p
import ("slices"; "strings")
func f(a, b []int) bool {
	_ = strings.ToUpper("a") + strings.ToUpper("b")
	return slices.Equal(a, b) && slices.Equal([]string{}, nil)
}`)
	var names []string
	for _, fn := range s.Funcs {
		if fn.Origin() != fn {
			t.Errorf("%s is an instance, not its origin", fn.Name())
		}
		names = append(names, fn.Pkg().Name()+"."+fn.Name())
	}
	if got := strings.Join(names, " "); len(names) != 2 || !strings.Contains(got, "strings.ToUpper") || !strings.Contains(got, "slices.Equal") {
		t.Errorf("Funcs = %s, want strings.ToUpper and slices.Equal once each", got)
	}
}
