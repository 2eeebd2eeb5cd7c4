package a

import (
	"sync"
	"testing"
)

// A lock-step handshake in a test: the waiter holds the lock from before
// the signaller starts, so the Signal cannot come first. Not reported.
func TestHandshake(t *testing.T) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	go func() {
		mu.Lock()
		c.Signal()
		mu.Unlock()
	}()
	c.Wait()
	mu.Unlock()
}

// An if-guarded Wait is the mistake in tests too.
func TestIfGuarded(t *testing.T) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		c.Broadcast()
		mu.Unlock()
	}()
	mu.Lock()
	if !ready {
		c.Wait() // want `c.Wait is guarded by an if`
	}
	mu.Unlock()
}
