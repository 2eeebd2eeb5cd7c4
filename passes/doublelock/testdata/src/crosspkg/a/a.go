package a

import "sync"

type Registry struct {
	mu    sync.RWMutex
	names []string
}

func (r *Registry) Add(n string) { // want Add:"acquires r.mu$"
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = append(r.names, n)
}

func (r *Registry) Len() int { // want Len:"acquires r.mu \\(read\\)$"
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.names)
}

// Lock exposes the registry's lock.
func (r *Registry) Lock() { r.mu.Lock() } // want Lock:"returns holding r.mu"

func (r *Registry) Unlock() { r.mu.Unlock() } // want Unlock:"releases r.mu"
