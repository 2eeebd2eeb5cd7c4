package a

import (
	"net/http"
	"sync"
)

// A client that is a field of the struct holding the mutex is not a
// stream the mutex keeps whole: the request blocks every other user of
// p.mu for as long as the server takes to answer.
type proxyWrong struct {
	mu     sync.Mutex
	client *http.Client
	last   *http.Response
}

func (p *proxyWrong) forward(req *http.Request) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	resp, err := p.client.Do(req) // want `\(\*http.Client\).Do while p.mu is held`
	if err != nil {
		return err
	}
	p.last = resp
	return nil
}

// RIGHT: the request is made without the lock; only the result is
// stored under it.
type proxyRight struct {
	mu     sync.Mutex
	client *http.Client
	last   *http.Response
}

func (p *proxyRight) forward(req *http.Request) error {
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.last = resp
	p.mu.Unlock()
	return nil
}
