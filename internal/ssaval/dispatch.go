package ssaval

import (
	"go/types"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/syncop"
)

// MaxCallees bounds the functions a dynamic call may be resolved to: past
// it, the call could run almost anything and is left unresolved.
const MaxCallees = 4

// A Dispatch answers, for the calls of one package whose callee is not
// static, which of the package's functions they may run:
//
//   - an interface method call on a value converted from a concrete type
//     in the same function runs that type's method (exactly);
//   - an interface method call through an interface type the package
//     declares may run the method of each type of the package that
//     converts to it;
//   - a call of a function value read from a struct field may run the
//     functions and closures the package stores in that field, directly
//     or through a parameter of a setter (the arguments of its calls in
//     the package); a function-typed parameter, the arguments passed for
//     it in the package.
//
// The may-call answers are what the package itself shows: code outside it
// can store or implement other things, so they say what a call can do,
// never what it must.
type Dispatch struct {
	pkg    *types.Package
	prog   *ssa.Program
	funcs  []*ssa.Function
	once   sync.Once                               // builds the indexes: passes may ask concurrently
	stores map[*types.Var][]ssa.Value              // function values stored in a struct field
	conv   []*ssa.MakeInterface                    // conversions of the package's types to interfaces
	sites  map[*ssa.Function][]ssa.CallInstruction // direct calls (and go, defer) of the package's functions
	impls  map[*types.Named][]types.Type           // memo: the package's types converted to an interface
}

// NewDispatch returns the Dispatch of the package whose functions (all of
// them, anonymous ones included) are funcs.
func NewDispatch(pkg *types.Package, prog *ssa.Program, funcs []*ssa.Function) *Dispatch {
	return &Dispatch{pkg: pkg, prog: prog, funcs: funcs}
}

func (d *Dispatch) build() { d.once.Do(d.index) }

func (d *Dispatch) index() {
	d.stores = map[*types.Var][]ssa.Value{}
	d.sites = map[*ssa.Function][]ssa.CallInstruction{}
	d.impls = map[*types.Named][]types.Type{}
	for _, fn := range d.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Store:
					fa, ok := x.Addr.(*ssa.FieldAddr)
					if !ok {
						continue
					}
					if _, ok := x.Val.Type().Underlying().(*types.Signature); !ok {
						continue
					}
					if v := FieldVar(fa.X.Type(), fa.Field); v != nil {
						d.stores[v] = append(d.stores[v], x.Val)
					}
				case *ssa.MakeInterface:
					if n := syncop.Named(x.X.Type()); n != nil && n.Obj().Pkg() == d.pkg {
						d.conv = append(d.conv, x)
					}
				case ssa.CallInstruction:
					c := x.Common()
					if f, ok := c.Value.(*ssa.Function); ok && !c.IsInvoke() {
						if o := f.Origin(); o != nil {
							f = o
						}
						d.sites[f] = append(d.sites[f], x)
					}
				}
			}
		}
	}
}

// Sites returns the direct calls, go and defer statements of fn (by its
// generic origin) in the package's functions, in the order of those
// functions and their instructions: the one index of call sites that the
// engines and passes share.
func (d *Dispatch) Sites(fn *ssa.Function) []ssa.CallInstruction {
	d.build()
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return d.sites[fn]
}

// FieldVar returns field i of the struct t is (or points to), by its
// generic origin.
func FieldVar(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := CoreType(t).(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i).Origin()
}

// A Callee is a function a dynamic call may (or, Exact, must) run, with
// the arguments it receives: the receiver first for a method.
type Callee struct {
	Fn    *ssa.Function
	Args  []ssa.Value
	Exact bool
}

// Callees returns the functions of the package the call c may run when it
// has no static callee; nil when it has one or nothing is known.
func (d *Dispatch) Callees(c *ssa.CallCommon) []Callee {
	if c.StaticCallee() != nil {
		return nil
	}
	if c.IsInvoke() {
		return d.invoke(c)
	}
	if _, ok := c.Value.(*ssa.Parameter); ok {
		return nil // what its callers pass: their business (see FuncValues)
	}
	fns := d.FuncValues(c.Value)
	out := make([]Callee, 0, len(fns))
	for _, f := range fns {
		out = append(out, Callee{Fn: f, Args: c.Args})
	}
	return out
}

