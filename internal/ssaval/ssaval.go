// Package ssaval answers, once for every engine and pass of syncvet, the
// question "which memory, which lock is this SSA value":
//
//   - Unwrap and Root follow a value through the operations that keep its
//     identity (conversions between named and interface types, an
//     unsafe.Pointer round trip, a type assertion that cannot fail, a
//     variable assigned once, a parameter spilled to a cell because a
//     closure captures it) down to the value it starts from;
//   - Field, FieldName and Class name what a field selection selects, the
//     last by type: the class of c.mu, for c a *T, is "(*pkg.T).mu", and
//     so is the class of v.mu for a package-level variable v of type T,
//     so that the same lock or field reached through a method's receiver
//     and through the variable compare equal;
//   - Name renders a value the way the source names it, for messages;
//   - the CFG helpers (Panicking, LiveSuccs, LiveBlocks, BlockReaches)
//     tell which blocks matter.
//
// internal/lockset names locks with it, internal/goroutines names the
// memory a goroutine touches with it, and passes/sharedwrite's guard
// inference names fields with it. What depends on a call context (which
// argument a parameter is bound to in a walk) stays with the engine that
// has the context; the steps it takes inside one function are here.
package ssaval

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// CoreType returns the underlying type of t, or, for a type parameter,
// the single underlying type of its type set; nil when there is none.
func CoreType(t types.Type) types.Type {
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, _ := tp.Underlying().(*types.Interface)
	if iface == nil {
		return nil
	}
	var core types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		var terms []types.Type
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				terms = append(terms, e.Term(j).Type())
			}
		default:
			terms = append(terms, e)
		}
		for _, term := range terms {
			u := term.Underlying()
			if core == nil {
				core = u
			} else if !types.Identical(core, u) {
				return nil
			}
		}
	}
	return core
}

// Elem returns what a pointer type (or a type parameter whose core type
// is a pointer) points to, or nil.
func Elem(t types.Type) types.Type {
	if p, ok := CoreType(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return nil
}

// TypeName returns "import/path.T" for a named type (its origin, for an
// instance of a generic type), or "".
func TypeName(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// Field returns the name of field i of the struct type t (of *t when ptr),
// and the named type holding it ("import/path.T"), or "" when that type
// is not named. name is "" when t is not such a struct.
func Field(t types.Type, i int, ptr bool) (name, owner string) {
	if ptr {
		if t = Elem(t); t == nil {
			return "", ""
		}
	}
	st, ok := CoreType(t).(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return "", ""
	}
	return st.Field(i).Name(), TypeName(t)
}

// FieldName returns the name of field i of the struct t, or of the struct
// t points to; "#i" when t is not known to be a struct.
func FieldName(t types.Type, i int) string {
	if e := Elem(t); e != nil {
		t = e
	}
	if name, _ := Field(t, i, false); name != "" {
		return name
	}
	return "#" + strconv.Itoa(i)
}

// FieldClass returns the class of the field fa selects, by the named type
// it belongs to: "(*pkg.T).f"; "" when fa does not select from a pointer
// to a named struct.
func FieldClass(fa *ssa.FieldAddr) string {
	name, owner := Field(fa.X.Type(), fa.Field, true)
	if name == "" || owner == "" {
		return ""
	}
	return "(*" + owner + ")." + name
}

// Class returns the class of the memory that path selects from a value of
// type t (a pointer to a struct, or a struct): "(*pkg.T).a.b", where T is
// the innermost named struct type on the path from which the rest of the
// path is selected, so that v.mu, c.mu and s.t.mu name one class when v,
// *c and s.t are of type T. It returns "" when no named struct holds the
// path (the caller then names the class by its root, for a package-level
// variable "pkg.v.f").
func Class(t types.Type, path []string) string {
	class := ""
	for i, name := range path {
		if e := Elem(t); e != nil {
			t = e
		}
		st, ok := CoreType(t).(*types.Struct)
		if !ok {
			return class
		}
		if owner := TypeName(t); owner != "" {
			class = "(*" + owner + ")." + strings.Join(path[i:], ".")
		}
		var next types.Type
		for j := 0; j < st.NumFields(); j++ {
			if st.Field(j).Name() == name {
				next = st.Field(j).Type()
				break
			}
		}
		if next == nil {
			return class
		}
		t = next
	}
	return class
}

// Unwrap returns the value v is a conversion of, when the conversion
// keeps its identity (the same object under another static type); nil
// otherwise.
func Unwrap(v ssa.Value) ssa.Value {
	switch x := v.(type) {
	case *ssa.ChangeType:
		return x.X
	case *ssa.ChangeInterface:
		return x.X
	case *ssa.MakeInterface:
		return x.X
	case *ssa.TypeAssert:
		if !x.CommaOk {
			return x.X
		}
	case *ssa.Convert:
		if isUnsafePointer(x.Type()) || isUnsafePointer(x.X.Type()) {
			return x.X
		}
	}
	return nil
}

// UnwrapAll applies Unwrap until it no longer applies.
func UnwrapAll(v ssa.Value) ssa.Value {
	for i := 0; i < 32; i++ {
		u := Unwrap(v)
		if u == nil {
			break
		}
		v = u
	}
	return v
}

func isUnsafePointer(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}

// StoredOnce returns the value stored in the variable a if a is assigned
// exactly once and its address is used for nothing but loads and closure
// bindings; nil otherwise.
func StoredOnce(a *ssa.Alloc) ssa.Value {
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	var stored ssa.Value
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != a || stored != nil {
				return nil
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return stored
}

// SpilledParam returns the parameter whose value the cell a holds, when a
// is a parameter spilled to the heap (a closure captures it, or its
// address is taken to select fields) and is never assigned anything else:
// a is then the parameter, for naming. Its fields may be used in place
// (c.mu.Lock() on a struct parameter), but neither a nor a field of it is
// stored to, and its address does not escape but to a closure.
func SpilledParam(a *ssa.Alloc) *ssa.Parameter {
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	var p *ssa.Parameter
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			q, ok := r.Val.(*ssa.Parameter)
			if r.Addr != a || !ok || p != nil {
				return nil
			}
			p = q
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.DebugRef, *ssa.MakeClosure:
		case *ssa.FieldAddr:
			if storedTo(r) {
				return nil
			}
		default:
			return nil
		}
	}
	return p
}

// storedTo reports whether the address v is stored to.
func storedTo(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == v {
			return true
		}
	}
	return false
}

