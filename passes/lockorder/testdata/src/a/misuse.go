package a

import "sync"

// A reader that detects misuse and panics: the order it takes on the way
// to the panic is no order the program keeps.
type reader struct {
	mu   sync.Mutex
	busy bool
	c    *conn
}

type conn struct {
	mu       sync.Mutex
	hijacked bool
	r        *reader
}

func (c *conn) isHijacked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hijacked
}

func (r *reader) Read() {
	r.mu.Lock()
	if r.busy {
		h := r.c.isHijacked()
		r.mu.Unlock()
		if h {
			panic("read after hijack")
		}
		panic("concurrent read")
	}
	r.busy = true
	r.mu.Unlock()
}

func (c *conn) Hijack() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hijacked = true
	c.r.mu.Lock()
	c.r.busy = false
	c.r.mu.Unlock()
}

// The same order on a path that returns is a real inversion.
type writer struct {
	mu sync.Mutex
	c  *wconn
}

type wconn struct {
	mu     sync.Mutex
	closed bool
	w      *writer
}

func (c *wconn) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

func (w *writer) Write() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.c.isClosed() // want `\(\*a.writer\).mu then \(\*a.wconn\).mu here, but the reverse in \(\*a.wconn\).Close`
}

func (c *wconn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.w.mu.Lock()
	c.w.mu.Unlock()
}
