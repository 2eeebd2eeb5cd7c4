package a

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

// Lock takes the cache's lock; the caller must call Unlock.
func (c *Cache) Lock() { c.mu.Lock() } // want Lock:"returns holding c.mu"

func (c *Cache) Unlock() { c.mu.Unlock() } // want Unlock:"releases c.mu"

func (c *Cache) Get(k string) int { // want Get:"acquires c.mu"
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}