// Root follows v through identity-keeping conversions, loads of variables
// assigned once, spilled parameters and, through bind, the free variables
// of closures (bind returns the value a free variable is bound to, or nil
// when it is not known), and returns the value v denotes. Field
// selections are not followed: see Path.
func Root(v ssa.Value, bind func(*ssa.FreeVar) ssa.Value) ssa.Value {
	for i := 0; i < 64; i++ {
		if u := Unwrap(v); u != nil {
			v = u
			continue
		}
		switch x := v.(type) {
		case *ssa.FreeVar:
			if bind != nil {
				if b := bind(x); b != nil {
					v = b
					continue
				}
			}
		case *ssa.Alloc:
			if p := SpilledParam(x); p != nil {
				v = p
				continue
			}
		}
		break
	}
	return v
}

// ParamIndex returns the index of p among its function's parameters (the
// receiver first), or -1.
func ParamIndex(p *ssa.Parameter) int {
	if fn := p.Parent(); fn != nil {
		for i, q := range fn.Params {
			if q == p {
				return i
			}
		}
	}
	return -1
}

// syntheticAlloc holds the comments the SSA builder gives allocations
// that are not named variables.
var syntheticAlloc = map[string]bool{
	"new": true, "complit": true, "slicelit": true, "varargs": true,
	"makeslice": true, "rangeindex": true, "sliceToArray": true,
}

// VarName returns the name of the variable v is (a parameter, free
// variable, package-level variable, or a local variable's cell), or the
// name of the variable whose value v is loaded from; "" otherwise.
func VarName(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Parameter:
		return x.Name()
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.Global:
		return x.Name()
	case *ssa.Alloc:
		if token.IsIdentifier(x.Comment) && !syntheticAlloc[x.Comment] {
			return x.Comment
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			switch y := x.X.(type) {
			case *ssa.Alloc, *ssa.FreeVar, *ssa.Global:
				return VarName(y)
			}
		}
	}
	return ""
}

// Name renders how the source names the value v (or the memory it
// addresses), for messages: "c", "c.mu", "s.shards[…].mu", "get()"; "…"
// for a value it cannot name.
func Name(v ssa.Value) string {
	return name(v, 0)
}

func name(v ssa.Value, depth int) string {
	if depth > 16 {
		return "…"
	}
	if n := VarName(v); n != "" {
		return n
	}
	switch x := v.(type) {
	case *ssa.Call:
		if fn := x.Call.StaticCallee(); fn != nil {
			return fn.Name() + "()"
		}
		if x.Call.IsInvoke() {
			return x.Call.Method.Name() + "()"
		}
		return "f()"
	case *ssa.Lookup:
		return name(x.X, depth+1) + "[…]"
	case *ssa.Index:
		return name(x.X, depth+1) + "[…]"
	case *ssa.IndexAddr:
		return name(x.X, depth+1) + "[…]"
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return name(x.X, depth+1)
		}
	case *ssa.FieldAddr:
		if f, _ := Field(x.X.Type(), x.Field, true); f != "" {
			return name(x.X, depth+1) + "." + f
		}
	case *ssa.Field:
		if f, _ := Field(x.X.Type(), x.Field, false); f != "" {
			return name(x.X, depth+1) + "." + f
		}
	}
	if u := Unwrap(v); u != nil {
		return name(u, depth+1)
	}
	return "…"
}
