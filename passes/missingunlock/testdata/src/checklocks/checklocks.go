// Package checklocks: functions annotated as acquiring or releasing a
// lock are taken at their word; their callers are judged.
package checklocks

import "sync"

type C struct {
	mu sync.Mutex
	// +checklocks:mu
	n int
}

// +checklocksacquire:c.mu
func (c *C) lock() { c.mu.Lock() }

// +checklocksrelease:c.mu
func (c *C) unlock() { c.mu.Unlock() }

func (c *C) Balanced() {
	c.lock()
	c.n++
	c.unlock()
}

func (c *C) Leak(bad bool) {
	c.lock() // want `c.mu is locked here by \(\*checklocks.C\).lock but not unlocked on a return`
	if bad {
		return
	}
	c.n++
	c.unlock()
}

func (c *C) Deferred(bad bool) {
	c.lock()
	defer c.unlock()
	if bad {
		return
	}
	c.n++
}
