package closures

import "sync"

type T struct {
	mu sync.Mutex
	n  int
}

// A deferred closure that unlocks.
func (t *T) deferredClosure() int {
	t.mu.Lock()
	defer func() { t.mu.Unlock() }()
	return t.n
}

// A closure called on the error path that forgets.
func (t *T) calledClosure(fail bool) int {
	bail := func() int { return -1 }
	t.mu.Lock() // want `t.mu is locked here but not unlocked on a return`
	if fail {
		return bail()
	}
	t.mu.Unlock()
	return t.n
}

// A closure that unlocks, called on every path.
func (t *T) unlockClosure(fail bool) int {
	unlock := func() { t.mu.Unlock() }
	t.mu.Lock()
	if fail {
		unlock()
		return -1
	}
	n := t.n
	unlock()
	return n
}

// A lock inside a function literal that leaks.
func (t *T) literal() func(bool) {
	return func(fail bool) {
		t.mu.Lock() // want `t.mu is locked here but not unlocked on a return`
		if fail {
			return
		}
		t.mu.Unlock()
	}
}

// A local lock helper closure: its caller is checked.
func (t *T) helperClosure(fail bool) {
	lock := func() { t.mu.Lock() }
	lock() // want `t.mu is locked here by .* but not unlocked on a return`
	if fail {
		return
	}
	t.mu.Unlock()
}

// Embedded mutex.
type E struct {
	sync.Mutex
	n int
}

func (e *E) incWrong() {
	e.Lock() // want `e is locked here but not unlocked on a return`
	if e.n > 10 {
		return
	}
	e.n++
	e.Unlock()
}

func (e *E) incRight() {
	e.Lock()
	defer e.Unlock()
	if e.n > 10 {
		return
	}
	e.n++
}

// A sync.Locker parameter.
func withLocker(l sync.Locker, f func() error) error {
	l.Lock() // want `l is locked here but not unlocked on a return`
	if err := f(); err != nil {
		return err
	}
	l.Unlock()
	return nil
}
