// Package guards defines an engine that infers which lock guards each
// field of the package's types: the accesses of a package to one field
// (by type: (*T).count) say which lock guards it when most of them hold
// the same lock of the same object (c.mu for c.count).
//
// sharedwrite reports the writes made without the guard; syncvet -guards
// prints the guards, in checklocks' annotation syntax, for a team to
// paste where it wants them checked. Fields annotated by hand
// (internal/lockset's annot.go) have no inferred guard: the annotation
// says what guards them.
package guards

import (
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// Analyzer infers the guards of the package's fields. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "guards",
	Doc:        "infer the lock that guards each field, from the locks its accesses hold (internal)",
	URL:        "https://github.com/syncvet/syncvet/tree/main/internal/guards",
	Requires:   []*analysis.Analyzer{goroutines.Analyzer, lockset.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run:        run,
}

// Result lists the fields with an inferred guard, by class.
type Result struct {
	Fields []*Field
}

// A Field is a field with an inferred guard.
type Field struct {
	Class string     // the field's class: "(*pkg.T).count"
	Var   *types.Var // the field
	Guard string     // the guard's class: "(*pkg.T).mu"
	// Path selects the guard from the field's struct: ["mu"], or
	// ["dc", "Mutex"] for a lock of a part of it.
	Path []string
	// Accesses counts the accesses judged (not those in a ...Locked or
	// init... helper, which say their callers hold a lock but not which);
	// Guarded those holding the guard (exclusively, for a write), in a
	// helper whose callers hold it, or, for a write, holding exclusively
	// another lock of the object that other accesses hold too.
	Accesses, Guarded int
	Example           *Site   // an access holding the guard
	Deviant           []*Site // the writes without it
	Reads             []*Site // the reads without it
}

// A Site is an access to a field, as seen in its own function.
type Site struct {
	Instr ssa.Instruction
	Fn    *ssa.Function
	Write bool
	Base  string    // how the source names the object: "c"
	Obj   ssa.Value // the object, in Fn's terms
	// Locks are the classes of the object's own locks held, exclusively
	// (true) or shared; Names how the source names them ("c.mu"), Paths
	// their paths from the object.
	Locks map[string]bool
	Names map[string]string
	Paths map[string][]string
}

// Held reports whether the site holds the guard, and exclusively.
func (s *Site) Held(guard string) (held, exclusive bool) {
	excl, ok := s.Locks[guard]
	return ok, excl
}

func run(pass *analysis.Pass) (any, error) {
	if p := pass.Pkg.Path(); p == "runtime" || strings.HasPrefix(p, "internal/runtime/") {
		return &Result{}, nil // see sharedwrite: the runtime's own synchronization
	}
	e := &engine{
		pass:  pass,
		g:     pass.ResultOf[goroutines.Analyzer].(*goroutines.Result),
		locks: pass.ResultOf[lockset.Analyzer].(*lockset.Result),
	}
	sites := e.sites()
	classes := make([]string, 0, len(sites))
	for k := range sites {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	res := &Result{}
	for _, class := range classes {
		if f := e.infer(class, sites[class]); f != nil {
			res.Fields = append(res.Fields, f)
		}
	}
	return res, nil
}

type engine struct {
	pass  *analysis.Pass
	g     *goroutines.Result
	locks *lockset.Result
}

// sites collects the accesses to fields of named struct types, by field
// class, with the locks of the same object held at each.
func (e *engine) sites() map[string][]*Site {
	sites := map[string][]*Site{}
	for _, fn := range e.g.Funcs {
		lf := e.locks.Func(fn)
		if lf == nil || lf.Imprecise || analysisutil.InTestFile(e.pass.Fset, fn.Pos()) {
			continue
		}
		root := goroutines.StaticFrame(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var addr ssa.Value
				write := false
				switch in := instr.(type) {
				case *ssa.Store:
					addr, write = in.Addr, true
				case *ssa.UnOp:
					if in.Op == token.MUL {
						addr = in.X
					}
				}
				fa, ok := addr.(*ssa.FieldAddr)
				if !ok || isSyncMemory(fa) {
					continue
				}
				class := ssaval.FieldClass(fa)
				if class == "" {
					continue
				}
				if fg := e.locks.Annotations.Field(ssaval.FieldVar(fa.X.Type(), fa.Field)); fg != nil {
					continue // annotated: the annotation says what guards it, or that nothing does
				}
				obj, objPath := root.ObjectPath(fa.X)
				if fresh(obj, fn) && len(objPath) == 0 {
					continue // being built: not shared yet
				}
				site := &Site{Instr: instr, Fn: fn, Write: write, Base: ssaval.Name(fa.X), Obj: obj,
					Locks: map[string]bool{}, Names: map[string]string{}, Paths: map[string][]string{}}
				for _, h := range e.locks.HeldAt(instr).Mutexes() {
					if h.Lock.Class == "" || len(h.Lock.Path) == 0 {
						continue
					}
					// A lock of the same object: c.mu for c.count, or of a
					// part of it (rs.dc.Mutex for rs.lasterr).
					var lroot ssa.Value = h.Lock.RootValue()
					if g := h.Lock.GlobalVar(fn); g != nil {
						lroot = g
					}
					if lroot == nil {
						continue
					}
					lf := root
					if ff := root.FrameOf(lroot); ff != nil {
						lf = ff
					}
					lv, lpath := lf.ObjectPath(lroot)
					lpath = append(lpath, h.Lock.Path[:len(h.Lock.Path)-1]...)
					if lv != obj || !hasPrefix(lpath, objPath) {
						continue
					}
					lc := h.Lock.TypeClass
					site.Locks[lc] = site.Locks[lc] || !h.Shared
					site.Names[lc] = h.Lock.Name
					site.Paths[lc] = append(append([]string(nil), lpath[len(objPath):]...), h.Lock.Path[len(h.Lock.Path)-1])
				}
				sites[class] = append(sites[class], site)
			}
		}
	}
	return sites
}

// infer returns the guard of the field class from its accesses, or nil:
// the lock class held at most of them, at three or more, and at twice
// as many as hold it not.
func (e *engine) infer(class string, sites []*Site) *Field {
	count := map[string]int{}
	for _, s := range sites {
		for l := range s.Locks {
			count[l]++
		}
	}
	guard, best := "", 0
	for l, n := range count {
		if n > best || n == best && l < guard {
			guard, best = l, n
		}
	}
	if guard == "" || best < 3 {
		return nil
	}
	f := &Field{Class: class, Guard: guard}
	type fnObj struct {
		fn  *ssa.Function
		obj ssa.Value
	}
	excused := map[fnObj]bool{}
	named := 0
	for _, s := range sites {
		excl, ok := s.Locks[guard]
		switch {
		case ok && (excl || !s.Write):
			f.Guarded++
			if f.Example == nil {
				f.Example = s
			}
		case byName(s.Fn):
			// A ...Locked helper says its callers hold a lock, not
			// which: neither guarded nor deviant.
			named++
		case s.Write && holdsOther(s, guard, count):
			// The write holds exclusively another lock of the object
			// that other accesses hold too: two locks share the
			// guarding (database/sql's Rows: closemu and dc).
			f.Guarded++
		default:
			k := fnObj{s.Fn, s.Obj}
			held, seen := excused[k]
			if !seen {
				held = e.callersHold(s.Fn, guard, s.Obj)
				excused[k] = held
			}
			switch {
			case held:
				f.Guarded++
			case s.Write:
				f.Deviant = append(f.Deviant, s)
			default:
				f.Reads = append(f.Reads, s)
			}
		}
	}
	f.Accesses = len(sites) - named
	if f.Example == nil || f.Guarded < 2*(f.Accesses-f.Guarded) {
		return nil
	}
	f.Path = f.Example.Paths[guard]
	if fa := fieldAddr(f.Example.Instr); fa != nil {
		f.Var = ssaval.FieldVar(fa.X.Type(), fa.Field)
	}
	return f
}

func fieldAddr(instr ssa.Instruction) *ssa.FieldAddr {
	switch in := instr.(type) {
	case *ssa.Store:
		fa, _ := in.Addr.(*ssa.FieldAddr)
		return fa
	case *ssa.UnOp:
		fa, _ := in.X.(*ssa.FieldAddr)
		return fa
	}
	return nil
}

// callersHold reports whether fn is only called, in this package, with
// the lock class held, or on an object obj its caller has just created
// (an unexported helper run inside its callers' critical sections, or
// the initialization of an object not yet shared). Exported functions can
// be called from anywhere; functions named ...Locked say their callers
// hold the lock.
func (e *engine) callersHold(fn *ssa.Function, class string, obj ssa.Value) bool {
	if byName(fn) {
		return true
	}
	if fn.Parent() != nil {
		return false // a closure: its callers' locks are in HeldAt already
	}
	if o := fn.Object(); o == nil || o.Exported() {
		return false
	}
	param := -1
	for i, p := range fn.Params {
		if p == obj {
			param = i
		}
	}
	for _, call := range e.locks.CallSites(fn) { // static calls only
		if holdsClass(e.locks.HeldAt(call), class) {
			continue
		}
		if args := call.Common().Args; param >= 0 && param < len(args) {
			f := call.Parent()
			if v, _ := goroutines.StaticFrame(f).Base(args[param]); fresh(v, f) {
				continue // the caller is still building the object
			}
		}
		return false
	}
	// An unexported function never called directly (a method value, an
	// interface method) has callers we cannot see: give it the benefit.
	return true
}

// byName reports whether fn, or a function enclosing it, is named
// ...Locked (its callers hold the lock) or init... (the object is not
// shared yet).
func byName(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		n := strings.ToLower(f.Name())
		if strings.HasSuffix(n, "locked") || strings.HasPrefix(n, "init") {
			return true
		}
	}
	return false
}

