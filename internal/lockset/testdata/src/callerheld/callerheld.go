// Package callerheld marks lines with calls of held(): the locks a function
// is entered with because every one of its callers holds them are marked
// (ctx).
package callerheld

import "sync"

func held() {}

type Store struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
}

// Every caller holds s.mu: the helper runs under it.
func (s *Store) evict(k string) {
	held() // want `held: s.mu\(ctx\) \(\*callerheld.Store\).mu`
	delete(s.items, k)
}

func (s *Store) Remove(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.evict(k)
}

func (s *Store) Clear() {
	s.mu.Lock()
	for k := range s.items {
		s.evict(k)
	}
	s.mu.Unlock()
}

// One caller does not hold the lock: no context.
func (s *Store) size() int {
	held() // want `held: none`
	return len(s.items)
}

func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size()
}

func (s *Store) Racy() int { return s.size() }

// The caller's lock reached through another name: the argument is the
// callee's parameter, and a field path below it.
type Outer struct{ st *Store }

func touch(st *Store) {
	held() // want `held: st.mu\(ctx\) \(\*callerheld.Store\).mu`
}

func (o *Outer) Touch() {
	o.st.mu.Lock()
	touch(o.st)
	o.st.mu.Unlock()
}

// A chain: inner is called only by middle, which is called only under
// the lock.
func (s *Store) inner() {
	held() // want `held: s.mu\(ctx\) \(\*callerheld.Store\).mu`
}

func (s *Store) middle() { s.inner() }

func (s *Store) Chain() {
	s.mu.Lock()
	s.middle()
	s.mu.Unlock()
}

// Read locks: the context is shared.
func (s *Store) get(k string) int {
	held() // want `held: s.rw\(R\)\(ctx\) \(\*callerheld.Store\).rw`
	return s.items[k]
}

func (s *Store) Get(k string) int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.get(k)
}

// A function value: its callers are not all known.
func (s *Store) viaValue() {
	held() // want `held: none`
}

func (s *Store) Value() {
	s.mu.Lock()
	f := s.viaValue
	f()
	s.mu.Unlock()
}

// Started as a goroutine: a go statement passes no lock.
func (s *Store) background() {
	held() // want `held: none`
}

func (s *Store) Start() {
	s.mu.Lock()
	go s.background()
	s.background()
	s.mu.Unlock()
}

// An unexported method an interface of the package names may be called
// through it.
type flusher interface{ flush() }

func (s *Store) flush() {
	held() // want `held: none`
}

func (s *Store) Flush() {
	s.mu.Lock()
	s.flush()
	s.mu.Unlock()
}

var _ flusher = (*Store)(nil)

// Exported: callable from anywhere, so no context unless its name or doc
// says that its callers hold the lock.
func (s *Store) Exported() {
	held() // want `held: none`
}

func (s *Store) CallsExported() {
	s.mu.Lock()
	s.Exported()
	s.mu.Unlock()
}

// EvictLocked removes everything.
func (s *Store) EvictLocked() {
	held() // want `held: s.mu\(ctx\) \(\*callerheld.Store\).mu`
}

// Purge drops k. The caller must hold s.mu.
func (s *Store) Purge(k string) {
	held() // want `held: s.mu\(ctx\) \(\*callerheld.Store\).mu`
}

func (s *Store) UsesExported() {
	s.mu.Lock()
	s.EvictLocked()
	s.Purge("k")
	s.mu.Unlock()
}

// A helper that releases its caller's lock around slow work: after the
// unlock, the context lock is no longer held.
func (s *Store) slowLocked() {
	s.mu.Unlock()
	held() // want `held: none`
	s.mu.Lock()
}

func (s *Store) Slow() {
	s.mu.Lock()
	s.slowLocked()
	s.mu.Unlock()
}

// A package-level lock held by every caller.
var reg sync.Mutex

func register() {
	held() // want `held: reg\(ctx\) callerheld.reg`
}

func Register() {
	reg.Lock()
	register()
	reg.Unlock()
}

// A copy of the object passed by value carries other locks.
func byValue(st Store) {
	held() // want `held: none`
}

func CallsByValue(s *Store) {
	s.mu.Lock()
	byValue(*s)
	s.mu.Unlock()
}
