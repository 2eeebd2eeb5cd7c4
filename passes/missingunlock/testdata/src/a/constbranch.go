package a

import "sync"

// A return inside a branch on a constant that is false never runs; the
// same return under a variable does.

const tracing = false

var verbose bool

type gauge struct {
	mu sync.Mutex
	n  int
}

func (g *gauge) add() int {
	g.mu.Lock()
	if tracing {
		return -1
	}
	g.n++
	n := g.n
	g.mu.Unlock()
	return n
}

func (g *gauge) sub() int {
	g.mu.Lock() // want `g.mu is locked here but not unlocked on a return`
	if verbose {
		return -1
	}
	g.n--
	n := g.n
	g.mu.Unlock()
	return n
}
