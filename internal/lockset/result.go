package lockset

import (
	"go/token"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
)

// Result is what the lockset analyzer hands to the passes that require
// it: for every source function of the package (anonymous ones
// included), the acquisitions, the exits holding locks, the blocking
// operations, and the locks held at every instruction.
type Result struct {
	// Funcs are the package's source functions, in buildssa's order.
	Funcs []*Func
	// Annotations are the package's checklocks annotations (annot.go),
	// nil when it has none.
	Annotations *Annotations
	// Unguarded lists the accesses to annotated fields, and the calls of
	// annotated functions, made without a lock an annotation requires.
	Unguarded []*Unguarded

	byFn     map[*ssa.Function]*Func
	imported map[*ssa.Function]*Summary
	dispatch *ssaval.Dispatch
	// checker is what CheckGuard needs of the analysis: the names of
	// values and locks (ids, closures, conds), the functions and their
	// results; checkMu serializes its calls (naming values records ids).
	checker *pkgAnalysis
	checkMu sync.Mutex
}

// CallSites returns the direct calls, go and defer statements of fn (a
// named function of the package, by its generic origin) in the package.
func (r *Result) CallSites(fn *ssa.Function) []ssa.CallInstruction {
	if r == nil || r.dispatch == nil {
		return nil
	}
	return r.dispatch.Sites(fn)
}

// Func returns what the engine knows about fn (a source function of the
// package, or an anonymous function in one), or nil.
func (r *Result) Func(fn *ssa.Function) *Func {
	if r == nil {
		return nil
	}
	return r.byFn[fn]
}

// HeldAt returns the locks held on every path reaching instr (before
// instr executes), including locks the enclosing function held when it
// called or deferred instr's closure.
func (r *Result) HeldAt(instr ssa.Instruction) LockSet {
	if f := r.Func(instr.Parent()); f != nil {
		return f.held[instr].must
	}
	return nil
}

// MayHeldAt returns the locks held on some path reaching instr.
func (r *Result) MayHeldAt(instr ssa.Instruction) LockSet {
	if f := r.Func(instr.Parent()); f != nil {
		return f.held[instr].may
	}
	return nil
}

// Summary returns the summary of a function called by this package:
// computed here for the package's own functions, or read from the facts
// of the callee's package. It returns nil when nothing is known.
func (r *Result) Summary(fn *ssa.Function) *Summary {
	if r == nil || fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if f := r.byFn[fn]; f != nil {
		return f.Summary
	}
	return r.imported[fn]
}

// Func is the engine's result for one function.
type Func struct {
	Fn *ssa.Function
	// Acquires lists every acquisition in the function, direct or inside
	// a callee, with the locks held at that moment; of those inside a
	// callee, only those made while a lock is held (or that stay held
	// after the call, or of a local object).
	Acquires []*Acquire
	// Releases lists every release in the function: direct, deferred
	// (Instr is then the *ssa.Defer), or inside a callee (Via).
	Releases []*Release
	// Exits lists the returns reached with locks acquired in the function
	// still held (deferred calls already run).
	Exits []*Exit
	// Blocks lists the operations that may block, direct or inside a
	// callee, with the locks held at that moment.
	Blocks []*Blocking
	// Summary is the function's effect on its caller's locks (also
	// exported as a fact for declared functions).
	Summary *Summary
	// Imprecise: a bound of the analysis was reached (too many states,
	// iterations or locks, defers the engine cannot model); the records
	// may be incomplete and passes should stay silent about this function.
	Imprecise bool
	// Entry holds the locks the function's callers hold when they run it:
	// for a closure called, deferred, or handed to a callee that calls
	// it, inside a critical section; for a named function, the locks
	// every one of its callers holds (its lock context, see context.go;
	// those HeldLocks are marked Context).
	Entry LockSet

	held map[ssa.Instruction]heldAt
}

type heldAt struct{ must, may LockSet }

