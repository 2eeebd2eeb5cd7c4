package lib

import "sync"

// Go runs f in a new goroutine and returns at once.
func Go(f func()) {
	go f()
}

// Group runs functions in goroutines that Wait waits for.
type Group struct{ wg sync.WaitGroup }

func (g *Group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		f()
	}()
}

func (g *Group) Wait() { g.wg.Wait() }
