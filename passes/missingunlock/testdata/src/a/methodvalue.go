package a

import "sync"

// Releases through function values: a method value (unlock :=
// c.mu.RUnlock), deferred or called; a helper that locks and returns the
// unlock (defer c.lock()()); sync.OnceFunc(c.mu.Unlock).

type registry struct {
	mu sync.RWMutex
	m  map[string]int
}

// The mistake: the method value releases on one path only.
func (c *registry) get(k string) int {
	c.mu.RLock() // want `c.mu is read-locked here but not unlocked on a return`
	unlock := c.mu.RUnlock
	v, ok := c.m[k]
	if !ok {
		return 0
	}
	unlock()
	return v
}

// The fix: defer the method value.
func (c *registry) get2(k string) int {
	c.mu.RLock()
	unlock := c.mu.RUnlock
	defer unlock()
	return c.m[k]
}

func (c *registry) lock() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

func (c *registry) set(k string, v int) {
	defer c.lock()()
	c.m[k] = v
}

// The mistake: the unlock lock() returns is called on one path only.
func (c *registry) add(k string, v int) bool {
	unlock := c.lock() // want `c.mu is locked here by \(\*a.registry\).lock but not unlocked on a return`
	if _, ok := c.m[k]; ok {
		return false
	}
	c.m[k] = v
	unlock()
	return true
}

func (c *registry) del(k string) {
	c.mu.Lock()
	defer sync.OnceFunc(c.mu.Unlock)()
	delete(c.m, k)
}
