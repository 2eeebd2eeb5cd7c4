package basic

import (
	"sync"
	"time"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) evict() { // want evict:"acquires c.mu$"
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = nil
}

func (c *Cache) lock() { // want lock:"acquires c.mu; returns holding c.mu$"
	c.mu.Lock()
}

func (c *Cache) unlock() { // want unlock:"releases c.mu$"
	c.mu.Unlock()
}

func (c *Cache) getLocked(k string) int { return c.items[k] }

func (c *Cache) slow() { // want slow:"blocks: time.Sleep"
	time.Sleep(time.Second)
}

func (c *Cache) viaHelpers() { // want viaHelpers:"acquires c.mu; blocks: time.Sleep"
	c.lock()
	defer c.unlock()
	c.slow()
}

var global sync.RWMutex

func readGlobal() { // want readGlobal:"acquires global \\(read\\)$"
	global.RLock()
	global.RUnlock()
}

func tryLock(c *Cache) bool { // want tryLock:"acquires c.mu \\(try\\)$"
	if c.mu.TryLock() {
		c.mu.Unlock()
		return true
	}
	return false
}

func deferredClosure(c *Cache) { // want deferredClosure:"acquires c.mu$"
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
}

func each(c *Cache, f func(string)) { // want each:"acquires c.mu; calls param1 holding c.mu$"
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

func (e *Embedded) inc() { // want inc:"acquires e.Mutex$"
	e.Lock()
	e.n++
	e.Unlock()
}

func transfer(from, to *Cache) { // want transfer:"acquires from.mu, to.mu$"
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
}

func fatal() { // want fatal:"noreturn"
	panic("x")
}
