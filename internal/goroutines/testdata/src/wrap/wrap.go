package wrap

import "sync"

// Go runs f in a new goroutine.
func Go(f func()) { // want Go:"spawns param 0"
	go f()
}

type Pool struct{ wg sync.WaitGroup }

// Go runs f in a goroutine that Wait waits for.
func (p *Pool) Go(f func()) { // want Go:"spawns param 1; signals"
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f()
	}()
}

func (p *Pool) Wait() { p.wg.Wait() } // want Wait:"waits"

// Sync runs f and waits for it.
func Sync(f func()) { // want Sync:"waits"
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	<-done
}
