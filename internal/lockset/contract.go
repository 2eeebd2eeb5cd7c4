package lockset

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
)

// What the engine does with the annotations of annot.go: an annotated
// function is analyzed with its annotated locks held on entry (its lock
// context, in place of the one inferred from its callers), and every
// access to an annotated field, and every call of an annotated function
// in the package, is checked against the locks held there
// (Result.Unguarded).

// An Unguarded is an access to an annotated field, or a call of a
// function whose annotation requires a lock, made without that lock.
type Unguarded struct {
	Instr  ssa.Instruction // the field's *ssa.FieldAddr, or the *ssa.Call
	Pos    token.Pos       // the field's selector, or the call
	Fn     *ssa.Function   // the function making the access or the call
	Write  bool            // the access writes the field, or a map or slice element through it
	Field  *types.Var      // the field; nil for a call
	Callee *ssa.Function   // the function called; nil for an access
	Spec   Spec            // the annotation
	Lock   *Lock           // the lock required, in Fn's terms
	// Shared: the lock is held, but only for reading, and the access
	// writes or the callee requires it exclusively.
	Shared bool
	// Excluded: a call made holding a lock the callee's annotation
	// (+checklocksexclude, or +checklocksexcludewrite when held
	// exclusively) says must not be held.
	Excluded bool
}

// specLock names the lock of spec in fn's terms (fn being the annotated
// function), or nil.
func (pa *pkgAnalysis) specLock(fn *ssa.Function, spec Spec) *Lock {
	if spec.Global != nil {
		g := pa.global(spec.Global)
		if g == nil {
			return nil
		}
		l, _ := pa.resolveFrom(g, Mutex, spec.Path)
		return l
	}
	if spec.Param < 0 || spec.Param >= len(fn.Params) {
		return nil
	}
	l, _ := pa.resolveFrom(fn.Params[spec.Param], Mutex, spec.Path)
	return l
}

// global returns the SSA value of a package-level variable.
func (pa *pkgAnalysis) global(v *types.Var) *ssa.Global {
	if v.Pkg() == nil {
		return nil
	}
	pkg := pa.pkg
	if v.Pkg() != pa.pkg.Pkg {
		pkg = pa.pkg.Prog.Package(v.Pkg())
	}
	if pkg == nil {
		return nil
	}
	g, _ := pkg.Members[v.Name()].(*ssa.Global)
	return g
}

// contractOf returns the annotations of a named function of the program.
func (pa *pkgAnalysis) contractOf(fn *ssa.Function) *Contract {
	if pa.annots == nil || fn == nil {
		return nil
	}
	obj, _ := calleeOrigin(fn).Object().(*types.Func)
	return pa.annots.Func(obj)
}

