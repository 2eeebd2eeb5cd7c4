// Package missingunlock defines an Analyzer that reports locks and
// semaphores acquired but not released on some path out of a function.
//
// # Analyzer missingunlock
//
// missingunlock: report locks not released on some path out of a function
//
// A Lock or RLock of a sync.Mutex or sync.RWMutex, an Acquire of a
// semaphore.Weighted, or a send on a channel used as a semaphore, that some
// return does not release: an early return, an error branch, a continue or
// break leaving a loop, a switch arm. The next Lock of that mutex, by any
// goroutine, blocks forever; a leaked semaphore slot shrinks the limit for
// good. The diagnostic is at the acquisition; the leaking returns are in
// Related.
//
// WRONG:
//
//	mu.Lock()
//	if err != nil {
//		return err // mu is still locked
//	}
//	mu.Unlock()
//
// RIGHT:
//
//	mu.Lock()
//	defer mu.Unlock()
//	if err != nil {
//		return err
//	}
//
// Not reported: functions that return holding the lock by contract (named
// lock… or …Locked, documented as returning with the lock held, or held on
// every return and paired with a function of the package that releases
// it); the failure branch of TryLock and of a semaphore Acquire; unlocks in
// deferred calls and deferred closures, through a method value (unlock :=
// mu.Unlock; defer unlock()), sync.OnceFunc(mu.Unlock), or the unlock a
// helper returns (defer c.lock()()); a lock handed to a closure or a
// goroutine that releases it. A callback that leaks a lock is reported even
// when the function registering it locks and unlocks the same mutex in a
// balanced way of its own. When every existing unlock is
// right before a return, the suggested fix adds defer mu.Unlock() after the
// Lock and removes them.
package missingunlock
