package a

import (
	"errors"
	"sync"
)

type Store struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
	open  bool
}

var errClosed = errors.New("closed")

// The seed's mistake: an early return on the error branch leaks the lock.
func (s *Store) PutWrong(k string, v int) error {
	s.mu.Lock() // want `s.mu is locked here but not unlocked on a return; release it on every path, e.g. defer s.mu.Unlock()`
	if !s.open {
		return errClosed
	}
	s.items[k] = v
	s.mu.Unlock()
	return nil
}

// The fix: defer right after the Lock.
func (s *Store) PutRight(k string, v int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.open {
		return errClosed
	}
	s.items[k] = v
	return nil
}

// Unlock on every branch is right too.
func (s *Store) PutEveryBranch(k string, v int) error {
	s.mu.Lock()
	if !s.open {
		s.mu.Unlock()
		return errClosed
	}
	s.items[k] = v
	s.mu.Unlock()
	return nil
}

// A switch arm that forgets.
func (s *Store) Kind(k string) int {
	s.rw.RLock() // want `s.rw is read-locked here but not unlocked on a return`
	switch s.items[k] {
	case 0:
		s.rw.RUnlock()
		return 0
	case 1:
		return 1
	}
	s.rw.RUnlock()
	return 2
}

// continue in a loop skips the Unlock: the next round locks again and
// the return after the loop leaks.
func (s *Store) Sum(keys []string) int {
	n := 0
	for _, k := range keys {
		s.mu.Lock() // want `s.mu is locked here but not unlocked on a return; release it on every path, e.g. defer s.mu.Unlock()`
		v, ok := s.items[k]
		if !ok {
			continue
		}
		n += v
		s.mu.Unlock()
	}
	return n
}

func (s *Store) SumRight(keys []string) int {
	n := 0
	for _, k := range keys {
		s.mu.Lock()
		v, ok := s.items[k]
		s.mu.Unlock()
		if !ok {
			continue
		}
		n += v
	}
	return n
}

// TryLock: the failure branch holds nothing.
func (s *Store) TryPut(k string, v int) bool {
	if !s.mu.TryLock() {
		return false
	}
	s.items[k] = v
	s.mu.Unlock()
	return true
}

// TryLock that forgets on success.
func (s *Store) TryPutWrong(k string, v int) bool {
	if s.mu.TryLock() { // want `s.mu is locked here but not unlocked on a return; release it on every path, e.g. defer s.mu.Unlock()`
		if v < 0 {
			return false
		}
		s.items[k] = v
		s.mu.Unlock()
		return true
	}
	return false
}

// Correlated branches: locked and unlocked under the same condition.
func (s *Store) Maybe(lock bool, k string) int {
	if lock {
		s.mu.Lock()
	}
	v := s.items[k]
	if lock {
		s.mu.Unlock()
	}
	return v
}

// An unlock inside a deferred closure.
func (s *Store) DeferredClosure(k string) int {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	return s.items[k]
}

// A deferred closure that unlocks only if still locked.
func (s *Store) DeferredFlag(k string) int {
	s.mu.Lock()
	locked := true
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	v := s.items[k]
	s.mu.Unlock()
	locked = false
	return v
}

// Functions returning with the lock held by contract.

// lockOpen locks s.mu if the store is open; the caller must unlock.
func (s *Store) lockOpen() bool {
	s.mu.Lock()
	if !s.open {
		s.mu.Unlock()
		return false
	}
	return true
}

func (s *Store) unlock() { s.mu.Unlock() }

// Named like a lock helper, and paired with unlock above.
func (s *Store) lockStore() {
	s.mu.Lock()
}

// Grab takes the store's lock; the caller must call Release.
func (s *Store) Grab() {
	s.rw.Lock()
}

func (s *Store) Release() { s.rw.Unlock() }

// Using the helpers: the call to the lock helper is the acquisition.
func (s *Store) ViaHelper(k string) int {
	if !s.lockOpen() {
		return -1
	}
	defer s.unlock()
	return s.items[k]
}

func (s *Store) ViaHelperWrong(k string) int {
	s.lockStore() // want `s.mu is locked here by \(\*a.Store\).lockStore but not unlocked on a return`
	if k == "" {
		return 0
	}
	s.unlock()
	return 1
}

// Never unlocked, no contract: reported.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Forgot() {
	c.mu.Lock() // want `c.mu is locked here but not unlocked on a return`
	c.n++
}

// panic paths are not exits.
func (s *Store) Must(k string) int {
	s.mu.Lock()
	v, ok := s.items[k]
	if !ok {
		panic("missing " + k)
	}
	s.mu.Unlock()
	return v
}

// A local mutex and a package-level one.
var global sync.Mutex

func Global(x int) int {
	global.Lock() // want `global is locked here but not unlocked on 2 returns; release it on every path, e.g. defer global.Unlock()`
	if x > 0 {
		return x
	}
	return 0
}

// Correlated conditions written twice (math/big's "if b == 10").
func Cached(b int, table []int) []int {
	if b == 10 {
		global.Lock()
	}
	out := append([]int(nil), table...)
	if b == 10 {
		global.Unlock()
	}
	return out
}

// A defer in a loop, once per locked node (testing's parent chain).
type node struct {
	mu     sync.Mutex
	parent *node
	done   bool
}

func (n *node) firstUndone() *node {
	for p := n.parent; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.done {
			return p
		}
	}
	return nil
}

// Hand-over-hand locking up a tree: the loop variable changes node.
func (n *node) pruneUp() {
	i := n
	i.mu.Lock()
	for i.parent != nil && i.done {
		parent := i.parent
		parent.mu.Lock()
		i.mu.Unlock()
		i = parent
	}
	i.mu.Unlock()
}

// The lock is handed to a goroutine that unlocks it.
func handoff(done chan struct{}) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		defer close(done)
		mu.Unlock()
	}()
}

func handoffArg(wg *sync.WaitGroup) {
	var mu sync.Mutex
	mu.Lock()
	go release(&mu, wg)
}

func release(mu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	mu.Unlock()
}

// A lock kept until the caller calls the returned release function.
type Conn struct {
	closemu sync.RWMutex
	done    bool
}

func (c *Conn) grab() (func(), error) {
	if c.done {
		return nil, errClosed
	}
	c.closemu.RLock()
	return c.releaseConn, nil
}

func (c *Conn) releaseConn() { c.closemu.RUnlock() }

// A lock kept on purpose, recorded in a flag that another method checks.
type Rows struct {
	closemu   sync.RWMutex
	scanHold  bool
	remaining int
}

func (rs *Rows) Scan(raw bool) error {
	rs.closemu.RLock()
	if raw {
		rs.scanHold = true
	} else {
		rs.closemu.RUnlock()
	}
	return nil
}

func (rs *Rows) Next() bool {
	if rs.scanHold {
		rs.scanHold = false
		rs.closemu.RUnlock()
	}
	return rs.remaining > 0
}
