package lockset

import (
	"go/ast"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Lock context at function boundaries: the locks a named function of the
// package is entered with, because every one of its callers holds them.
// A helper such as
//
//	func (c *Cache) evictLocked() { delete(c.items, c.oldest) }
//
// called only inside c.mu's critical sections accesses c.items under
// c.mu. The context is inferred from the call sites, in the callee's
// terms (the caller's s.mu, passed s for the receiver, is the callee's
// c.mu), and only where every call site is known: an unexported function
// whose every use in the package is a direct call (not a go or defer
// statement, a function value, a method value or an interface method the
// package could dispatch to it). An exported function can be called from
// anywhere: it gets a context only when its name or its doc comment says
// that its callers hold the lock (...Locked, "must be held"), and then
// the context is still what its callers in the package hold.
//
// The function is analyzed again with its context held on entry
// (Func.Entry, HeldLock.Context), after the entry-free analysis that
// gives its summary: what it does under the context (blocking, locking
// again, nesting) is reported at its callers' calls, through the summary,
// and the passes leave Context locks to them; the accesses it makes are
// guarded by them.

// maxContextRounds bounds the propagation of contexts along chains of
// helpers (a helper called only from a helper called under the lock).
const maxContextRounds = 3

// callSites records, for each named function of the package, its direct
// call sites (the package's index of call sites, ssaval.Dispatch.Sites,
// without go and defer statements), or that it is used otherwise.
type callSites struct {
	sites   map[*ssa.Function][]*ssa.Call
	escapes map[*ssa.Function]bool
}

// collectCallSites scans every instruction of the package's functions for
// uses of its named functions other than direct calls.
func (pa *pkgAnalysis) collectCallSites() *callSites {
	cs := &callSites{sites: map[*ssa.Function][]*ssa.Call{}, escapes: map[*ssa.Function]bool{}}
	if pa.dispatch != nil {
		for _, fn := range pa.funcs {
			for _, site := range pa.dispatch.Sites(fn) {
				if call, ok := site.(*ssa.Call); ok {
					cs.sites[fn] = append(cs.sites[fn], call)
				}
			}
		}
	}
	var ops []*ssa.Value
	wrapped := map[*types.Func]bool{} // methods a wrapper calls from elsewhere
	for _, fn := range pa.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				direct := ssa.Value(nil)
				if call, ok := instr.(*ssa.Call); ok && !call.Call.IsInvoke() {
					if f, ok := call.Call.Value.(*ssa.Function); ok {
						direct = f
					}
				}
				ops = instr.Operands(ops[:0])
				for i, op := range ops {
					f, ok := (*op).(*ssa.Function)
					if !ok || (i == 0 && direct != nil && f == direct) {
						continue
					}
					// A function value, a go or defer statement, or a
					// wrapper (a method value's $bound, a method
					// expression's thunk) that calls it from elsewhere.
					cs.escapes[calleeOrigin(f)] = true
					if f.Synthetic != "" {
						if obj, ok := f.Object().(*types.Func); ok {
							wrapped[obj] = true
						}
					}
				}
			}
		}
	}
	if len(wrapped) > 0 {
		for _, g := range pa.funcs {
			if obj, ok := g.Object().(*types.Func); ok && wrapped[obj] {
				cs.escapes[g] = true
			}
		}
	}
	return cs
}

// interfaceMethods returns the names of the methods of the interface
// types the package uses: an unexported method of that name may be
// called through one of them.
func interfaceMethods(info *types.Info) map[string]bool {
	names := map[string]bool{}
	seen := map[*types.Interface]bool{}
	add := func(t types.Type) {
		it, ok := t.Underlying().(*types.Interface)
		if !ok || seen[it] {
			return
		}
		seen[it] = true
		for i := 0; i < it.NumMethods(); i++ {
			names[it.Method(i).Name()] = true
		}
	}
	for _, tv := range info.Types {
		if tv.Type != nil {
			add(tv.Type)
		}
	}
	for _, obj := range info.Defs {
		if tn, ok := obj.(*types.TypeName); ok {
			add(tn.Type())
		}
	}
	return names
}

// heldDoc matches doc comments that say the caller holds a lock.
var heldDoc = regexp.MustCompile(`(?i)\b(must|should) (be )?(held|hold|locked)\b|\bthe caller (must )?holds?\b|\bcalled with [\w.]+ (held|locked)\b|\bheld by the caller\b`)

