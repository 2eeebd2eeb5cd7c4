package a

import "sync"

// Sharded locks: the element is selected by an index, a constant or a
// map key. Lock and Unlock (deferred or not) of the same element match.
type shard struct {
	mu sync.Mutex
	m  map[string]int
}

type shardedCache struct {
	arr    [16]shard
	sl     []shard
	byName map[string]*sync.Mutex
}

func (c *shardedCache) getArr(i int, k string) int {
	c.arr[i].mu.Lock()
	defer c.arr[i].mu.Unlock()
	return c.arr[i].m[k]
}

func (c *shardedCache) getSlice(i int, k string) int {
	c.sl[i].mu.Lock()
	v := c.sl[i].m[k]
	c.sl[i].mu.Unlock()
	return v
}

func (c *shardedCache) getConst(k string) int {
	c.arr[3].mu.Lock()
	defer c.arr[3].mu.Unlock()
	return c.arr[3].m[k]
}

func (c *shardedCache) lockByName(name string) {
	c.byName[name].Lock()
	defer c.byName[name].Unlock()
}

// The mistake with a sharded lock: an early return leaks the shard.
func (c *shardedCache) getWrong(i int, k string) (int, bool) {
	c.sl[i].mu.Lock() // want `c.sl\[i\].mu is locked here but not unlocked on a return`
	v, ok := c.sl[i].m[k]
	if !ok {
		return 0, false
	}
	c.sl[i].mu.Unlock()
	return v, true
}
