package a

import "sync"

type Cache struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]int
}

// Direct relock.
func (c *Cache) Twice() {
	c.mu.Lock()
	c.mu.Lock() // want `c.mu is locked again while held; remove this Lock or unlock first`
	c.mu.Unlock()
	c.mu.Unlock()
}

// Unlock before locking again is fine.
func (c *Cache) Sequential() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
	c.mu.Lock()
	c.m = map[string]int{}
	c.mu.Unlock()
}

// Through a call: evict locks c.mu.
func (c *Cache) evict(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}

func (c *Cache) evictLocked(k string) {
	delete(c.m, k)
}

func (c *Cache) GetWrong(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m[k] < 0 {
		c.evict(k) // want `call to \(\*a.Cache\).evict locks c.mu while it is held; call a helper that assumes the lock is held`
	}
	return c.m[k]
}

func (c *Cache) GetRight(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m[k] < 0 {
		c.evictLocked(k)
	}
	return c.m[k]
}

// Unlock before the call.
func (c *Cache) GetUnlockFirst(k string) int {
	c.mu.Lock()
	v := c.m[k]
	c.mu.Unlock()
	if v < 0 {
		c.evict(k)
	}
	return v
}

// Two levels deep.
func (c *Cache) cleanup() { c.evict("") }

func (c *Cache) Deep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cleanup() // want `call to \(\*a.Cache\).cleanup locks c.mu while it is held`
}

// RWMutex: upgrade and recursive read lock.
func (c *Cache) Upgrade(k string) {
	c.rw.RLock()
	if _, ok := c.m[k]; !ok {
		c.rw.Lock() // want `c.rw is locked while read-locked; RUnlock first, then Lock and re-check`
		c.m[k] = 0
		c.rw.Unlock()
	}
	c.rw.RUnlock()
}

func (c *Cache) UpgradeRight(k string) {
	c.rw.RLock()
	_, ok := c.m[k]
	c.rw.RUnlock()
	if !ok {
		c.rw.Lock()
		if _, ok := c.m[k]; !ok {
			c.m[k] = 0
		}
		c.rw.Unlock()
	}
}

func (c *Cache) size() int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return len(c.m)
}

func (c *Cache) Stats() (int, int) {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return len(c.m), c.size() // want `call to \(\*a.Cache\).size read-locks c.rw while it is read-locked; do not nest RLock`
}

// TryLock never waits.
func (c *Cache) Try() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mu.TryLock()
}

// Different instances of one type: not the same lock.
func Transfer(from, to *Cache) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
}

// A global.
var registry sync.Mutex

func register() {
	registry.Lock()
	defer registry.Unlock()
}

func Init() {
	registry.Lock()
	defer registry.Unlock()
	register() // want `call to a.register locks registry while it is held`
}

// The lock handed to a goroutine that unlocks it: the second Lock waits
// for it on purpose.
func Handoff() {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Unlock()
	}()
	mu.Lock()
	mu.Unlock()
}

// Locked on one path only: not every path holds it, not reported.
func Maybe(c *Cache, b bool) {
	if b {
		c.mu.Lock()
	}
	c.mu.Lock()
	c.mu.Unlock()
}

// Embedded mutex.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) incLocked() { c.n++ }

func (c *Counter) inc() {
	c.Lock()
	c.n++
	c.Unlock()
}

func (c *Counter) AddWrong() {
	c.Lock()
	defer c.Unlock()
	c.inc() // want `call to \(\*a.Counter\).inc locks c.Mutex while it is held`
}

func (c *Counter) AddRight() {
	c.Lock()
	defer c.Unlock()
	c.incLocked()
}
