package a

import "sync"

// One finding per place: the acquisition of y.mu under x.mu closes two
// cycles (with y then x, and with y then z then x); it is reported once,
// with the shorter.

type lx struct{ mu sync.Mutex }
type ly struct{ mu sync.Mutex }
type lz struct{ mu sync.Mutex }

type trio struct {
	x lx
	y ly
	z lz
}

func (t *trio) xy() {
	t.x.mu.Lock()
	t.y.mu.Lock() // want `\(\*a.lx\).mu then \(\*a.ly\).mu here, but the reverse in \(\*a.trio\).yx`
	t.y.mu.Unlock()
	t.x.mu.Unlock()
}

func (t *trio) yx() {
	t.y.mu.Lock()
	t.x.mu.Lock()
	t.x.mu.Unlock()
	t.y.mu.Unlock()
}

func (t *trio) yz() {
	t.y.mu.Lock()
	t.z.mu.Lock()
	t.z.mu.Unlock()
	t.y.mu.Unlock()
}

func (t *trio) zx() {
	t.z.mu.Lock()
	t.x.mu.Lock()
	t.x.mu.Unlock()
	t.z.mu.Unlock()
}
