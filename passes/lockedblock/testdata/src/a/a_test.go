package a

import "sync"

// A test of Pool may make unbuffered reply channels for its own use:
// Pool's sends, in the package's code, are still taken not to block, but
// the test's own send under a lock blocks.
func poolTestChannels() {
	var mu sync.Mutex
	ch := make(chan reply)
	go func() { <-ch }()
	mu.Lock()
	defer mu.Unlock()
	ch <- reply{1} // want `channel send while mu is held`
}

func poolTestSend(p *Pool, ch chan reply) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ch <- reply{2} // want `channel send while p.mu is held`
}
