package lib

import "sync"

// Go runs f in a new goroutine.
func Go(f func()) {
	go f()
}

// Each runs f(i) for i < n, each in its own goroutine, and waits.
func Each(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
}
