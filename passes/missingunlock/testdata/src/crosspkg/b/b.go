package b

import "crosspkg/a"

// The lock helper of another package, known through its facts.
func PeekWrong(c *a.Cache, k string) int {
	c.Lock() // want `c.mu is locked by this call to \(\*a.Cache\).Lock but not unlocked on the return at line 9`
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
