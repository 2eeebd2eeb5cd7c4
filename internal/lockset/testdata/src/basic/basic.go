package basic

import (
	"sync"
	"time"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Evict() { // want Evict:"acquires c.mu$"
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = nil
}

func (c *Cache) Hold() { // want Hold:"acquires c.mu; returns holding c.mu$"
	c.mu.Lock()
}

func (c *Cache) Drop() { // want Drop:"releases c.mu$"
	c.mu.Unlock()
}

func (c *Cache) getLocked(k string) int { return c.items[k] }

func (c *Cache) Slow() { // want Slow:"blocks: time.Sleep"
	time.Sleep(time.Second)
}

func (c *Cache) ViaHelpers() { // want ViaHelpers:"acquires c.mu; blocks: time.Sleep"
	c.Hold()
	defer c.Drop()
	c.Slow()
}

var global sync.RWMutex

func ReadGlobal() { // want ReadGlobal:"acquires global \\(read\\)$"
	global.RLock()
	global.RUnlock()
}

func TryCache(c *Cache) bool { // want TryCache:"acquires c.mu \\(try\\)$"
	if c.mu.TryLock() {
		c.mu.Unlock()
		return true
	}
	return false
}

func DeferredClosure(c *Cache) { // want DeferredClosure:"acquires c.mu$"
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
}

func Each(c *Cache, f func(string)) { // want Each:"acquires c.mu; calls param1 holding c.mu$"
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.items {
		f(k)
	}
}

type Embedded struct {
	sync.Mutex
	n int
}

func (e *Embedded) Inc() { // want Inc:"acquires e.Mutex$"
	e.Lock()
	e.n++
	e.Unlock()
}

func Transfer(from, to *Cache) { // want Transfer:"acquires from.mu, to.mu$"
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
}

func Fatal() { // want Fatal:"noreturn"
	panic("x")
}

// No fact: other packages cannot call an unexported function, and go vet
// would copy its fact into every importer's facts file for nothing.
func (c *Cache) evictQuietly() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = nil
}
