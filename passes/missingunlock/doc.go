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
// deferred calls and deferred closures. When every existing unlock is
// right before a return, the suggested fix adds defer mu.Unlock() after the
// Lock and removes them.
package missingunlock
