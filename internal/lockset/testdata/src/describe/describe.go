// Package describe marks lines with calls of held(): the test prints the
// locks the engine takes as held there, with their mode and class.
package describe

import "sync"

func held() {}

type Cache struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	inner struct{ mu sync.Mutex }
	n     int
}

func (c *Cache) deferred() {
	c.mu.Lock()
	defer c.mu.Unlock()
	held() // want `held: c.mu \(\*describe.Cache\).mu`
}

func (c *Cache) branches(b bool) {
	c.mu.Lock()
	if b {
		c.mu.Unlock()
		held() // want `held: none`
		return
	}
	held() // want `held: c.mu \(\*describe.Cache\).mu`
	c.mu.Unlock()
	held() // want `held: none`
}

func (c *Cache) readLocks() {
	c.rw.RLock()
	held() // want `held: c.rw\(R\) \(\*describe.Cache\).rw`
	c.rw.RUnlock()
	l := c.rw.RLocker()
	l.Lock()
	held() // want `held: c.rw\(R\) \(\*describe.Cache\).rw`
	l.Unlock()
}

func (c *Cache) unnamedField() {
	c.inner.mu.Lock()
	held() // want `held: c.inner.mu \(\*describe.Cache\).inner.mu`
	c.inner.mu.Unlock()
}

func (c *Cache) try() {
	if c.mu.TryLock() {
		held() // want `held: c.mu \(\*describe.Cache\).mu`
		c.mu.Unlock()
		return
	}
	held() // want `held: none`
}

// A closure's free variable is the enclosing function's parameter.
func (c *Cache) closure() {
	c.mu.Lock()
	f := func() {
		held() // want `held: c.mu \(\*describe.Cache\).mu`
	}
	f()
	c.mu.Unlock()
}

// A struct parameter whose lock is used in place is still the parameter.
func byValue(c Cache) {
	c.mu.Lock()
	held() // want `held: c.mu \(\*describe.Cache\).mu`
	c.mu.Unlock()
}

var global Cache
var plain sync.Mutex

// A package-level variable is one instance: its class is the variable,
// and by type the class of its type's field.
func globals() {
	global.mu.Lock()
	plain.Lock()
	held() // want `held: global.mu describe.global.mu=\(\*describe.Cache\).mu, plain describe.plain`
	plain.Unlock()
	global.mu.Unlock()
}

func (c *Cache) lock()   { c.mu.Lock() }
func (c *Cache) unlock() { c.mu.Unlock() }

// Helpers' summaries: the caller holds what lock() leaves held.
func (c *Cache) helpers() {
	c.lock()
	held() // want `held: c.mu \(\*describe.Cache\).mu`
	c.unlock()
	held() // want `held: none`
}

// A lock passed as a sync.Locker is the mutex.
func locker(l sync.Locker) {
	l.Lock()
	held() // want `held: l`
	l.Unlock()
}

func useLocker(c *Cache) {
	locker(&c.mu)
}
