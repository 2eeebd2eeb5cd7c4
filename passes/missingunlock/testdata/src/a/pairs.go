package a

import "sync"

// A lock helper is excused by a release helper of the same mode only: the
// package's rlockAll/runlockAll pair does not make a Lock kept on every
// return, with no Unlock helper, a contract.

type catalog struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *catalog) rlockAll()   { c.mu.RLock() }
func (c *catalog) runlockAll() { c.mu.RUnlock() }

func (c *catalog) sum() int {
	c.rlockAll()
	defer c.runlockAll()
	n := 0
	for _, v := range c.items {
		n += v
	}
	return n
}

// reset keeps the write lock on every return: nothing releases it.
func (c *catalog) reset() {
	c.mu.Lock() // want `c.mu is locked here but not unlocked on a return`
	c.items = map[string]int{}
}

// The fix: the write lock has its own release helper.

type catalog2 struct {
	mu    sync.RWMutex
	items map[string]int
}

func (c *catalog2) lockAll()   { c.mu.Lock() }
func (c *catalog2) unlockAll() { c.mu.Unlock() }

func (c *catalog2) reset() {
	c.lockAll()
	defer c.unlockAll()
	c.items = map[string]int{}
}
