package fix

import (
	"errors"
	"sync"
)

type S struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
}

var errEmpty = errors.New("empty")

// Every unlock is right before a return: defer is equivalent, and the
// forgotten return gets it too.
func (s *S) Get(k string) (int, error) {
	s.mu.Lock() // want `s.mu is locked here but not unlocked on a return`
	if len(s.items) == 0 {
		s.mu.Unlock()
		return 0, errEmpty
	}
	if k == "" {
		return 0, nil
	}
	v := s.items[k]
	s.mu.Unlock()
	return v, nil
}

// Read lock, no unlock at all.
func (s *S) Len() int {
	s.rw.RLock() // want `s.rw is read-locked here but not unlocked on a return`
	return len(s.items)
}

// An unlock followed by more work: a defer would hold the lock during
// slowWork, so no fix is offered.
func (s *S) Put(k string, v int) error {
	s.mu.Lock() // want `s.mu is locked here but not unlocked on a return`
	if k == "" {
		return errEmpty
	}
	s.items[k] = v
	s.mu.Unlock()
	slowWork()
	return nil
}

func slowWork() {}

// In a loop, a defer would pile up: no fix.
func (s *S) Each(keys []string) {
	for _, k := range keys {
		s.mu.Lock() // want `s.mu is locked here but not unlocked on a return`
		if k == "" {
			return
		}
		s.items[k]++
		s.mu.Unlock()
	}
}
