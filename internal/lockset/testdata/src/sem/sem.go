package sem

import (
	"context"
	"sync"

	"golang.org/x/sync/semaphore"
)

type Pool struct {
	sem   *semaphore.Weighted
	slots chan struct{}
	out   chan int
}

func (p *Pool) AcquireOne(ctx context.Context) error { // want AcquireOne:"blocks: \\(\\*semaphore.Weighted\\).Acquire$"
	return p.sem.Acquire(ctx, 1)
}

func (p *Pool) Run(ctx context.Context) error { // want Run:"acquires p.sem \\(sem\\); blocks"
	if err := p.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer p.sem.Release(1)
	return nil
}

func (p *Pool) Slot(f func()) { // want Slot:"acquires p.slots \\(sem\\); blocks: channel send; calls param1 holding p.slots \\(sem\\)$"
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	f()
}

func (p *Pool) Emit(v int) { // want Emit:"blocks: channel send$"
	p.out <- v
}

// Drops its caller's lock around the wait.
type T struct {
	mu sync.Mutex
	c  chan int
}

func (t *T) Wait() { // want Wait:"^blocks: channel receive \\(releasing t.mu\\)$"
	t.mu.Unlock()
	defer t.mu.Lock()
	<-t.c
}
