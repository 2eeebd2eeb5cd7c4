package b

import "crosspkg/a"

// The lock helper of another package, known through its facts.
func PeekWrong(c *a.Cache, k string) int {
	c.Lock() // want `c.mu is locked here by \(\*a.Cache\).Lock but not unlocked on a return`
	if k == "" {
		return 0
	}
	c.Unlock()
	return 1
}

func PeekRight(c *a.Cache, k string) int {
	c.Lock()
	defer c.Unlock()
	if k == "" {
		return 0
	}
	return 1
}
