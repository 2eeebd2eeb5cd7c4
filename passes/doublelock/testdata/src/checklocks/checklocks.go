// Package checklocks: a function annotated as run with its caller's lock
// held that takes the lock again deadlocks each caller.
package checklocks

import "sync"

type C struct {
	mu sync.Mutex
	// +checklocks:mu
	n int
}

// +checklocks:c.mu
func (c *C) relock() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// +checklocks:c.mu
func (c *C) incLocked() { c.n++ } // the fix: the helper assumes the lock

func (c *C) Bad() {
	c.mu.Lock()
	c.relock() // want `call to \(\*checklocks.C\).relock locks c.mu while it is held`
	c.mu.Unlock()
}

func (c *C) Good() {
	c.mu.Lock()
	c.incLocked()
	c.mu.Unlock()
}