// annotatedEntry returns the lock context an annotated function is
// entered with, or nil.
func (pa *pkgAnalysis) annotatedEntry(fn *ssa.Function) LockSet {
	var out LockSet
	for _, spec := range pa.contractOf(fn).Entry() {
		if l := pa.specLock(fn, spec); l != nil && !out.Has(l) {
			out = append(out, HeldLock{Lock: l, Shared: spec.Shared, Inherited: true, Context: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lock.key < out[j].Lock.key })
	return out
}

// ignored reports whether fn, or the named function enclosing it, is
// annotated +checklocksignore.
func (pa *pkgAnalysis) ignored(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if c := pa.contractOf(f); c != nil && c.Ignore {
			return true
		}
	}
	return false
}

// checkAnnotations lists the accesses and calls made without the locks
// the annotations require.
func (pa *pkgAnalysis) checkAnnotations() []*Unguarded {
	if pa.annots == nil && !pa.callsAnnotated() {
		return nil
	}
	return pa.unguarded(func(v *types.Var) []Spec {
		if fg := pa.annots.Field(v); fg != nil {
			return fg.Guards
		}
		if pa.annots != nil {
			if fg := pa.annots.Vars[v]; fg != nil {
				return fg.Guards
			}
		}
		return nil
	}, true)
}

// unguarded lists the accesses to fields made without the locks guards
// returns for the field and, with calls, the calls of annotated
// functions made without the locks they require.
func (pa *pkgAnalysis) unguarded(guards func(*types.Var) []Spec, calls bool) []*Unguarded {
	var out []*Unguarded
	// One finding per statement: x.n++ and x.s = append(x.s, v) select
	// the field twice; the write stands for both.
	type stmtKey struct {
		fn    *ssa.Function
		field *types.Var
		lock  string
		line  int
	}
	seen := map[stmtKey]*Unguarded{}
	add := func(us []*Unguarded) {
		for _, u := range us {
			if u.Field == nil {
				out = append(out, u)
				continue
			}
			k := stmtKey{u.Fn, u.Field, u.Lock.key, pa.pass.Fset.Position(u.Pos).Line}
			prev := seen[k]
			switch {
			case prev == nil:
				seen[k] = u
				out = append(out, u)
			case u.Write && !prev.Write:
				*prev = *u
			}
		}
	}
	for _, fn := range pa.funcs {
		f := pa.results[fn]
		if f == nil || f.Imprecise || pa.ignored(fn) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.FieldAddr:
					if v := ssaval.FieldVar(in.X.Type(), in.Field); v != nil {
						if specs := guards(v); len(specs) > 0 {
							add(pa.checkAccess(f, in, v, specs))
						}
					}
				case *ssa.Call:
					if calls {
						add(pa.checkCall(f, in))
					}
				}
				// A guarded package-level variable, read, written, or a
				// part of it selected.
				if g, access, write := globalAccess(instr); g != nil && !initializer(fn) {
					if v, ok := g.Object().(*types.Var); ok {
						if specs := guards(v); len(specs) > 0 {
							add(pa.checkGlobal(f, instr, v, specs, access, write))
						}
					}
				}
			}
		}
	}
	return out
}

// CheckGuard lists the accesses to field that an annotation naming the
// lock at path from the field's struct (+checklocks:mu) would report: a
// guard inferred elsewhere, checked as if written (syncvet -guards).
func (r *Result) CheckGuard(field *types.Var, path []string) []*Unguarded {
	if r == nil || r.checker == nil || field == nil {
		return nil
	}
	r.checkMu.Lock()
	defer r.checkMu.Unlock()
	field = field.Origin()
	spec := []Spec{{Expr: strings.Join(path, "."), Param: -1, Path: path}}
	return r.checker.unguarded(func(v *types.Var) []Spec {
		if v.Origin() == field {
			return spec
		}
		return nil
	}, false)
}

func (pa *pkgAnalysis) checkAccess(f *Func, fa *ssa.FieldAddr, field *types.Var, guards []Spec) []*Unguarded {
	if !fa.Pos().IsValid() {
		return nil
	}
	access, write := fieldAccess(fa, 0)
	if !access || pa.forced(fa.Pos()) {
		return nil
	}
	var out []*Unguarded
	for _, spec := range guards {
		var l *Lock
		if spec.Global != nil {
			if g := pa.global(spec.Global); g != nil {
				l, _ = pa.resolveFrom(g, Mutex, spec.Path)
			}
		} else {
			l, _ = pa.resolveFrom(fa.X, Mutex, spec.Path)
			if l != nil && pa.fresh(l, f.Fn) {
				return nil // an object the function allocates: not shared yet
			}
		}
		if l == nil {
			continue
		}
		h, held := f.held[fa].must.Lookup(l)
		if !held {
			base := strings.TrimSuffix(l.Name, "."+strings.Join(spec.Path, "."))
			h, held = pa.aliasHeld(f, fa, l, base, fa.X.Type())
		}
		if !held {
			h, held = pa.resultAcquired(l)
		}
		if held && (!write || !h.Shared) {
			continue
		}
		out = append(out, &Unguarded{Instr: fa, Pos: fa.Pos(), Fn: f.Fn, Write: write, Field: field.Origin(),
			Spec: spec, Lock: l, Shared: held})
	}
	return out
}

