// Package goroutines is syncvet's engine for "which code runs concurrently
// with which, and what orders it". Its Analyzer, which passes Require,
// works on the SSA form of a package (from buildssa) and returns a
// *Result:
//
//   - Spawns: every place a goroutine starts. A go statement (of a
//     function, a closure, a method value, or a function-valued
//     parameter), (*sync.WaitGroup).Go, errgroup's Go and TryGo,
//     time.AfterFunc, net/http handler registration (one goroutine per
//     request, so Many is set), and calls of functions that run one of
//     their function arguments in a goroutine that outlives the call
//     (ParamSpawn; known across packages through FuncFact).
//   - Walk(s, visit): what the goroutine may run, through calls to
//     functions of the package (static callees, closures, bound method
//     values, function values that resolve to one), with Frames that name
//     every value in the terms of the starting function. Addr names the
//     memory an address denotes (a Loc: a root value and a path of
//     fields, dereferences and elements), so two walks can tell when they
//     touch the same variable.
//   - Lifted(): starts seen from the callers of a function that leaves a
//     goroutine running (func (s *S) Start() { go s.loop() } called as
//     s.Start() by another function of the package): the call is then
//     the start, and what the caller does next runs concurrently.
//   - WalkAfter(s, visit): what the starting function may execute while
//     the goroutine runs: the instructions reachable from the start
//     without passing a join, their callees, deferred calls, and the
//     goroutines they start.
//   - Writes(s): what the goroutine of s stores that outlives it (plain,
//     map and atomic stores into memory its starter can reach), found by
//     Walk; Summarize(s): whether it signals its end, receives, prints,
//     talks through I/O, or runs code that cannot be followed.
//   - WaitsAfter(s): whether the starter synchronizes at all after the
//     start (a receive, a select, a Wait, a function that waits), as
//     opposed to guessing a delay.
//   - Happens-before: IsJoin (WaitGroup.Add/Done/Wait and WaitGroup.Go,
//     errgroup's Wait, a receive from a channel the goroutine sends on or
//     closes, Cond.Wait, a call of a function that waits), Outlives (a
//     return of the starter is reachable without a join), OrderedByChannel
//     (a send or close before, a receive after), PerInstance (a variable
//     made anew for each goroutine a loop starts, like Go 1.22 loop
//     variables).
//
// Locks, as this engine exports them: Held(ls, fr, instr) returns the
// mutexes (not semaphores) held when frame fr executes instr, from the
// lockset engine's result: those held in fr at instr and those held at
// the calls that led to fr within the same goroutine; locks held where a
// goroutine was started are not the goroutine's. Each HeldLock carries a
// LockKey that names the lock instance in the terms of the walk's root
// (so that a goroutine's callee and the starter compare), its mode, its
// Name for messages and its Class by type (lockset's Lock.TypeClass, also
// for a lock in a package-level variable). CommonLock(a, b) returns the
// lock that makes two accesses mutually exclusive (held by both,
// exclusively by at least one), and SameLock says when two held locks
// are taken to be one: the same key, or the same class by type, since
// the accesses compared touch the same memory (erring this way keeps
// the passes quiet). Which memory or lock a value is comes from
// internal/ssaval; which call is a sync operation from internal/syncop.
//
// Values handed over through a channel need no rule: what the receiver
// gets is a value the engine cannot name as the sender's variable, so the
// two sides' accesses never meet. sync.Once bodies are not walked (the
// function value is called by package sync), so what they write is not
// seen as a concurrent write.
//
// The model errs on the side of order (a receive joins a goroutine that
// sends on that channel even if other goroutines send there too), because
// the passes built on it must stay quiet on correct code.
//
// Blocking forever: Leaks(s) finds the channel operations of a goroutine
// that its starter may abandon on some path (a return on a timeout, an
// early error, a done channel left open, fewer receives than the sends
// one path of the goroutine makes), and Stuck the operations that nothing can ever complete
// (a channel, WaitGroup or Cond whose every use is followed, through
// closures, the package's functions and other packages' facts, without
// the partner the operation waits for; a nil channel; a goroutine's send
// whose only receiver first waits for the goroutine to end).
//
// Cross-package knowledge is two small facts per exported function, only
// when they say something: FuncFact, which function parameters the
// function runs in a goroutine that outlives the call (a "go f()"
// wrapper), whether those goroutines signal their end, and whether the
// function waits (so that calling it may join a goroutine); and
// SyncParamsFact, what it does with each channel, WaitGroup and Cond
// parameter (sends, receives, closes, Add, Done, Wait, Signal, or lets
// it escape), so that a channel handed to another package is still judged.
package goroutines
