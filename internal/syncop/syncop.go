// Package syncop recognizes synchronization operations by type: the
// methods of sync.Mutex, sync.RWMutex, sync.Locker, sync.WaitGroup,
// sync.Cond and sync.Once, the functions and types of sync/atomic,
// time.Sleep, golang.org/x/sync's semaphore and errgroup, and the channel
// built-ins and operators.
//
// Everything here matches on the resolved *types.Func (its package path,
// receiver type and name), never on the spelling at the call site, so a
// method promoted from an embedded sync.Mutex, a call through a
// *sync.Mutex field or through a sync.Locker interface are all recognized,
// while a user type that happens to have a Lock method is not.
package syncop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// Kind is the kind of a synchronization operation.
type Kind int

// The operations syncop recognizes.
const (
	None Kind = iota

	Lock     // (*sync.Mutex).Lock, (*sync.RWMutex).Lock, sync.Locker.Lock
	Unlock   // (*sync.Mutex).Unlock, (*sync.RWMutex).Unlock, sync.Locker.Unlock
	TryLock  // (*sync.Mutex).TryLock, (*sync.RWMutex).TryLock
	RLock    // (*sync.RWMutex).RLock
	RUnlock  // (*sync.RWMutex).RUnlock
	TryRLock // (*sync.RWMutex).TryRLock
	RLocker  // (*sync.RWMutex).RLocker

	WaitGroupAdd  // (*sync.WaitGroup).Add
	WaitGroupDone // (*sync.WaitGroup).Done
	WaitGroupWait // (*sync.WaitGroup).Wait
	WaitGroupGo   // (*sync.WaitGroup).Go

	CondWait      // (*sync.Cond).Wait
	CondSignal    // (*sync.Cond).Signal
	CondBroadcast // (*sync.Cond).Broadcast

	OnceDo // (*sync.Once).Do, sync.OnceFunc, sync.OnceValue, sync.OnceValues

	Atomic // a function of sync/atomic or a method of one of its types

	SyncMap // a method of *sync.Map

	Sleep // time.Sleep

	SemAcquire    // (*semaphore.Weighted).Acquire
	SemTryAcquire // (*semaphore.Weighted).TryAcquire
	SemRelease    // (*semaphore.Weighted).Release

	ErrgroupGo   // (*errgroup.Group).Go, (*errgroup.Group).TryGo
	ErrgroupWait // (*errgroup.Group).Wait

	AfterFunc // time.AfterFunc
)