func (pa *pkgAnalysis) checkCall(f *Func, call *ssa.Call) []*Unguarded {
	callee := call.Call.StaticCallee()
	if callee == nil || !call.Pos().IsValid() {
		return nil
	}
	origin := calleeOrigin(callee)
	// The callee's annotation: its own contract in this package, its
	// summary's Requires for another package's.
	var specs []Spec
	var locks []*Lock
	if c := pa.contractOf(origin); c != nil {
		for _, spec := range c.Entry() {
			if l := pa.specLock(origin, spec); l != nil {
				specs, locks = append(specs, spec), append(locks, l)
			}
		}
	} else if origin.Pkg != pa.pkg {
		if sum := pa.summaryOf(origin); sum != nil {
			for _, e := range sum.Requires {
				specs = append(specs, Spec{Expr: e.Lock.Name, Param: e.Lock.Param, Path: e.Lock.Path, Shared: e.Shared})
				locks = append(locks, e.Lock)
			}
		}
	}
	out := pa.checkExcludes(f, call, callee, origin)
	if len(specs) == 0 || pa.forced(call.Pos()) {
		return out
	}
	tmp := &funcAnalysis{pa: pa, fn: f.Fn}
	for i, spec := range specs {
		here := tmp.subst(locks[i], &call.Call, callee, call, false)
		if here == nil || pa.fresh(here, f.Fn) {
			continue
		}
		h, held := f.held[call].must.Lookup(here)
		if !held {
			h, held = pa.aliasHeld(f, call, here, "", nil)
		}
		if held && (spec.Shared || !h.Shared) {
			continue
		}
		if here.Root == RootGlobal && origin.Pkg != pa.pkg && origin.Pkg != nil && !strings.HasPrefix(here.Name, origin.Pkg.Pkg.Name()+".") {
			n := *here
			n.Name = origin.Pkg.Pkg.Name() + "." + here.Name // another package's variable, as this one names it
			here = &n
		}
		out = append(out, &Unguarded{Instr: call, Pos: call.Pos(), Fn: f.Fn, Callee: origin,
			Spec: spec, Lock: here, Shared: held})
	}
	return out
}

// fresh reports whether the lock belongs to an object fn allocates
// itself: a constructor filling in what it built, before anyone else
// can see it.
func (pa *pkgAnalysis) fresh(l *Lock, fn *ssa.Function) bool {
	a, ok := l.root.(*ssa.Alloc)
	return ok && l.Root == RootLocal && a.Parent() == fn && ssaval.SpilledParam(a) == nil
}

// forced reports whether the line of pos ends in +checklocksforce.
func (pa *pkgAnalysis) forced(pos token.Pos) bool {
	if pa.annots == nil || len(pa.annots.Force) == 0 {
		return false
	}
	p := pa.pass.Fset.Position(pos)
	return pa.annots.Force[fmt.Sprintf("%s:%d", p.Filename, p.Line)]
}

// fieldAccess reports whether the field address v is used to read or
// write the field (or a part of it: c.cfg.Timeout reads c.cfg), and
// whether a use writes it, or a map or slice element the field holds
// (c.m[k] = v writes c.m). Taking the address for a call (an atomic
// operation, a method with a pointer receiver) is not an access.
func fieldAccess(v ssa.Value, depth int) (access, write bool) {
	refs := v.Referrers()
	if refs == nil || depth > 4 {
		return false, false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == v {
				access, write = true, true
			}
		case *ssa.UnOp:
			if r.Op == token.MUL {
				access = true
				write = write || writesThrough(r)
			}
		case *ssa.FieldAddr:
			a, w := fieldAccess(r, depth+1)
			access, write = access || a, write || w
		case *ssa.IndexAddr:
			if _, isArray := ssaval.CoreType(ssaval.Elem(r.X.Type())).(*types.Array); isArray {
				a, w := fieldAccess(r, depth+1)
				access, write = access || a, write || w
			}
		}
	}
	return access, write
}

