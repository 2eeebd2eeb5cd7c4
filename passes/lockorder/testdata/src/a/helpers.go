package a

import "sync"

// Nesting through calls: each edge goes through a helper.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
	idx   *Index
}

type Index struct {
	mu   sync.RWMutex
	keys []string
	c    *Cache
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.idx.add(k) // want `\(\*a.Cache\).mu then \(\*a.Index\).mu here, but the reverse in \(\*a.Index\).Rebuild`
}

func (x *Index) add(k string) {
	x.mu.Lock()
	x.keys = append(x.keys, k)
	x.mu.Unlock()
}

func (x *Index) Rebuild() {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, k := range x.keys {
		x.c.get(k)
	}
}

func (c *Cache) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// A cycle of three: p -> q -> r -> p.
var p, q, r sync.Mutex

func pq() {
	p.Lock()
	q.Lock() // want `a.p then a.q here, but a.q then a.r in a.qr, and a.r then a.p in a.rp; use one global order`
	q.Unlock()
	p.Unlock()
}

func qr() {
	q.Lock()
	r.Lock()
	r.Unlock()
	q.Unlock()
}

func rp() {
	r.Lock()
	p.Lock()
	p.Unlock()
	r.Unlock()
}
