// Package lockset is syncvet's lock-state engine: a path-sensitive
// analysis over SSA that knows, at every instruction of a package, which
// locks the running goroutine holds (exclusively or shared), and a
// summary of every function that travels across packages as a fact.
// missingunlock, doublelock, lockedblock, lockorder and sharedwrite read
// its Result; none of them walks SSA for locks itself.
//
// # Using it
//
// Require the analyzer and read its result:
//
//	var Analyzer = &analysis.Analyzer{
//		Requires: []*analysis.Analyzer{lockset.Analyzer},
//		...
//	}
//	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
//	for _, f := range res.Funcs {
//		if f.Imprecise { continue } // a bound was hit: stay silent
//		for _, a := range f.Acquires { ... }
//	}
//
// What each consumer reads:
//
//   - missingunlock: Func.Acquires (the acquisition sites: Acquire.Pos,
//     Acquire.Lock), Func.Exits (each return reached with locks
//     acquired in the function still held, after deferred calls ran;
//     Exit.Leaks[i].Site is the acquiring instruction) and Func.Releases
//     (direct, deferred, or inside a callee). Func.Summary.Acquires says
//     the lock is held on every return (a lock helper).
//   - doublelock: Func.Acquires whose Lock is already in Acquire.Held
//     (same instance: Held.Lookup(a.Lock)); Acquire.Via is set when the
//     acquisition is inside a callee (report at the call, Acquire.Pos;
//     the callee's Lock is Via.Op.Pos()). Try acquisitions never wait.
//   - lockedblock: Func.Blocks, each with the locks held (Blocking.Held;
//     LockSet.Mutexes drops semaphores), Via for a callee that may
//     block, and On, what it works on (Lock.SameRoot tells whether the
//     connection belongs to the same variable as a held mutex). A callee
//     that drops its caller's lock around the wait (Op.Released) does
//     not count as blocking under it.
//   - lockorder: Func.Acquires gives every acquisition, direct or inside
//     a callee at any depth, with the set held at that moment; Lock.Class
//     names the lock by type across functions and packages, Lock.Key
//     tells two instances of one class apart within a function.
//   - sharedwrite: Result.HeldAt(instr) is the set held on every path
//     reaching any instruction (a Store, a MapUpdate...), including the
//     locks held where a closure is called, deferred, or handed to a
//     callee that calls it (Func.Entry).
//
// # Lock identity
//
// A Lock is a root and a field path: c.mu is parameter c and path
// ["mu"]. Roots are package-level variables (RootGlobal), parameters and
// receivers (RootParam, substituted at call sites), local variables
// (RootLocal, shared with the closures capturing them) and other values
// (RootOther: a map element, a call's result; only that very SSA value is
// the same lock). Loads, conversions to sync.Locker, embedded fields
// (t.Lock() is t.Mutex) and closure captures are seen through. Class is
// the type-based name, "(*example.com/pkg.Cache).mu", or the variable,
// "example.com/pkg.mu"; two instances of a class (from.mu, to.mu) keep
// different Keys and are never merged. TypeClass is the class by type
// alone, also for a lock in a package-level variable (v.mu of a var v T
// is "(*example.com/pkg.T).mu"), so that the lock reached through the
// variable and through a method's receiver compare equal; GlobalVar
// finds the variable. The steps that keep a value's identity, field names
// and classes come from internal/ssaval, and which call is a Lock, an
// Unlock or a semaphore operation from internal/syncop: the engine adds
// only what needs its context (closure bindings, summaries, call sites).
//
// # What is modeled
//
// Lock, RLock, Unlock, RUnlock and TryLock/TryRLock (held on the true
// edge only) of sync.Mutex, sync.RWMutex, sync.Locker (and RWMutex.RLocker);
// semaphore.Weighted Acquire (held when the error is nil, or when it is
// ignored), TryAcquire and Release; channel semaphores: a channel of
// struct{} or bool on which a function (with the closures it calls or
// defers, not its goroutines) both sends (acquire) and receives (release).
// defer is modeled as a stack run at each return, so deferred unlocks,
// deferred closures and defers in loops count. Calls apply the callee's
// Summary: net acquisitions and releases, acquisitions inside, whether it
// may block, whether it returns at all, and which function parameters it
// calls while holding which locks (so a closure passed to a with-lock
// helper runs under that lock).
//
// Calls whose callee is not static are resolved by internal/ssaval's
// Dispatch: an interface method called on a value converted from a
// concrete type in the same function is that type's method, its summary
// applied in full; an interface method of an interface the package
// declares may run the method of each of the package's types converted
// to it, and a function value read from a struct field (or passed to a
// callee that calls it) may run what the package stores in the field,
// at most ssaval.MaxCallees of them. Such may-calls contribute their
// acquisitions only (Via.May, Take.May; lockorder orders them, doublelock
// leaves them out), never a net effect. A callee that releases its
// caller's lock and takes it back reports the retake (Take.Retake: the
// caller's other locks are held when it is taken again), and each
// acquisition lists the caller's locks released before it (Take.Unheld:
// not held then). A sync.Cond's L is the mutex the package made the Cond
// with (c.cond = sync.NewCond(&c.mu) in every store to the field; an
// RLocker in shared mode).
//
// A call that passes a constant for a boolean parameter the callee
// branches on (locked, needLock) applies the summary of the callee
// analyzed with that parameter fixed (flags.go): a helper that locks only
// when told its caller does not hold the lock takes nothing for the
// callers that pass "held". A method value (unlock := mu.Unlock) and
// sync.OnceFunc(mu.Unlock) release when called (internal/syncop), and a
// function returning one has Summary.Unlocker: defer c.lock()() is
// balanced.
//
// Path sensitivity: each block carries a set of states (held locks with
// their acquisition site, pending defers, and the outcome of branches on
// conditions tested more than once), so "if c { Lock }; ...; if c {
// Unlock }" is not a leak.
//
// # Summaries (facts)
//
// A *Summary is exported for every declared function with something to
// say. Its String form is stable and asserted in tests:
//
//	acquires c.mu, global (read); returns holding c.mu; releases c.mu;
//	blocks: time.Sleep; calls param1 holding c.mu; noreturn
//
// Blocking operations are time.Sleep, channel sends (except on channels
// the package only ever makes with a capacity) and receives, select
// without default, WaitGroup.Wait, errgroup.Wait, semaphore Acquire,
// network and file I/O recognized by type (net.Conn and net's
// connections, *os.File, http.Client.Do, os/exec.Cmd.Run, io.Copy on a
// file or connection...), and calls of functions that may block.
// sync.Cond.Wait is not blocking here: it releases its lock. Packages of
// the runtime level (runtime, sync, syscall, internal/... of the standard
// library) export no blocking: parking goroutines is their job.
//
// # Bounds
//
// The fixpoint is capped (states per block, locks per state, pending
// defers, visits per block, depth of on-demand summaries, acquisitions
// per summary). A function that hits a cap is marked Func.Imprecise and
// its summary keeps only its acquisitions and blocking operation, never
// a net effect; passes stay silent about imprecise functions.
package lockset
