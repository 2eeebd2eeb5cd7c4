// Package doublelock defines an Analyzer that reports a lock acquired
// again by the goroutine that already holds it.
//
// # Analyzer doublelock
//
// doublelock: report a mutex locked again while already held
//
// sync.Mutex and sync.RWMutex are not reentrant. A Lock while the same
// goroutine holds the mutex, directly or in a function it calls (at any
// depth, in any package), deadlocks. So does Lock while holding the read
// lock (RWMutex cannot upgrade a read lock), and RLock while holding the
// write lock. A recursive RLock deadlocks as soon as a writer calls Lock
// between the two: the writer waits for the first reader, the second
// RLock waits for the writer. The diagnostic is at the second acquisition,
// or at the call that performs it; the first Lock, and the callee's Lock,
// are in Related.
//
// WRONG:
//
//	func (c *Cache) Get(k string) int {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if c.stale(k) {
//			c.evict(k) // evict locks c.mu too: deadlock
//		}
//		return c.m[k]
//	}
//
// RIGHT:
//
//	func (c *Cache) Get(k string) int {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if c.stale(k) {
//			c.evictLocked(k) // assumes c.mu is held, does not lock
//		}
//		return c.m[k]
//	}
//
// Not reported: helpers that assume the lock is held and do not lock it,
// a lock released before the call, TryLock (it does not wait), a lock
// handed to another goroutine that unlocks it.
package doublelock
