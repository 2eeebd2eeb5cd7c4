package p

import "sync"

type C struct {
	mu sync.Mutex
	n  int
	// +checklocks:mu
	m int
	d struct{ sync.Mutex }
	e int
}

func (c *C) A() { c.mu.Lock(); c.n++; c.m++; c.mu.Unlock() }
func (c *C) B() { c.mu.Lock(); c.n--; c.m--; c.mu.Unlock() }
func (c *C) G() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n + c.m
}
func (c *C) Reset()    { c.n = 0 }
func (c *C) Peek() int { return c.n }

// e is guarded by the mutex of a part of the object.
func (c *C) E1() { c.d.Lock(); c.e++; c.d.Unlock() }
func (c *C) E2() { c.d.Lock(); c.e--; c.d.Unlock() }