// writesThrough reports whether the loaded value v, a map or a slice, is
// written through: m[k] = x, delete(m, k), clear(m), s[i] = x.
func writesThrough(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Map == v {
				return true
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") && len(r.Call.Args) > 0 && r.Call.Args[0] == v {
				return true
			}
		case *ssa.IndexAddr:
			if r.X == v {
				if a, w := fieldAccess(r, 4); a && w {
					return true
				}
			}
		}
	}
	return false
}

// callsAnnotated reports whether a function the package calls has a
// checklocks annotation in another package.
func (pa *pkgAnalysis) callsAnnotated() bool {
	for _, sum := range pa.imported {
		if sum != nil && (len(sum.Requires) > 0 || len(sum.Excludes) > 0) {
			return true
		}
	}
	return false
}

// aliasHeld looks for a lock held at instr that a +checklocksalias says
// is l: one of the function's (or an enclosing one's), by the names the
// source gives the locks, or one of the type typ's, by the paths from the
// object (named base in l's name) whose lock l is.
func (pa *pkgAnalysis) aliasHeld(f *Func, instr ssa.Instruction, l *Lock, base string, typ types.Type) (HeldLock, bool) {
	if pa.annots == nil {
		return HeldLock{}, false
	}
	var alts []string
	subst := func(from, to string) {
		if l.Name == from || strings.HasPrefix(l.Name, from+".") {
			alts = append(alts, to+l.Name[len(from):])
		}
	}
	for fn := f.Fn; fn != nil; fn = fn.Parent() {
		if c := pa.contractOf(fn); c != nil {
			for _, al := range c.Aliases {
				subst(al[0], al[1])
				subst(al[1], al[0])
			}
		}
	}
	var named *types.Named
	if typ != nil {
		if e := ssaval.Elem(typ); e != nil {
			named, _ = types.Unalias(e).(*types.Named)
		}
	}
	if n := named; n != nil && base != "" {
		for _, al := range pa.annots.Aliases[n.Origin().Obj()] {
			lhs, rhs := base+"."+strings.Join(al[0], "."), base+"."+strings.Join(al[1], ".")
			subst(lhs, rhs)
			subst(rhs, lhs)
		}
	}
	for _, h := range f.held[instr].must {
		for _, a := range alts {
			if h.Lock.Name == a {
				return h, true
			}
		}
	}
	return HeldLock{}, false
}

// globalAccess returns the package-level variable instr reads or writes
// (or a part of it), and how.
func globalAccess(instr ssa.Instruction) (g *ssa.Global, access, write bool) {
	switch in := instr.(type) {
	case *ssa.Store:
		if g, ok := in.Addr.(*ssa.Global); ok {
			return g, true, true
		}
	case *ssa.UnOp:
		if g, ok := in.X.(*ssa.Global); ok && in.Op == token.MUL {
			return g, true, writesThrough(in)
		}
	case *ssa.FieldAddr:
		if g, ok := in.X.(*ssa.Global); ok {
			access, write = fieldAccess(in, 0)
			return g, access, write
		}
	case *ssa.IndexAddr:
		if g, ok := in.X.(*ssa.Global); ok {
			access, write = fieldAccess(in, 0)
			return g, access, write
		}
	}
	return nil, false, false
}

// initializer reports whether fn initializes the package (its var
// declarations' initializer or an init function): it runs before any
// other goroutine can see the package's variables.
func initializer(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		if f.Synthetic == "package initializer" || (f.Name() == "init" || strings.HasPrefix(f.Name(), "init#")) && f.Signature.Recv() == nil && f.Parent() == nil {
			return true
		}
	}
	return false
}

