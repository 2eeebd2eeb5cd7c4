package sharedwrite

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/internal/ssaval"
)

// Guard inference, the second signal: the accesses of a package to one
// field (by type: (*T).count) tell which lock guards it when most of them
// hold the same lock of the same object (c.mu for c.count). A write
// without it is reported even when the goroutine that races with it is
// started outside the package, since the package's own code says the
// field is shared.

// fieldSite is an access to a field, as seen in its own function.
type fieldSite struct {
	instr ssa.Instruction
	fn    *ssa.Function
	write bool
	base  string          // how the source names the object: "c"
	obj   ssa.Value       // the object, in fn's terms
	locks map[string]bool // classes of the object's own locks held: "(*pkg.T).mu"; value: exclusive
	names map[string]string
}

func (c *checker) checkGuards() {
	sites := map[string][]*fieldSite{} // by field class
	for _, fn := range c.g.Funcs {
		lf := c.locks.Func(fn)
		if lf == nil || lf.Imprecise || isTestFile(c.pass.Fset, fn.Pos()) {
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
				if !ok || isSyncMemory(fa, "") {
					continue
				}
				class := ssaval.FieldClass(fa)
				if class == "" {
					continue
				}
				obj, objPath := root.ObjectPath(fa.X)
				if fresh(obj, fn) && len(objPath) == 0 {
					continue // being built: not shared yet
				}
				site := &fieldSite{instr: instr, fn: fn, write: write, base: ssaval.Name(fa.X), obj: obj,
					locks: map[string]bool{}, names: map[string]string{}}
				for _, h := range c.locks.HeldAt(instr).Mutexes() {
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
					site.locks[lc] = site.locks[lc] || !h.Shared
					site.names[lc] = h.Lock.Name
				}
				sites[class] = append(sites[class], site)
			}
		}
	}
	classes := make([]string, 0, len(sites))
	for k := range sites {
		classes = append(classes, k)
	}
	sort.Strings(classes)
	for _, class := range classes {
		c.checkField(class, sites[class])
	}
}

func (c *checker) checkField(class string, sites []*fieldSite) {
	// The guard: the lock class held at most accesses.
	count := map[string]int{}
	for _, s := range sites {
		for l := range s.locks {
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
		return
	}
	// Sites in helpers whose callers hold the guard count as guarded.
	var deviant []*fieldSite
	var example *fieldSite
	guarded := 0
	type fnObj struct {
		fn  *ssa.Function
		obj ssa.Value
	}
	excused := map[fnObj]bool{}
	named := 0
	for _, s := range sites {
		excl, ok := s.locks[guard]
		switch {
		case ok && (excl || !s.write):
			guarded++
			if example == nil {
				example = s
			}
		case byName(s.fn):
			// A ...Locked helper says its callers hold a lock, not
			// which: neither guarded nor deviant.
			named++
		case s.write && holdsOther(s, guard, count):
			// The write holds exclusively another lock of the object
			// that other accesses hold too: two locks share the
			// guarding (database/sql's Rows: closemu and dc).
			guarded++
		default:
			k := fnObj{s.fn, s.obj}
			held, seen := excused[k]
			if !seen {
				held = c.callersHold(s.fn, guard, s.obj)
				excused[k] = held
			}
			if held {
				guarded++
			} else if s.write {
				deviant = append(deviant, s)
			}
		}
	}
	unguarded := len(sites) - guarded - named
	if len(deviant) == 0 || guarded < 2*unguarded {
		return
	}
	for _, s := range deviant {
		pos := s.instr.Pos()
		if !pos.IsValid() || c.reported[pos] {
			continue
		}
		c.reported[pos] = true
		lockName := example.names[guard]
		if b := example.base; b != "" && strings.HasPrefix(lockName, b+".") && s.base != "" {
			lockName = s.base + lockName[len(b):]
		}
		field := class[strings.LastIndex(class, ".")+1:]
		what := "written without"
		if _, ok := s.locks[guard]; ok {
			what = "written holding only the read lock of"
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:      pos,
			Category: "guard",
			Message: fmt.Sprintf("%s.%s is %s %s, which is held at %d of %d accesses to %s; hold %s here",
				s.base, field, what, lockName, guarded, len(sites)-named, class, lockName),
			Related: []analysis.RelatedInformation{{Pos: example.instr.Pos(), Message: "accessed holding " + example.names[guard] + " here"}},
		})
	}
}

// callersHold reports whether fn is only called, in this package, with
// the lock class held, or on an object obj its caller has just created
// (an unexported helper run inside its callers' critical sections, or
// the initialization of an object not yet shared). Exported functions can
// be called from anywhere; functions named ...Locked say their callers
// hold the lock.
func (c *checker) callersHold(fn *ssa.Function, class string, obj ssa.Value) bool {
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
	for _, call := range c.locks.CallSites(fn) { // static calls only
		if holdsClass(c.locks.HeldAt(call), class) {
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
func holdsOther(s *fieldSite, guard string, count map[string]int) bool {
	for l, excl := range s.locks {
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

func isTestFile(fset *token.FileSet, pos token.Pos) bool {
	return strings.HasSuffix(fset.Position(pos).Filename, "_test.go")
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
