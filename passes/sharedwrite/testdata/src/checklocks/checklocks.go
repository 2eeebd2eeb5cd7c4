// Package checklocks is annotated the way gVisor annotates its code for
// checklocks: guarded fields, functions whose callers hold a lock,
// ignore and force annotations, and annotations that name no lock.
package checklocks

import "sync"

// Counter: a field guarded by a sibling mutex.
type Counter struct {
	mu sync.Mutex
	// +checklocks:mu
	n int

	hint int // not annotated: not judged by annotations
}

func (c *Counter) Inc() { // the fix: hold the lock
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *Counter) Deferred() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *Counter) Get() int {
	return c.n // want `c.n is read without c.mu, which its \+checklocks:mu annotation requires; hold c.mu here`
}

func (c *Counter) Reset() {
	c.n = 0 // want `c.n is written without c.mu, which its \+checklocks:mu annotation requires`
	c.hint = 0
}

// NewCounter builds an object no one else sees yet: no lock needed.
func NewCounter(start int) *Counter {
	c := &Counter{}
	c.n = start
	return c
}

// incLocked requires its callers to hold c.mu, and runs with it held.
// +checklocks:c.mu
func (c *Counter) incLocked() {
	c.n++
}

func (c *Counter) Twice() {
	c.mu.Lock()
	c.incLocked()
	c.incLocked()
	c.mu.Unlock()
}

func (c *Counter) Sloppy() {
	c.incLocked() // want `call of incLocked without c.mu, which its \+checklocks:c.mu annotation requires; hold c.mu here`
}

// A closure run under the caller's lock holds it.
func (c *Counter) Closure() {
	c.mu.Lock()
	defer c.mu.Unlock()
	func() {
		c.n++
	}()
}

// Table: an RWMutex, read under RLock, written under Lock.
type Table struct {
	rw sync.RWMutex
	// +checklocks:rw
	m map[string]int
	// +checklocks:rw
	size int
}

func (t *Table) Lookup(k string) int {
	t.rw.RLock()
	defer t.rw.RUnlock()
	return t.m[k] + t.size
}

func (t *Table) Store(k string, v int) {
	t.rw.Lock()
	t.m[k] = v
	t.size++
	t.rw.Unlock()
}

func (t *Table) StoreShared(k string, v int) {
	t.rw.RLock()
	t.m[k] = v // want `t.m is written holding only the read lock of t.rw, which \+checklocks requires exclusively; take t.rw.Lock`
	t.rw.RUnlock()
}

// sizeRLocked needs at least the read lock.
// +checklocksread:t.rw
func (t *Table) sizeRLocked() int {
	return t.size
}

// growRLocked writes under a read lock only.
// +checklocksread:t.rw
func (t *Table) growRLocked() {
	t.size++ // want `t.size is written holding only the read lock of t.rw`
}

func (t *Table) Size() int {
	t.rw.RLock()
	defer t.rw.RUnlock()
	return t.sizeRLocked()
}

// setLocked needs the write lock.
// +checklocks:t.rw
func (t *Table) setLocked(v int) { t.size = v }

func (t *Table) SetShared(v int) {
	t.rw.RLock()
	t.setLocked(v) // want `call of setLocked holding only the read lock of t.rw, which \+checklocks requires exclusively`
	t.rw.RUnlock()
}

func (t *Table) Set(v int) {
	t.rw.Lock()
	t.setLocked(v)
	t.rw.Unlock()
}

// Pair: two guards, both required.
type Pair struct {
	a, b sync.Mutex
	// +checklocks:a
	// +checklocks:b
	both int
}

func (p *Pair) Both() {
	p.a.Lock()
	p.b.Lock()
	p.both++
	p.b.Unlock()
	p.a.Unlock()
}

func (p *Pair) OnlyA() {
	p.a.Lock()
	p.both++ // want `p.both is written without p.b`
	p.a.Unlock()
}

// A package-level lock guarding a field, and a lock inside a field.
var registryMu sync.Mutex

type Registry struct {
	// +checklocks:registryMu
	names []string

	inner struct {
		mu sync.Mutex
	}
	// +checklocks:inner.mu
	count int
}

func (r *Registry) Add(name string) {
	registryMu.Lock()
	r.names = append(r.names, name)
	registryMu.Unlock()
}

func (r *Registry) AddUnlocked(name string) {
	r.names = append(r.names, name) // want `r.names is written without registryMu`
}

func (r *Registry) Count() int {
	r.inner.mu.Lock()
	defer r.inner.mu.Unlock()
	return r.count
}

func (r *Registry) CountUnlocked() int {
	return r.count // want `r.count is read without r.inner.mu`
}

// Embedded: the mutex is an embedded field.
type Embedded struct {
	sync.Mutex
	// +checklocks:Mutex
	v int
}

