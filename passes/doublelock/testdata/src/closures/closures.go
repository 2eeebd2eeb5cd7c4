package closures

import "sync"

type T struct {
	mu    sync.Mutex
	items []int
}

// A helper that runs f with the lock held.
func (t *T) with(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f()
}

func (t *T) Wrong() {
	t.with(func() {
		t.mu.Lock() // want `t.mu is locked again while held by the caller of this function literal; remove this Lock or unlock first`
		t.items = nil
		t.mu.Unlock()
	})
}

func (t *T) Right() {
	t.with(func() {
		t.items = nil
	})
}

// A closure called directly inside the critical section.
func (t *T) Direct() {
	t.mu.Lock()
	defer t.mu.Unlock()
	reset := func() {
		t.mu.Lock() // want `t.mu is locked again while held`
		t.items = nil
		t.mu.Unlock()
	}
	reset()
}

// A closure started as a goroutine runs elsewhere: fine.
func (t *T) Async() {
	t.mu.Lock()
	defer t.mu.Unlock()
	go func() {
		t.mu.Lock()
		t.items = nil
		t.mu.Unlock()
	}()
}

// A deferred closure runs after the deferred unlock registered later.
func (t *T) Deferred() {
	defer func() {
		t.mu.Lock()
		t.items = nil
		t.mu.Unlock()
	}()
	t.mu.Lock()
	defer t.mu.Unlock()
}
