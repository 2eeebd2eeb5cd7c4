package a

import "sync"

// Channels and WaitGroups held in structs that only this package uses.

type relay struct {
	in   chan int
	quit chan struct{}
}

func newRelay() *relay {
	return &relay{in: make(chan int), quit: make(chan struct{})}
}

func (r *relay) loop() {
	for {
		select {
		case v := <-r.in:
			_ = v
		case <-r.quit:
			return
		}
	}
}

func (r *relay) stop() { close(r.quit) }

func relayRight() {
	r := newRelay()
	go r.loop()
	r.in <- 1
	r.stop()
}

// Nothing ever stops the waiter, nor feeds it.
type waiter struct {
	wake chan struct{}
}

func (w *waiter) wait() {
	<-w.wake // want `receive from w.wake blocks forever, since waiterWrong never sends on or closes it`
}

func waiterWrong() {
	w := &waiter{wake: make(chan struct{})}
	go w.wait()
}

// The done channel is never made: the field is nil.
type session struct {
	done chan struct{}
}

func (s *session) await() {
	<-s.done // want `receive from a nil channel blocks forever`
}

func sessionWrong() {
	s := &session{}
	go s.await()
}

func sessionRight() {
	s := &session{done: make(chan struct{})}
	go s.await()
	close(s.done)
}

// A WaitGroup field: the workers never call Done.
type pool struct {
	wg sync.WaitGroup
}

func (p *pool) run(n int) {
	for range n {
		p.wg.Add(1)
		go work()
	}
	p.wg.Wait() // want `p.wg.Wait blocks forever: nothing calls p.wg.Done after p.wg.Add`
}

func poolWrong() {
	p := &pool{}
	p.run(2)
}

type poolOK struct {
	wg sync.WaitGroup
}

func (p *poolOK) run(n int) {
	for range n {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			work()
		}()
	}
	p.wg.Wait()
}

func poolRight() {
	p := &poolOK{}
	p.run(2)
}

// Exported: other packages may close it.
type Exposed struct {
	Done chan struct{}
}

func NewExposed() *Exposed {
	e := &Exposed{Done: make(chan struct{})}
	go func() { <-e.Done }()
	return e
}