func (e *Embedded) Set(v int) {
	e.Lock()
	e.v = v
	e.Unlock()
}

func (e *Embedded) SetUnlocked(v int) {
	e.v = v // want `e.v is written without e.Mutex`
}

// +checklocksignore: the function is not judged.
func (c *Counter) Peek() int {
	return c.n
}

func (c *Counter) Forced() int {
	return c.n // +checklocksforce: read racily on purpose, for a hint.
}

// releaseLocked is entered holding c.mu and releases it.
// +checklocksrelease:c.mu
func (c *Counter) releaseLocked() {
	c.n++
	c.mu.Unlock()
}

func (c *Counter) LockThenRelease() {
	c.mu.Lock()
	c.releaseLocked()
}

func (c *Counter) ReleaseUnheld() {
	c.releaseLocked() // want `call of releaseLocked without c.mu`
}

// A goroutine's write that also races with its starter: one finding, the
// annotation's.
func Racy(c *Counter) {
	go func() {
		c.n = 1 // want `c.n is written without c.mu, which its \+checklocks:mu annotation requires`
	}()
	c.mu.Lock()
	_ = c.n
	c.mu.Unlock()
}

// Package-level variables guarded by a package-level lock: one by one,
// and a group.
var statsMu sync.Mutex

// +checklocks:statsMu
var requests int

// +checklocks:statsMu
var (
	hitsByPath map[string]int
	lastPath   string
)

func Record(path string) {
	statsMu.Lock()
	requests++
	hitsByPath[path]++
	lastPath = path
	statsMu.Unlock()
}

func RecordRacy(path string) {
	requests++           // want `requests is written without statsMu`
	hitsByPath[path] = 1 // want `hitsByPath is written without statsMu`
	_ = lastPath         // want `lastPath is read without statsMu`
}

func init() { hitsByPath = map[string]int{} } // before anything runs: no lock needed

// Aliases: a type whose inner lock is its own, and a function that says
// two paths are one lock.
// +checklocksalias:inner.mu=mu
type Outer struct {
	mu    sync.Mutex
	inner struct{ mu *sync.Mutex }
	// +checklocks:inner.mu
	v int
}

func (o *Outer) Set() {
	o.mu.Lock()
	o.v = 1
	o.mu.Unlock()
}

func (o *Outer) SetRacy() {
	o.v = 2 // want `o.v is written without o.inner.mu`
}

type Wrapper struct{ c *Counter }

// +checklocksalias:w.c.mu=c.mu
func Bump(w *Wrapper, c *Counter) {
	c.mu.Lock()
	w.c.n++
	c.mu.Unlock()
}

type Reads struct {
	mu sync.Mutex
	// +checklocksreadany
	n int32
}

// withLock's callers must not hold c.mu: the function it calls takes it,
// through a function value the analysis cannot follow.
// +checklocksexclude:c.mu
func (c *Counter) withLock(f func(*Counter)) {
	f(c)
}

func (c *Counter) Nested() {
	c.mu.Lock()
	c.withLock(lockAndBump) // want `call of withLock holding c.mu, which its \+checklocksexclude:c.mu annotation forbids; release c.mu first`
	c.mu.Unlock()
}

func (c *Counter) Flat() {
	c.withLock(lockAndBump)
}

var lockAndBump = func(c *Counter) { c.mu.Lock(); c.n++; c.mu.Unlock() }

// An excluded lock the callee takes itself is doublelock's finding, not
// a second one here.
// +checklocksexclude:c.mu
func (c *Counter) relocks() {
	c.mu.Lock()
	c.mu.Unlock()
}

func (c *Counter) Twice2() {
	c.mu.Lock()
	c.relocks()
	c.mu.Unlock()
}

// snapshot's callers may hold t.rw for reading, not for writing.
// +checklocksexcludewrite:t.rw
func (t *Table) snapshot(f func() int) int {
	return f()
}

func (t *Table) UnderRead() int {
	t.rw.RLock()
	defer t.rw.RUnlock()
	return t.snapshot(func() int { return 0 })
}

func (t *Table) UnderWrite() int {
	t.rw.Lock()
	defer t.rw.Unlock()
	return t.snapshot(func() int { return 0 }) // want `call of snapshot holding t.rw, which its \+checklocksexcludewrite:t.rw annotation forbids`
}

// newLocked returns a Counter with its lock held.
// +checklocksacquire:c.mu
func newLocked() (c *Counter) {
	c = new(Counter)
	c.mu.Lock()
	return c
}

func UseLocked() {
	c := newLocked()
	c.n = 1
	c.mu.Unlock()
}

func UseOther(c *Counter) {
	d := newLocked()
	d.n = 1
	c.n = 2 // want `c.n is written without c.mu`
	d.mu.Unlock()
}