func (d *Dispatch) invoke(c *ssa.CallCommon) []Callee {
	recv := c.Value
	for {
		if ci, ok := recv.(*ssa.ChangeInterface); ok {
			recv = ci.X
			continue
		}
		break
	}
	args := func(r ssa.Value) []ssa.Value {
		return append([]ssa.Value{r}, c.Args...)
	}
	if mi, ok := recv.(*ssa.MakeInterface); ok {
		if f := d.method(mi.X.Type(), c.Method); f != nil {
			return []Callee{{Fn: f, Args: args(mi.X), Exact: true}}
		}
		return nil
	}
	named, ok := types.Unalias(c.Value.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() != d.pkg {
		return nil
	}
	iface, ok := named.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []Callee
	for _, t := range d.implementations(named, iface) {
		if f := d.method(t, c.Method); f != nil {
			out = append(out, Callee{Fn: f, Args: args(c.Value)})
		}
	}
	if len(out) > MaxCallees {
		return nil
	}
	return out
}

// method returns the function t's method m runs, when it has a body.
func (d *Dispatch) method(t types.Type, m *types.Func) *ssa.Function {
	sel := d.prog.MethodSets.MethodSet(t).Lookup(m.Pkg(), m.Name())
	if sel == nil {
		return nil
	}
	f := d.prog.MethodValue(sel)
	if f == nil || len(f.Blocks) == 0 {
		return nil
	}
	return f
}

// implementations returns the package's types (T or *T, T named and
// declared in the package) that the package converts to the interface
// type named, whose underlying type is iface, or to an interface with
// more methods than it: the dynamic types a value of that interface type
// can hold in the package.
func (d *Dispatch) implementations(named *types.Named, iface *types.Interface) []types.Type {
	d.build()
	if ts, ok := d.impls[named]; ok {
		return ts
	}
	var out []types.Type
	for _, mi := range d.conv {
		t := mi.X.Type()
		to := mi.Type()
		if !types.Identical(to, named) {
			ti, ok := to.Underlying().(*types.Interface)
			if !ok || ti.NumMethods() <= iface.NumMethods() || !types.AssignableTo(to, named) {
				continue
			}
		}
		dup := false
		for _, o := range out {
			dup = dup || types.Identical(o, t)
		}
		if !dup {
			out = append(out, t)
		}
	}
	d.impls[named] = out
	return out
}

// FuncValues returns the functions of the package the function value v
// may be: itself, the closure it makes, the values stored in the field it
// is read from, the arguments passed for the parameter it is. Nil when
// nothing is known or more than MaxCallees are possible.
func (d *Dispatch) FuncValues(v ssa.Value) []*ssa.Function {
	d.build()
	var out []*ssa.Function
	seen := map[ssa.Value]bool{}
	have := map[*ssa.Function]bool{}
	var walk func(v ssa.Value, depth int) bool
	walk = func(v ssa.Value, depth int) bool {
		if depth > 8 || seen[v] {
			return true
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Function:
			if len(x.Blocks) > 0 && !have[x] {
				have[x] = true
				out = append(out, x)
			}
		case *ssa.MakeClosure:
			return walk(x.Fn, depth+1)
		case *ssa.ChangeType:
			return walk(x.X, depth+1)
		case *ssa.Phi:
			for _, e := range x.Edges {
				if !walk(e, depth+1) {
					return false
				}
			}
		case *ssa.UnOp:
			fa, ok := x.X.(*ssa.FieldAddr)
			if !ok {
				return true
			}
			return d.walkField(FieldVar(fa.X.Type(), fa.Field), walk, depth)
		case *ssa.Field:
			return d.walkField(FieldVar(x.X.Type(), x.Field), walk, depth)
		case *ssa.Parameter:
			f := x.Parent()
			if o := f.Origin(); o != nil {
				f = o
			}
			i := ParamIndex(x)
			for _, site := range d.sites[f] {
				if c := site.Common(); i >= 0 && i < len(c.Args) && !walk(c.Args[i], depth+1) {
					return false
				}
			}
		}
		return len(out) <= MaxCallees
	}
	if !walk(v, 0) || len(out) > MaxCallees {
		return nil
	}
	return out
}

func (d *Dispatch) walkField(f *types.Var, walk func(ssa.Value, int) bool, depth int) bool {
	if f == nil {
		return true
	}
	for _, s := range d.stores[f] {
		if !walk(s, depth+1) {
			return false
		}
	}
	return true
}