var kindNames = [...]string{
	None: "none", Lock: "Lock", Unlock: "Unlock", TryLock: "TryLock",
	RLock: "RLock", RUnlock: "RUnlock", TryRLock: "TryRLock", RLocker: "RLocker",
	WaitGroupAdd: "WaitGroup.Add", WaitGroupDone: "WaitGroup.Done",
	WaitGroupWait: "WaitGroup.Wait", WaitGroupGo: "WaitGroup.Go",
	CondWait: "Cond.Wait", CondSignal: "Cond.Signal", CondBroadcast: "Cond.Broadcast",
	OnceDo: "Once.Do", Atomic: "atomic", SyncMap: "sync.Map", Sleep: "time.Sleep",
	SemAcquire: "Weighted.Acquire", SemTryAcquire: "Weighted.TryAcquire",
	SemRelease: "Weighted.Release", ErrgroupGo: "errgroup.Go",
	ErrgroupWait: "errgroup.Wait", AfterFunc: "time.AfterFunc",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// IsAcquire reports whether k takes a lock (exclusive or shared),
// unconditionally.
func (k Kind) IsAcquire() bool { return k == Lock || k == RLock }

// IsRelease reports whether k releases a lock.
func (k Kind) IsRelease() bool { return k == Unlock || k == RUnlock }

// IsTry reports whether k is a conditional acquisition whose boolean
// result tells whether the lock (or semaphore weight) was taken.
func (k Kind) IsTry() bool { return k == TryLock || k == TryRLock || k == SemTryAcquire }

// Shared reports whether k is a read (shared) lock operation.
func (k Kind) Shared() bool { return k == RLock || k == RUnlock || k == TryRLock }

// Package paths recognized by syncop.
const (
	syncPath      = "sync"
	atomicPath    = "sync/atomic"
	timePath      = "time"
	semaphorePath = "golang.org/x/sync/semaphore"
	errgroupPath  = "golang.org/x/sync/errgroup"
)

// Classify returns the kind of operation performed by a call to fn, or None.
// fn may be a package-level function, a concrete method (possibly promoted
// through embedding, as typeutil.Callee and SSA resolve it) or an interface
// method of sync.Locker.
func Classify(fn *types.Func) Kind {
	if fn == nil || fn.Pkg() == nil {
		return None
	}
	pkg := fn.Pkg().Path()
	name := fn.Name()
	sig, _ := fn.Type().(*types.Signature)
	recv := ""
	if sig != nil && sig.Recv() != nil {
		recv = typeName(sig.Recv().Type())
	}
	switch pkg {
	case syncPath:
		switch recv {
		case "Mutex", "RWMutex", "Locker":
			switch name {
			case "Lock":
				return Lock
			case "Unlock":
				return Unlock
			case "TryLock":
				return TryLock
			case "RLock":
				return RLock
			case "RUnlock":
				return RUnlock
			case "TryRLock":
				return TryRLock
			case "RLocker":
				return RLocker
			}
		case "WaitGroup":
			switch name {
			case "Add":
				return WaitGroupAdd
			case "Done":
				return WaitGroupDone
			case "Wait":
				return WaitGroupWait
			case "Go":
				return WaitGroupGo
			}
		case "Cond":
			switch name {
			case "Wait":
				return CondWait
			case "Signal":
				return CondSignal
			case "Broadcast":
				return CondBroadcast
			}
		case "Once":
			if name == "Do" {
				return OnceDo
			}
		case "Map":
			return SyncMap
		case "":
			switch name {
			case "OnceFunc", "OnceValue", "OnceValues":
				return OnceDo
			}
		}
	case atomicPath:
		return Atomic
	case timePath:
		if recv == "" {
			switch name {
			case "Sleep":
				return Sleep
			case "AfterFunc":
				return AfterFunc
			}
		}
	case semaphorePath:
		if recv == "Weighted" {
			switch name {
			case "Acquire":
				return SemAcquire
			case "TryAcquire":
				return SemTryAcquire
			case "Release":
				return SemRelease
			}
		}
	case errgroupPath:
		if recv == "Group" {
			switch name {
			case "Go", "TryGo":
				return ErrgroupGo
			case "Wait":
				return ErrgroupWait
			}
		}
	}
	return None
}

// typeName returns the name of the named type T or *T, or "".
func typeName(t types.Type) string {
	if n := Named(t); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// Named returns the named type t is, or points to (aliases seen
// through), or nil. Type parameters and unnamed types give nil.
func Named(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// IsSync reports whether t, or what t points to, is sync.name (aliases
// seen through).
func IsSync(t types.Type, name string) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == name
}

// CallKind returns the kind of operation performed by the call expression,
// resolving its callee through info. It returns None for calls that are not
// synchronization operations, including calls of function values.
func CallKind(info *types.Info, call *ast.CallExpr) Kind {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return Classify(fn)
}

// IsSyncType reports whether t (or what t points to) is one of the named
// types of package sync (Mutex, RWMutex, WaitGroup, Cond, Once, Map, Pool)
// or sync/atomic (Int64, Value, Pointer[T], ...), whose methods synchronize
// by themselves.
func IsSyncType(t types.Type) bool {
	n := Named(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case syncPath, atomicPath:
		return true
	}
	return false
}

// IsLockType reports whether t is sync.Mutex, sync.RWMutex, a pointer to
// one, or the sync.Locker interface.
func IsLockType(t types.Type) bool {
	n := Named(t)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != syncPath {
		return false
	}
	switch n.Obj().Name() {
	case "Mutex", "RWMutex", "Locker":
		return true
	}
	return false
}

// IsChan reports whether t's core type is a channel.
func IsChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	if !ok {
		if tp, isTP := types.Unalias(t).(*types.TypeParam); isTP {
			ok = coreIsChan(tp)
		}
	}
	return ok
}

// coreIsChan reports whether every type in the type set of tp is a channel.
func coreIsChan(tp *types.TypeParam) bool {
	iface, _ := tp.Underlying().(*types.Interface)
	if iface == nil {
		return false
	}
	found := false
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				if _, ok := e.Term(j).Type().Underlying().(*types.Chan); !ok {
					return false
				}
				found = true
			}
		default:
			if _, ok := e.Underlying().(*types.Chan); !ok {
				return false
			}
			found = true
		}
	}
	return found
}

// ChanBuiltin reports which built-in call is a channel query: it returns
// "len" or "cap" and the channel expression when call is len(ch) or cap(ch)
// on a channel, and "", nil otherwise.
func ChanBuiltin(info *types.Info, call *ast.CallExpr) (string, ast.Expr) {
	id, ok := astutil.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 {
		return "", nil
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok {
		return "", nil
	}
	switch b.Name() {
	case "len", "cap":
		if tv, ok := info.Types[call.Args[0]]; ok && IsChan(tv.Type) {
			return b.Name(), call.Args[0]
		}
	}
	return "", nil
}

// IsRecv reports whether e is a channel receive expression <-ch and
// returns the channel operand.
func IsRecv(e ast.Expr) (ast.Expr, bool) {
	u, ok := astutil.Unparen(e).(*ast.UnaryExpr)
	if ok && u.Op == token.ARROW {
		return u.X, true
	}
	return nil, false
}

// AtomicWrites reports whether the sync/atomic function or method name
// (Kind Atomic) modifies its operand: Store, Add, Swap, CompareAndSwap,
// And, Or and their typed forms. Load does not.
func AtomicWrites(name string) bool {
	for _, p := range []string{"Store", "Add", "Swap", "CompareAndSwap", "And", "Or"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
