// Package sharedwrite defines an Analyzer that reports writes to memory
// that another goroutine may access at the same time, with no common lock
// and nothing ordering the two.
//
// # Analyzer sharedwrite
//
// sharedwrite: report unsynchronized writes to shared memory
//
// Two goroutines that access the same variable, one of them writing, with
// no lock held by both and no happens-before edge between them, race:
// counter++ from several goroutines loses updates, a reader sees a
// half-written value, and concurrent writes to a map crash the program.
//
// WRONG:
//
//	var hits int
//	for i := 0; i < n; i++ {
//		go func() {
//			hits++ // lost updates
//		}()
//	}
//
// RIGHT:
//
//	var mu sync.Mutex
//	var hits int
//	for i := 0; i < n; i++ {
//		go func() {
//			mu.Lock()
//			hits++
//			mu.Unlock()
//		}()
//	}
//
// The pass considers the goroutines started in the package (go
// statements, WaitGroup.Go, errgroup, time.AfterFunc, http handlers, and
// functions that run their argument in a goroutine), what each runs
// (through calls in the package), and what the starting function does
// while the goroutine runs (after the start, before a WaitGroup.Wait,
// errgroup Wait or a receive from a channel the goroutine sends on or
// closes). A write to a package-level variable, a captured variable, a
// field, or a map or slice element is reported, at the write, when
// another access to the same memory may run at the same time:
//
//   - category "race": a plain write and another plain access with no
//     lock (sync.Mutex, sync.RWMutex held exclusively by at least one
//     side) held by both;
//   - category "mapwrite": a write to a map that another goroutine reads
//     or writes: the runtime aborts with "concurrent map writes";
//   - category "append": x = append(x, v) on a shared slice variable;
//   - category "mixedatomic": a plain access to a variable that is also
//     accessed with sync/atomic functions;
//   - category "guard": a field that is accessed with a lock held at most
//     places (the lock of the same object, like c.mu for c.count) and
//     written without it here; reported even when the concurrent caller
//     is outside the package;
//   - category "guardedby": a read or write of a field annotated, in
//     gVisor checklocks' syntax, "+checklocks:mu", without that lock (a
//     write needs it exclusively; a write of a map or slice element
//     through the field is a write), or a call of a function annotated
//     "+checklocks:c.mu" (or "+checklocksread:c.mu") without the lock,
//     or of a package-level variable annotated "+checklocks:mu" outside
//     the package's initializers, or a call holding a lock its callee's
//     "+checklocksexclude" forbids (unless the callee takes the lock
//     itself: doublelock reports that);
//     reported whether or not a goroutine of the package races with it,
//     but not on an object the function has just allocated, nor in a
//     function annotated "+checklocksignore" or on a line ending in
//     "+checklocksforce";
//   - category "annotation": an annotation that names no field, no
//     parameter, or no sync.Mutex, RWMutex or Locker.
//
// The message names the kind of the other access and the lock that
// guards it, if any; the other access and the goroutine start are in
// Related. Waiting for the goroutine is offered as a fix only when one of
// the two accesses is its starter's.
//
// Silent: writes before the go statement (the start orders them); writes
// after wg.Wait(), g.Wait() or <-done; writes and reads under the same
// mutex, whether unlocked by defer, embedded in the struct or an RWMutex
// (a write needs the exclusive lock); sync/atomic functions and the
// atomic types; sync.Once bodies; sync.Map; results[i] = v where each
// goroutine has its own i (also through a field of it, results[i].n);
// a loop that waits for each goroutine before starting the next; values
// handed over through a channel (the
// receiver gets a value the sender no longer touches), and accesses
// after receiving from a channel the other side sends on or closes after
// its access; variables local to a goroutine, or created anew for each
// goroutine a loop starts.
//
// Two locks of the same class (c.mu and pc.c.mu, reached along different
// paths) are taken to be the same lock: the accesses compared touch the
// same memory, so the lock beside it is most likely the same instance.
// Package runtime is not checked: it synchronizes with its own locks,
// atomics and stop-the-world, which the engines do not model.
//
// One mistake, one finding: a goroutine's write that its starter reads
// without waiting, when nothing can wait for the goroutine (unjoined) or a
// time.Sleep stands in for the wait (sleepwait), is those checks' finding,
// and sharedwrite is silent on that pair. Writes on both sides, and reads
// in other goroutines, stay sharedwrite's.
package sharedwrite
