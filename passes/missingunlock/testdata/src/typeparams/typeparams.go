package typeparams

import "sync"

type Map[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (m *Map[K, V]) GetWrong(k K) (V, bool) {
	m.mu.RLock() // want `m.mu is read-locked here but not unlocked on a return`
	v, ok := m.m[k]
	if !ok {
		return v, false
	}
	m.mu.RUnlock()
	return v, true
}

func (m *Map[K, V]) GetRight(k K) (V, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	v, ok := m.m[k]
	return v, ok
}

// A generic function locking a mutex parameter.
func Apply[T any](mu *sync.Mutex, xs []T, f func(T) bool) {
	mu.Lock() // want `mu is locked here but not unlocked on a return`
	for _, x := range xs {
		if !f(x) {
			return
		}
	}
	mu.Unlock()
}

func use() {
	var m Map[string, int]
	m.GetWrong("a")
	m.GetRight("a")
	var mu sync.Mutex
	Apply(&mu, []int{1}, func(int) bool { return true })
}
