package a

import "sync"

// Generic containers nesting two locks in opposite orders.
type Pair[T any] struct {
	mu   sync.Mutex
	v    T
	peer *Other[T]
}

type Other[T any] struct {
	mu sync.Mutex
	p  *Pair[T]
}

func (p *Pair[T]) Sync() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.peer.mu.Lock() // want `mu then .*mu here`
	p.peer.mu.Unlock()
}

func (o *Other[T]) Sync() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.p.mu.Lock()
	o.p.mu.Unlock()
}