// mayHaveContext reports whether fn's callers are all known (in the
// package) or its name or doc says that they hold a lock.
func (pa *pkgAnalysis) mayHaveContext(fn *ssa.Function, cs *callSites, ifaceNames map[string]bool) bool {
	if fn.Parent() != nil || fn.Synthetic != "" || fn.Pkg != pa.pkg {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || cs.escapes[fn] || len(cs.sites[fn]) == 0 {
		return false
	}
	name := obj.Name()
	if name == "init" || name == "main" && obj.Pkg().Name() == "main" {
		return false
	}
	if !obj.Exported() {
		sig := obj.Type().(*types.Signature)
		return sig.Recv() == nil || !ifaceNames[name]
	}
	if strings.HasSuffix(strings.ToLower(name), "locked") {
		return true
	}
	return heldDoc.MatchString(pa.docOf(fn))
}

// docOf returns the doc comment of fn's declaration.
func (pa *pkgAnalysis) docOf(fn *ssa.Function) string {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return ""
	}
	return decl.Doc.Text()
}

// contexts computes the lock context of the package's named functions
// and analyzes again those that have one.
func (pa *pkgAnalysis) contexts() {
	cs := pa.collectCallSites()
	ifaceNames := interfaceMethods(pa.pass.TypesInfo)
	var cands []*ssa.Function
	for _, fn := range pa.funcs {
		if fn.Parent() == nil && len(pa.contractOf(fn).Entry()) > 0 {
			// Annotated with the locks its callers hold: the annotation
			// is its context, whatever its callers hold.
			if entry := pa.annotatedEntry(fn); len(entry) > 0 {
				for _, anon := range fn.AnonFuncs {
					delete(pa.entries, anon)
				}
				pa.analyze(fn, entry)
			}
			continue
		}
		if pa.mayHaveContext(fn, cs, ifaceNames) {
			cands = append(cands, fn)
		}
	}
	if len(cands) == 0 {
		return
	}
	current := map[*ssa.Function]string{}
	for round := 0; round < maxContextRounds; round++ {
		changed := false
		for _, fn := range cands {
			ctx := pa.contextOf(fn, cs.sites[fn])
			key := setKey(ctx)
			if key == current[fn] {
				continue
			}
			current[fn] = key
			changed = true
			for _, anon := range fn.AnonFuncs {
				delete(pa.entries, anon)
			}
			pa.analyze(fn, ctx)
		}
		if !changed {
			break
		}
	}
}

func setKey(s LockSet) string {
	var b strings.Builder
	for _, h := range s {
		b.WriteString(h.Lock.key)
		if h.Shared {
			b.WriteString("(R)")
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// contextOf returns the mutexes held at every call site of fn, in fn's
// terms: a package-level lock as it is, a lock rooted at an argument as
// the same path from the parameter.
func (pa *pkgAnalysis) contextOf(fn *ssa.Function, sites []*ssa.Call) LockSet {
	var out LockSet
	for i, call := range sites {
		caller := pa.results[call.Parent()]
		if caller == nil {
			return nil
		}
		var here LockSet
		for _, h := range caller.held[call].must {
			if h.Lock.Kind != Mutex {
				continue
			}
			if l := pa.toCallee(h.Lock, call, fn); l != nil {
				here = append(here, HeldLock{Lock: l, Shared: h.Shared, Site: h.Site, Via: h.Via, Pos: h.Pos, Inherited: true, Context: true})
			}
		}
		if i == 0 {
			out = here
		} else {
			out = intersect(out, here)
		}
		if len(out) == 0 {
			return nil
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lock.key < out[j].Lock.key })
	return out
}

// toCallee names the caller's lock l, held at call, in the terms of the
// callee fn; nil when fn cannot name it.
func (pa *pkgAnalysis) toCallee(l *Lock, call *ssa.Call, fn *ssa.Function) *Lock {
	if l.Root == RootGlobal {
		return l
	}
	for i, arg := range call.Call.Args {
		if i >= len(fn.Params) {
			break
		}
		switch arg.Type().Underlying().(type) {
		case *types.Pointer, *types.Interface:
		default:
			continue // a copy of the object: its locks are other locks
		}
		base, _ := pa.resolve(arg, Mutex)
		if base == nil || base.key == "" {
			continue
		}
		// l's path continues base's: the argument is the lock's object
		// (or the lock itself).
		if l.key != base.key && !strings.HasPrefix(l.key, base.key+".") {
			continue
		}
		if len(l.Path) < len(base.Path) {
			continue
		}
		param, _ := pa.resolve(fn.Params[i], Mutex)
		if param == nil {
			continue
		}
		rest := l.Path[len(base.Path):]
		return param.extend(Mutex, rest, l.Class, l.TypeClass)
	}
	return nil
}

// intersect keeps the locks of a also in b; a lock shared in either is
// shared.
func intersect(a, b LockSet) LockSet {
	var out LockSet
	for _, h := range a {
		for _, g := range b {
			if h.Lock.key == g.Lock.key {
				h.Shared = h.Shared || g.Shared
				out = append(out, h)
				break
			}
		}
	}
	return out
}
