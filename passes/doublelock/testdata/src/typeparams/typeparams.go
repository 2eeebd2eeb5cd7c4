package typeparams

import "sync"

type Set[T comparable] struct {
	mu sync.Mutex
	m  map[T]bool
}

func (s *Set[T]) Add(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[v] = true
}

func (s *Set[T]) AddAll(vs ...T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vs {
		s.Add(v) // want `call to \(\*typeparams.Set\[T\]\).Add locks s.mu while it is held`
	}
}

func (s *Set[T]) addLocked(v T) { s.m[v] = true }

func (s *Set[T]) AddAllRight(vs ...T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vs {
		s.addLocked(v)
	}
}
