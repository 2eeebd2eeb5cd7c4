package ssaval_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/syncvet/syncvet/internal/ssaval"
)

const src = `package p

import "sync"

type Inner struct{ mu sync.Mutex }

type T struct {
	mu    sync.Mutex
	in    Inner
	anon  struct{ mu sync.Mutex }
	count int
}

var global T

func lockField(c *T)  { c.mu.Lock() }
func lockInner(c *T)  { c.in.mu.Lock() }
func lockAnon(c *T)   { c.anon.mu.Lock() }
func lockGlobal()     { global.mu.Lock() }
func byValue(c T)     { c.mu.Lock() }
func written(c T)     { c.count = 1; c.mu.Lock() }
func captured(c *T) func() { return func() { c.mu.Lock() } }
`

func build(t *testing.T) *ssa.Package { return buildSrc(t, src) }

// buildSrc type-checks the file text as package example.com/p and builds
// its SSA.
func buildSrc(t *testing.T, text string) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", text, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("example.com/p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// lockArg returns the argument of the first Lock call in fn.
func lockArg(t *testing.T, fn *ssa.Function) ssa.Value {
	t.Helper()
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == "Lock" {
					return c.Call.Args[0]
				}
			}
		}
	}
	t.Fatalf("%s: no Lock call", fn.Name())
	return nil
}

// path splits a lock's address into the value it is selected from and
// the field names, using ssaval's field names.
func path(v ssa.Value) (ssa.Value, types.Type, []string) {
	var names []string
	var from types.Type
	for {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			return v, from, names
		}
		names = append([]string{ssaval.FieldName(fa.X.Type(), fa.Field)}, names...)
		from = fa.X.Type()
		v = fa.X
	}
}

func TestClassAndName(t *testing.T) {
	pkg := build(t)
	for _, tc := range []struct {
		fn, class, name string
	}{
		{"lockField", "(*example.com/p.T).mu", "c.mu"},
		{"lockInner", "(*example.com/p.Inner).mu", "c.in.mu"},
		{"lockAnon", "(*example.com/p.T).anon.mu", "c.anon.mu"},
		{"lockGlobal", "(*example.com/p.T).mu", "global.mu"},
	} {
		arg := lockArg(t, pkg.Func(tc.fn))
		_, from, names := path(arg)
		if got := ssaval.Class(from, names); got != tc.class {
			t.Errorf("%s: Class = %q, want %q", tc.fn, got, tc.class)
		}
		if got := ssaval.Name(arg); got != tc.name {
			t.Errorf("%s: Name = %q, want %q", tc.fn, got, tc.name)
		}
	}
	if fa, ok := lockArg(t, pkg.Func("lockField")).(*ssa.FieldAddr); !ok || ssaval.FieldClass(fa) != "(*example.com/p.T).mu" {
		t.Errorf("FieldClass of c.mu: want (*example.com/p.T).mu")
	}
}

func TestSpilledParam(t *testing.T) {
	pkg := build(t)
	// c.mu.Lock() on a struct parameter: the cell is the parameter.
	root, _, _ := path(lockArg(t, pkg.Func("byValue")))
	a, ok := root.(*ssa.Alloc)
	if !ok {
		t.Fatalf("byValue: root is %T, want *ssa.Alloc", root)
	}
	if p := ssaval.SpilledParam(a); p == nil || p.Name() != "c" {
		t.Errorf("byValue: SpilledParam = %v, want parameter c", p)
	}
	if r := ssaval.Root(a, nil); r != pkg.Func("byValue").Params[0] {
		t.Errorf("byValue: Root = %v, want the parameter", r)
	}
	// A field of the copy is assigned: the cell is no longer the parameter.
	root, _, _ = path(lockArg(t, pkg.Func("written")))
	if p := ssaval.SpilledParam(root.(*ssa.Alloc)); p != nil {
		t.Errorf("written: SpilledParam = %v, want nil", p)
	}
}

func TestRootThroughClosure(t *testing.T) {
	pkg := build(t)
	outer := pkg.Func("captured")
	inner := outer.AnonFuncs[0]
	var mc *ssa.MakeClosure
	for _, b := range outer.Blocks {
		for _, instr := range b.Instrs {
			if m, ok := instr.(*ssa.MakeClosure); ok {
				mc = m
			}
		}
	}
	root, _, _ := path(lockArg(t, inner))
	// The closure loads c from its captured cell: follow the load by hand,
	// then the binding and the spilled parameter through Root.
	if ld, ok := root.(*ssa.UnOp); ok {
		root = ld.X
	}
	bind := func(fv *ssa.FreeVar) ssa.Value {
		for i, v := range inner.FreeVars {
			if v == fv {
				return mc.Bindings[i]
			}
		}
		return nil
	}
	if got := ssaval.Root(root, bind); got != outer.Params[0] {
		t.Errorf("Root through the closure = %v, want parameter c of captured", got)
	}
}

func TestCoreType(t *testing.T) {
	i := types.Typ[types.Int]
	if ssaval.CoreType(i) != i {
		t.Error("CoreType(int) != int")
	}
	named := types.NewNamed(types.NewTypeName(token.NoPos, nil, "N", nil), i, nil)
	u := types.NewUnion([]*types.Term{types.NewTerm(true, i), types.NewTerm(false, named)})
	tp := types.NewTypeParam(types.NewTypeName(token.NoPos, nil, "P", nil), types.NewInterfaceType(nil, []types.Type{u}))
	if ssaval.CoreType(tp) != i {
		t.Errorf("CoreType(~int | N) = %v, want int", ssaval.CoreType(tp))
	}
	u2 := types.NewUnion([]*types.Term{types.NewTerm(true, i), types.NewTerm(true, types.Typ[types.String])})
	tp2 := types.NewTypeParam(types.NewTypeName(token.NoPos, nil, "Q", nil), types.NewInterfaceType(nil, []types.Type{u2}))
	if ssaval.CoreType(tp2) != nil {
		t.Errorf("CoreType(~int | ~string) = %v, want nil", ssaval.CoreType(tp2))
	}
}
