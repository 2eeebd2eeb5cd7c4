package lockset

import (
	"go/token"
	"strconv"
	"strings"
)

// A Summary (exported as an object fact on every function and method
// that has something to say) is what a call of the function does to the
// caller's locks. Locks are named in the callee's terms: RootParam locks
// are substituted with the call's arguments, RootGlobal ones stay, and
// RootOther ones are fresh instances at every call.
type Summary struct {
	// Acquires: locks held on every normal return that were not held on
	// entry (a lock helper such as lockAll, or a Lock wrapper).
	Acquires []Effect
	// Releases: locks held on entry that some path releases (an unlock
	// helper, or an "assumes the lock" function that unlocks it).
	Releases []Effect
	// Takes: every acquisition of a lock not held on entry, made by the
	// function itself or by its callees at any depth, with where it
	// happens ("(*Cache).evict acquires c.mu").
	Takes []Take
	// Blocks is the first operation that may block (a sleep, a channel
	// operation, WaitGroup.Wait, network or file I/O, a call of a
	// function that may block), or nil.
	Blocks *Op
	// Calls lists the function-typed parameters the function calls
	// synchronously, and the locks it holds when it does.
	Calls []ParamCall
	// NoReturn: no path returns normally.
	NoReturn bool
	// Unlocker: the function returns a function value that releases
	// these locks when called (return c.mu.Unlock), as in
	// defer c.lock()().
	Unlocker []Effect
	// Requires: the locks its callers must hold, by its checklocks
	// annotation (+checklocks, +checklocksread, +checklocksrelease).
	Requires []Effect
	// Excludes: the locks its callers must not hold, by its annotation
	// (+checklocksexclude; Shared for +checklocksexcludewrite, which a
	// read lock satisfies).
	Excludes []Effect
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

// An Effect is a lock and its mode.
type Effect struct {
	Lock   *Lock
	Shared bool
}

// A Take is an acquisition inside a function.
type Take struct {
	Lock   *Lock
	Shared bool
	Try    bool // TryLock or TryAcquire: never waits
	Op     Op   // the acquiring operation
	May    bool // reached through a dynamic call that may run it (Via.May)
	// Retake: the function released the lock, held on entry, and takes it
	// back here (as removeAndWait drops its caller's lock around a wait):
	// the caller holds it before and after, and its other locks are held
	// while it is taken again.
	Retake bool
	// Unheld lists the caller's locks the function has released (on every
	// path) when it takes Lock: they are not held at that moment.
	Unheld []*Lock
}

// A ParamCall says that the function calls its parameter Param while
// holding Held.
type ParamCall struct {
	Param int
	Held  []Effect
}

// An Op is an operation at a place in a function's body, possibly in
// another package.
type Op struct {
	Kind     BlockKind      // for a blocking operation, which kind
	What     string         // "time.Sleep", "channel send", "c.mu.Lock"
	Func     string         // the function whose body holds it
	Position token.Position // where it is
	// On is what a blocking operation works on (the channel, connection
	// or file), in the terms of the summarized function; nil if unknown.
	On *Lock
	// Released lists the caller's locks the function releases around a
	// blocking operation (and takes back after): not held while it blocks.
	Released []*Lock
	pos      token.Pos // where it is, in this process's FileSet; NoPos once serialized
}

func (s *Summary) empty() bool {
	return len(s.Acquires) == 0 && len(s.Releases) == 0 && len(s.Takes) == 0 &&
		s.Blocks == nil && len(s.Calls) == 0 && !s.NoReturn && len(s.Unlocker) == 0 && len(s.Requires) == 0 && len(s.Excludes) == 0
}

// String describes the summary in a stable form tests assert:
// "acquires c.mu; returns holding c.mu; releases c.mu; blocks: time.Sleep;
// calls f; noreturn".
func (s *Summary) String() string {
	var parts []string
	if len(s.Takes) > 0 {
		var names []string
		for _, t := range s.Takes {
			names = append(names, effectName(t.Lock, t.Shared, t.Try))
		}
		parts = append(parts, "acquires "+strings.Join(names, ", "))
	}
	if len(s.Acquires) > 0 {
		parts = append(parts, "returns holding "+effectList(s.Acquires))
	}
	if len(s.Releases) > 0 {
		parts = append(parts, "releases "+effectList(s.Releases))
	}
	if s.Blocks != nil {
		b := "blocks: " + s.Blocks.What
		if len(s.Blocks.Released) > 0 {
			var names []string
			for _, l := range s.Blocks.Released {
				names = append(names, l.Name)
			}
			b += " (releasing " + strings.Join(names, ", ") + ")"
		}
		parts = append(parts, b)
	}
	if len(s.Calls) > 0 {
		var names []string
		for _, c := range s.Calls {
			n := "param" + strconv.Itoa(c.Param)
			if len(c.Held) > 0 {
				n += " holding " + effectList(c.Held)
			}
			names = append(names, n)
		}
		parts = append(parts, "calls "+strings.Join(names, ", "))
	}
	if s.NoReturn {
		parts = append(parts, "noreturn")
	}
	if len(s.Unlocker) > 0 {
		parts = append(parts, "returns a release of "+effectList(s.Unlocker))
	}
	if len(s.Requires) > 0 {
		parts = append(parts, "requires "+effectList(s.Requires))
	}
	if len(s.Excludes) > 0 {
		parts = append(parts, "excludes "+effectList(s.Excludes))
	}
	return strings.Join(parts, "; ")
}

func effectList(es []Effect) string {
	var names []string
	for _, e := range es {
		names = append(names, effectName(e.Lock, e.Shared, false))
	}
	return strings.Join(names, ", ")
}

func effectName(l *Lock, shared, try bool) string {
	n := l.Name
	switch {
	case l.Kind.IsSem():
		n += " (sem)"
	case shared:
		n += " (read)"
	}
	if try {
		n += " (try)"
	}
	return n
}
