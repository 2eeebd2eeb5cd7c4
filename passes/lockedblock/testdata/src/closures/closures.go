package closures

import (
	"sync"
	"time"
)

type T struct {
	mu sync.Mutex
	n  int
}

func (t *T) with(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}

func (t *T) Wrong() {
	t.with(func() {
		time.Sleep(time.Millisecond) // want `time.Sleep while t.mu is held by the caller of this function literal`
	})
}

func (t *T) Right() {
	t.with(func() { t.n++ })
	time.Sleep(time.Millisecond)
}

// A goroutine started under the lock does not hold it.
func (t *T) Async(done chan struct{}) {
	t.mu.Lock()
	defer t.mu.Unlock()
	go func() {
		<-done
	}()
}

// Embedded mutex, deferred unlock in a closure.
type E struct {
	sync.Mutex
	c chan int
}

func (e *E) Get() int {
	e.Lock()
	defer func() { e.Unlock() }()
	return <-e.c // want `channel receive while e.Mutex is held`
}

// A buffered channel captured by the goroutines' closure: each sends
// once into its own slot, under the lock, without blocking.
func Started(n int) {
	var mu sync.Mutex
	running := make(chan bool, n)
	for range n {
		go func() {
			mu.Lock()
			running <- true
			mu.Unlock()
		}()
	}
	for range n {
		<-running
	}
}

// An unbuffered one blocks until the receiver comes.
func StartedUnbuffered(n int) {
	var mu sync.Mutex
	running := make(chan bool)
	for range n {
		go func() {
			mu.Lock()
			running <- true // want `channel send while mu is held`
			mu.Unlock()
		}()
	}
	for range n {
		<-running
	}
}
