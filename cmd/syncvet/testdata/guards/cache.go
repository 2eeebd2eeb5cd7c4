// Package guards is the fixture of syncvet -guards: fields and helpers
// whose lock contracts syncvet infers, and which, annotated as -guards
// prints, give the same findings.
package guards

import (
	"sync"
	"time"
)

// Cache: items is guarded everywhere; hits is written once without the
// lock (a finding); size is read once without it (not offered as an
// annotation, which would report the read).
type Cache struct {
	mu    sync.Mutex
	items map[string]int
	hits  int
	size  int
	stamp time.Time
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits++
	return c.items[k]
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.size++
	c.hits++
	c.evictLocked()
	c.mu.Unlock()
}

func (c *Cache) evictLocked() {
	if len(c.items) > 10 {
		c.items = map[string]int{}
		c.size = 0
		c.hits = 0
	}
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items) + c.size
}

func (c *Cache) Approx() int { return c.size }

func (c *Cache) ResetHits() { c.hits = 0 }

func (c *Cache) touch() { c.stamp = time.Now() }

func (c *Cache) Touch() {
	c.mu.Lock()
	c.touch()
	c.mu.Unlock()
}

// lock and unlock: an acquire helper and its release.
func (c *Cache) lock()   { c.mu.Lock() }
func (c *Cache) unlock() { c.mu.Unlock() }

func (c *Cache) Swap(k string, v int) int {
	c.lock()
	defer c.unlock()
	old := c.items[k]
	c.items[k] = v
	return old
}

// Table: an RWMutex, and a helper every caller runs under the read lock.
type Table struct {
	rw   sync.RWMutex
	rows []string
}

func (t *Table) Rows() []string {
	t.rw.RLock()
	defer t.rw.RUnlock()
	return t.copyRows()
}

func (t *Table) First() string {
	t.rw.RLock()
	defer t.rw.RUnlock()
	if len(t.rows) == 0 {
		return ""
	}
	return t.copyRows()[0]
}

func (t *Table) copyRows() []string { return append([]string(nil), t.rows...) }

func (t *Table) Add(r string) {
	t.rw.Lock()
	t.rows = append(t.rows, r)
	t.rw.Unlock()
}

// Counter: an embedded mutex, and a goroutine that races with its
// starter.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) Inc() {
	c.Lock()
	c.n++
	c.Unlock()
}

func (c *Counter) Dec() {
	c.Lock()
	c.n--
	c.Unlock()
}

func (c *Counter) Value() int {
	c.Lock()
	defer c.Unlock()
	return c.n
}

func (c *Counter) Race() {
	go func() {
		c.n = 0
	}()
	c.Inc()
}
