package closures

import (
	"sync"
	"time"
)

// A callback that leaks its lock on one path is reported, even though
// the function that registers it locks and unlocks the same mutex in a
// balanced way of its own.

type subConnCache struct {
	mu      sync.Mutex
	timeout time.Duration
	entries map[int]*cacheEntry
}

type cacheEntry struct {
	aborted bool
}

func (c *subConnCache) remove(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cacheEntry{}
	c.entries[id] = e
	time.AfterFunc(c.timeout, func() {
		c.mu.Lock() // want `c.mu is locked here but not unlocked on a return`
		if e.aborted {
			return
		}
		delete(c.entries, id)
		c.mu.Unlock()
	})
}

// The fix: the callback unlocks on every path.

func (c *subConnCache) remove2(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cacheEntry{}
	c.entries[id] = e
	time.AfterFunc(c.timeout, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if e.aborted {
			return
		}
		delete(c.entries, id)
	})
}

// A callback that releases the lock its registering function leaves
// held is a hand-over: neither is reported.

func (c *subConnCache) handOver(id int, done chan<- struct{}) {
	c.mu.Lock()
	c.entries[id] = &cacheEntry{}
	go func() {
		delete(c.entries, id)
		c.mu.Unlock()
		close(done)
	}()
}