// Via describes an operation performed inside a callee, at any depth.
type Via struct {
	Callee string // the function called at this call site
	Op     Op     // the operation inside it
	// May: the call site is a dynamic call (an interface method, a
	// function value) that may run Callee, or Callee reaches the
	// operation through one; not a call that must run it.
	May bool
}

// Pos returns the position of the operation, or token.NoPos when it is
// in a file of another package that this process did not load.
func (o Op) Pos() token.Pos { return o.pos }

// An Acquire is an acquisition of a lock.
type Acquire struct {
	// Instr is the acquiring instruction: a *ssa.Call of Lock/RLock or of
	// a function that acquires inside; a *ssa.Send on a semaphore
	// channel; the *ssa.If branching on a TryLock; a *ssa.RunDefers
	// running a deferred acquisition.
	Instr    ssa.Instruction
	Pos, End token.Pos // the call expression (or statement) in the source
	Lock     *Lock
	Shared   bool
	Try      bool    // TryLock/TryRLock/TryAcquire: cannot block
	Held     LockSet // held on every path reaching the acquisition, before it, but the function's lock context (HeldLock.Context): its callers report what happens under it
	MayHeld  LockSet // held on some path reaching it
	Via      *Via    // non-nil when the acquisition happens inside a callee
	// Stays reports that the lock remains held after Instr (false for a
	// lock a callee takes and releases inside).
	Stays bool
	// Panics reports that every path on from the acquisition ends in a
	// panic: code that reports a misuse rather than an order the program
	// keeps.
	Panics bool
}

// An Exit is a return reached with locks still held.
type Exit struct {
	Instr ssa.Instruction // the *ssa.Return
	Pos   token.Pos       // the return statement, or the closing brace
	// Leaks are the locks acquired in the function (not held on entry)
	// still held on some path reaching Instr, after deferred calls ran;
	// one entry per lock and acquisition site.
	Leaks []HeldLock
}

// A Blocking is an operation that may block: time.Sleep, a channel send
// or receive, a select without default, WaitGroup.Wait, errgroup.Wait,
// semaphore Acquire, network or file I/O, or a call of a function whose
// summary says it may block.
type Blocking struct {
	Instr    ssa.Instruction
	Pos, End token.Pos
	Kind     BlockKind
	What     string  // for messages: "time.Sleep", "channel send", "(*os.File).Read", ...
	Held     LockSet // held on every path reaching it, but the function's lock context
	Via      *Via    // non-nil when the blocking operation is inside a callee
	// On names what the operation works on (the channel, connection or
	// file) like a lock, so that it can be compared with the held locks
	// (Lock.SameRoot); nil if unknown.
	On *Lock
}

// BlockKind says what kind of operation a Blocking is.
type BlockKind uint8

// The kinds of blocking operations.
const (
	BlockNone   BlockKind = iota // not a blocking operation (an Op that acquires)
	BlockIO                      // network or file I/O, or waiting for a process
	BlockSleep                   // time.Sleep
	BlockSend                    // a send on a channel that may block
	BlockRecv                    // a receive from a channel
	BlockSelect                  // a select without default
	BlockWait                    // WaitGroup.Wait, errgroup's Wait, semaphore.Weighted's Acquire
)

func (k BlockKind) String() string {
	switch k {
	case BlockNone:
		return "none"
	case BlockIO:
		return "I/O"
	case BlockSleep:
		return "sleep"
	case BlockSend:
		return "send"
	case BlockRecv:
		return "receive"
	case BlockSelect:
		return "select"
	case BlockWait:
		return "wait"
	}
	return "?"
}

// A Release is a release of a lock.
type Release struct {
	Instr    ssa.Instruction // the *ssa.Call (or *ssa.Defer, *ssa.UnOp receive)
	Pos, End token.Pos
	Lock     *Lock
	Shared   bool
	Deferred bool // a defer statement: runs at return
	Via      *Via // non-nil when the release happens inside a callee
}