// holdsOther reports whether the site holds exclusively a lock of its
// object other than guard that at least two accesses hold.
func holdsOther(s *Site, guard string, count map[string]int) bool {
	for l, excl := range s.Locks {
		if l != guard && excl && count[l] >= 2 {
			return true
		}
	}
	return false
}

func holdsClass(s lockset.LockSet, class string) bool {
	for _, h := range s {
		if h.Lock.TypeClass == class && !h.Shared {
			return true
		}
	}
	return false
}

// fresh reports whether obj is an object fn allocates itself (a
// constructor filling in what it built).
func fresh(obj ssa.Value, fn *ssa.Function) bool {
	switch x := obj.(type) {
	case *ssa.Alloc:
		return x.Parent() == fn
	case *ssa.Call:
		return true // a result of a call: a new object, or one we cannot name
	}
	return false
}

// isSyncMemory reports whether fa selects a value that synchronizes by
// itself (a Mutex, an atomic.Int64...) or a channel.
func isSyncMemory(fa *ssa.FieldAddr) bool {
	p, ok := fa.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	return syncop.IsSyncType(p.Elem()) || syncop.IsChan(p.Elem())
}

func hasPrefix(xs, prefix []string) bool {
	if len(prefix) > len(xs) {
		return false
	}
	for i := range prefix {
		if xs[i] != prefix[i] {
			return false
		}
	}
	return true
}
