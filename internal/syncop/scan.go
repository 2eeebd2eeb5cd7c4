package syncop

import (
	"go/ast"
	"go/types"
)

// A Scan is what a package's syntax holds that the engines build on: it
// lets an engine decide, before any SSA is built, that a package gives it
// nothing to compute (no lock, channel, goroutine or blocking call of its
// own, and no call of a function with one of the engine's facts). It is
// conservative: anything an engine might read makes the package count.
type Scan struct {
	Go   bool // a go statement
	Chan bool // an expression, variable or field of channel type
	// Ops: a use of a function, method or type that Classify or
	// IsSyncType knows (a Lock, an atomic, a WaitGroup field, time.Sleep).
	Ops bool
	// FuncVarCall: a call of a function-typed variable, parameter or field
	// (what a function summary records as calling its argument).
	FuncVarCall bool
	// Terminating: a function or method declared in the package never
	// returns normally (it panics, exits or loops forever on every path,
	// a fact the lock engine exports).
	Terminating bool
	// Funcs are the functions and methods of other packages the package
	// uses, once each, for the engine to look up its facts; Vars the
	// variables it declares or uses, for the engine to judge their types.
	Funcs []*types.Func
	Vars  []*types.Var
}

// ScanPackage scans the package's files and type information; noReturn
// says which of its functions never return (ctrlflow's CFGs.NoReturn).
func ScanPackage(pkg *types.Package, info *types.Info, files []*ast.File, noReturn func(*types.Func) bool) *Scan {
	s := new(Scan)
	seen := map[*types.Func]bool{}
	for _, obj := range info.Uses {
		switch obj := obj.(type) {
		case *types.Func:
			if Classify(obj) != None {
				s.Ops = true
			}
			if o := obj.Origin(); o != nil {
				obj = o
			}
			if obj.Pkg() != nil && obj.Pkg() != pkg && !seen[obj] {
				seen[obj] = true
				s.Funcs = append(s.Funcs, obj)
			}
		case *types.TypeName:
			if IsSyncType(obj.Type()) {
				s.Ops = true
			}
		case *types.Var:
			s.Vars = append(s.Vars, obj)
		}
	}
	for _, obj := range info.Defs {
		if v, ok := obj.(*types.Var); ok {
			s.Vars = append(s.Vars, v)
		}
	}
	for _, v := range s.Vars {
		if IsChan(v.Type()) {
			s.Chan = true
		} else if IsSyncType(v.Type()) {
			s.Ops = true
		}
	}
	if !s.Chan {
		for _, tv := range info.Types {
			if tv.Type != nil && IsChan(tv.Type) {
				s.Chan = true
				break
			}
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				s.Go = true
			case *ast.SelectStmt, *ast.SendStmt:
				s.Chan = true
			case *ast.CallExpr:
				if !s.FuncVarCall && isFuncVarCall(info, n) {
					s.FuncVarCall = true
				}
			case *ast.FuncDecl:
				if fn, ok := info.Defs[n.Name].(*types.Func); ok && !s.Terminating && noReturn(fn) {
					s.Terminating = true
				}
			}
			return true
		})
	}
	return s
}

// isFuncVarCall reports whether call calls the value of a variable,
// parameter or field of function type (not a function or method).
func isFuncVarCall(info *types.Info, call *ast.CallExpr) bool {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr, *ast.CallExpr, *ast.FuncLit, *ast.TypeAssertExpr, *ast.StarExpr:
		// f[i](), g()(), func(){...}(), x.(func())(), (*p)()
		tv, ok := info.Types[fun]
		return ok && !tv.IsType()
	default:
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v != nil
}
