package goroutines

import (
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
			out = append(out, HeldLock{Key: lockKeyOf(f, h.Lock), Shared: h.Shared, Name: h.Lock.Name, Class: h.Lock.TypeClass})
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
