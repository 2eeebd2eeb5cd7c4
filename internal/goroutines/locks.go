package goroutines

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/lockset"
)

// A HeldLock is a mutex held at an access seen from a walk, named in the
// terms of the walk's root function so that locks held in different
// frames (a goroutine's callee, the starter) compare.
type HeldLock struct {
	Key    LockKey
	Shared bool
	Name   string // as the source spells it where it is held: "c.mu"
	Class  string // by type: "(*pkg.T).mu"; "" for a local variable
}

// LockKey identifies a lock instance in the terms of a walk's root.
type LockKey struct {
	global string
	class  string
	v      ssa.Value
	fr     *Frame // nil when v is a value of the root function
	path   string
}

// Held returns the mutexes (not semaphores) held when the frame fr
// executes instr, according to the lockset engine: those held in fr at
// instr, and those held at the calls that led to fr within the same
// goroutine. Locks held where a goroutine was started are not the
// goroutine's.
func Held(ls *lockset.Result, fr *Frame, instr ssa.Instruction) []HeldLock {
	var out []HeldLock
	for f, in := fr, instr; f != nil; in, f = f.Site, f.Parent {
		for _, h := range ls.HeldAt(in).Mutexes() {
			if f.Spawn != nil && h.Inherited {
				continue // a go statement does not pass its locks on
			}
			out = append(out, HeldLock{Key: lockKeyOf(f, h.Lock), Shared: h.Shared, Name: h.Lock.Name, Class: typeClass(f, h.Lock)})
		}
		if f.Spawn != nil {
			break
		}
	}
	return out
}

// lockKeyOf names l, held by frame f, in the walk's root terms.
func lockKeyOf(f *Frame, l *lockset.Lock) LockKey {
	path := strings.Join(l.Path, ".")
	if l.Root == lockset.RootGlobal {
		return LockKey{global: l.Global, path: path}
	}
	root := l.RootValue()
	if root == nil {
		return LockKey{class: l.Class, path: path}
	}
	ff := f.FrameOf(root)
	if ff == nil {
		return LockKey{v: root, fr: f, path: path}
	}
	v, vf := ff.Base(root)
	k := LockKey{v: v, path: path}
	if vf.Parent != nil {
		k.fr = vf
	}
	return k
}

// CommonLock returns the lock that makes two accesses mutually exclusive:
// held by both, exclusively by at least one; nil if there is none.
//
// Two locks are the same when their keys are, or when they have the same
// class: the accesses compared touch the same memory, and a lock of the
// same class next to it (c.mu for c.n) is the same instance as far as the
// code lets us tell, even when the two paths reach the object differently
// (t and pc.t). Erring this way keeps the passes quiet.
func CommonLock(a, b []HeldLock) *HeldLock {
	for i := range a {
		for j := range b {
			if SameLock(a[i], b[j]) && (!a[i].Shared || !b[j].Shared) {
				return &a[i]
			}
		}
	}
	return nil
}

// SameLock reports whether two held locks are taken to be one.
func SameLock(a, b HeldLock) bool {
	return a.Key == b.Key || a.Class != "" && a.Class == b.Class
}

// typeClass returns the class of l by the type that holds it, the way
// lockset names locks reached through a pointer ("(*pkg.T).mu"), also for
// a lock in a package-level variable, which lockset names by the variable
// ("pkg.v.mu"): the same lock reached through a method's receiver and
// through the variable then compare equal.
func typeClass(f *Frame, l *lockset.Lock) string {
	if l.Root != lockset.RootGlobal || len(l.Path) == 0 || f.Fn.Prog == nil {
		return l.Class
	}
	g := GlobalOf(f.Fn, l)
	if g == nil {
		return l.Class
	}
	t := g.Type().Underlying().(*types.Pointer).Elem()
	for _, name := range l.Path[:len(l.Path)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return l.Class
		}
		found := false
		for j := 0; j < st.NumFields(); j++ {
			if st.Field(j).Name() == name {
				t, found = st.Field(j).Type(), true
				break
			}
		}
		if !found {
			return l.Class
		}
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return l.Class
	}
	obj := n.Origin().Obj()
	base := obj.Name()
	if obj.Pkg() != nil {
		base = obj.Pkg().Path() + "." + base
	}
	return "(*" + base + ")." + l.Path[len(l.Path)-1]
}

// GlobalOf returns the package-level variable a RootGlobal lock lives in,
// as seen from fn's program; nil if it is not found.
func GlobalOf(fn *ssa.Function, l *lockset.Lock) *ssa.Global {
	i := strings.LastIndexByte(l.Global, '.')
	if l.Root != lockset.RootGlobal || i < 0 || fn.Prog == nil {
		return nil
	}
	pkg := fn.Pkg // the package under analysis is not "imported"
	if pkg == nil || pkg.Pkg.Path() != l.Global[:i] {
		pkg = fn.Prog.ImportedPackage(l.Global[:i])
	}
	if pkg == nil {
		return nil
	}
	g, _ := pkg.Members[l.Global[i+1:]].(*ssa.Global)
	return g
}

// TypeClass returns the class of l, held in fn, by the type that holds it
// ("(*pkg.T).mu"), also for a lock in a package-level variable.
func TypeClass(fn *ssa.Function, l *lockset.Lock) string {
	return typeClass(&Frame{Fn: fn}, l)
}