func (pa *pkgAnalysis) checkGlobal(f *Func, instr ssa.Instruction, v *types.Var, guards []Spec, access, write bool) []*Unguarded {
	if !access || !instr.Pos().IsValid() || pa.forced(instr.Pos()) {
		return nil
	}
	var out []*Unguarded
	for _, spec := range guards {
		g := pa.global(spec.Global)
		if g == nil {
			continue
		}
		l, _ := pa.resolveFrom(g, Mutex, spec.Path)
		if l == nil {
			continue
		}
		h, held := f.held[instr].must.Lookup(l)
		if held && (!write || !h.Shared) {
			continue
		}
		out = append(out, &Unguarded{Instr: instr, Pos: instr.Pos(), Fn: f.Fn, Write: write, Field: v,
			Spec: spec, Lock: l, Shared: held})
	}
	return out
}

// checkExcludes lists the locks a call holds that the callee's
// +checklocksexclude[write] says must not be held (the callee takes
// them: the call would deadlock).
func (pa *pkgAnalysis) checkExcludes(f *Func, call *ssa.Call, callee, origin *ssa.Function) []*Unguarded {
	// The callee's summary has its excluded locks, from its annotation
	// here or from its package's facts.
	sum := pa.summaryOf(origin)
	if sum == nil || len(sum.Excludes) == 0 || pa.forced(call.Pos()) {
		return nil
	}
	tmp := &funcAnalysis{pa: pa, fn: f.Fn}
	var out []*Unguarded
	for _, e := range sum.Excludes {
		l := e.Lock
		spec := Spec{Expr: l.Name, Param: l.Param, Path: l.Path, Shared: e.Shared}
		here := tmp.subst(l, &call.Call, callee, call, false)
		if here == nil || pa.takes(tmp, origin, call, callee, here) {
			continue // the callee takes it: doublelock's finding
		}
		// spec.Shared: the write variant, which a read lock satisfies.
		if h, held := f.held[call].must.Lookup(here); held && !(spec.Shared && h.Shared) {
			out = append(out, &Unguarded{Instr: call, Pos: call.Pos(), Fn: f.Fn, Callee: origin,
				Spec: spec, Lock: here, Shared: h.Shared, Excluded: true})
		}
	}
	return out
}

// takes reports whether the callee's summary takes the lock l (in the
// caller's terms) itself, so that holding it at the call is the double
// lock that doublelock reports.
func (pa *pkgAnalysis) takes(tmp *funcAnalysis, origin *ssa.Function, call *ssa.Call, callee *ssa.Function, l *Lock) bool {
	sum := pa.summaryOf(origin)
	if sum == nil {
		return false
	}
	for _, t := range sum.Takes {
		if t.Try {
			continue
		}
		if x := tmp.subst(t.Lock, &call.Call, callee, call, false); x != nil && x.key == l.key {
			return true
		}
	}
	return false
}

// resultAcquired reports whether l is a lock of a call's result that the
// callee's +checklocksacquire says the call returns held. The engine
// does not track it from there: an access to the result is taken as
// guarded, also after an unlock (silent, rather than wrong).
func (pa *pkgAnalysis) resultAcquired(l *Lock) (HeldLock, bool) {
	idx := 0
	var call *ssa.Call
	switch r := l.root.(type) {
	case *ssa.Call:
		call = r
	case *ssa.Extract:
		call, _ = r.Tuple.(*ssa.Call)
		idx = r.Index
	}
	if call == nil {
		return HeldLock{}, false
	}
	c := pa.contractOf(call.Call.StaticCallee())
	if c == nil {
		return HeldLock{}, false
	}
	for _, ra := range c.ResultAcquires {
		if ra.Result == idx && slices.Equal(ra.Spec.Path, l.Path) {
			return HeldLock{Lock: l, Shared: ra.Spec.Shared}, true
		}
	}
	return HeldLock{}, false
}
