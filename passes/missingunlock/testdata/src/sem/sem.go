package sem

import (
	"context"

	"golang.org/x/sync/semaphore"
)

type Pool struct {
	sem   *semaphore.Weighted
	slots chan struct{}
}

// A weighted semaphore acquired and not released on the error branch.
func (p *Pool) RunWrong(ctx context.Context, f func() error) error {
	if err := p.sem.Acquire(ctx, 1); err != nil { // want `p.sem is acquired here but not released on a return; release it on every path, e.g. with a deferred release`
		return err
	}
	if err := f(); err != nil {
		return err
	}
	p.sem.Release(1)
	return nil
}

// The failure branch of Acquire holds nothing; defer releases the rest.
func (p *Pool) RunRight(ctx context.Context, f func() error) error {
	if err := p.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer p.sem.Release(1)
	return f()
}

func (p *Pool) TryRun(f func()) bool {
	if !p.sem.TryAcquire(1) {
		return false
	}
	defer p.sem.Release(1)
	f()
	return true
}

// A channel semaphore: send acquires, receive releases.
func (p *Pool) SlotWrong(f func() error) error {
	p.slots <- struct{}{} // want `p.slots is acquired here but not released on a return`
	if err := f(); err != nil {
		return err
	}
	<-p.slots
	return nil
}

func (p *Pool) SlotRight(f func() error) error {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	return f()
}

// The goroutine releases the slot: the send is not a leak here.
func (p *Pool) Spawn(f func()) {
	p.slots <- struct{}{}
	go func() {
		defer func() { <-p.slots }()
		f()
	}()
}

// A signal channel is not a semaphore: sent here, received elsewhere.
func Signal(done chan struct{}) {
	done <- struct{}{}
}
