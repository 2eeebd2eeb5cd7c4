package a

import "sync"

// A helper that locks only when its caller says it does not hold the
// lock: the callers that pass "held" while holding it are right, the one
// that passes "not held" while holding it locks twice.

type nameTable struct {
	mu    sync.Mutex
	names map[string]int
}

func (r *nameTable) remove(name string, locked bool) {
	if !locked {
		r.mu.Lock()
		defer r.mu.Unlock()
	}
	delete(r.names, name)
}

func (r *nameTable) rename(from, to string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[to] = r.names[from]
	r.remove(from, true)
}

func (r *nameTable) Drop(name string) {
	r.remove(name, false)
}

func (r *nameTable) replace(from, to string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[to] = r.names[from]
	r.remove(from, false) // want `call to \(\*a.nameTable\).remove locks r.mu while it is held`
}

// The same with the flag the other way round (needLock), tested twice.

func (r *nameTable) count(needLock bool) int {
	if needLock {
		r.mu.Lock()
	}
	n := len(r.names)
	if needLock {
		r.mu.Unlock()
	}
	return n
}

func (r *nameTable) Report() (int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count(false), r.count(true) // want `call to \(\*a.nameTable\).count locks r.mu while it is held`
}
