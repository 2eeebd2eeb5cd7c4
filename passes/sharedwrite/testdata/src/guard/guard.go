package guard

import "sync"

// Stats is used by goroutines of its users: its methods lock mu.
type Stats struct {
	mu    sync.Mutex
	count int
	last  string
}

func (s *Stats) Add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count++
	s.last = name
}

func (s *Stats) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

func (s *Stats) Last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Reset forgets the lock: a caller's goroutines may be calling Add.
func (s *Stats) Reset() {
	s.count = 0 // want `s.count is written without s.mu, which is held at \d+ of \d+ accesses to \(\*guard.Stats\).count; hold s.mu here`
}

// The fix.
func (s *Stats) ResetLast() {
	s.mu.Lock()
	s.last = ""
	s.mu.Unlock()
}

// A helper its callers call with the lock held.
func (s *Stats) bump() {
	s.count++
}

func (s *Stats) AddTwice() {
	s.mu.Lock()
	s.bump()
	s.bump()
	s.mu.Unlock()
}

// Constructors fill in fields of an object nobody else sees yet.
func NewStats() *Stats {
	s := &Stats{}
	s.count = 0
	s.last = "none"
	return s
}

// resetLocked says in its name that its caller holds the lock.
func (s *Stats) resetLocked() {
	s.count = 0
}

// A closure that locks the object it captures.
func (s *Stats) ResetAsync() {
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.count = 0
	}()
}

// A value wrapper whose methods lock the wrapped object.
type view struct{ s *Stats }

func (v view) Set(n int) {
	v.s.mu.Lock()
	defer v.s.mu.Unlock()
	v.s.count = n
}

// A package-level variable whose methods lock it.
var global Stats

func addGlobal(name string) {
	global.mu.Lock()
	global.last = name
	global.mu.Unlock()
}

// A helper that initializes an object its caller has just created.
func (s *Stats) reset() {
	s.count = 0
	s.last = ""
}

func newReset() *Stats {
	s := &Stats{}
	s.reset()
	return s
}

// Methods lock the receiver; a function locks the package-level value.
type Index struct {
	mu   sync.RWMutex
	keys []string
}

func (x *Index) Has(k string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, s := range x.keys {
		if s == k {
			return true
		}
	}
	return false
}

func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.keys)
}

var index Index

func Publish(k string) {
	index.mu.Lock()
	defer index.mu.Unlock()
	index.keys = append(index.keys, k)
}

// Two locks of one object share the guarding of a field: readers hold
// closemu for reading and dc for the driver call, the writer closemu
// exclusively. The write is guarded.
type Rows struct {
	closemu sync.RWMutex
	dc      sync.Mutex
	err     error
}

func (r *Rows) Next() bool {
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	r.dc.Lock()
	defer r.dc.Unlock()
	return r.err == nil
}

func (r *Rows) Err() error {
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	r.dc.Lock()
	defer r.dc.Unlock()
	return r.err
}

func (r *Rows) Scan() error {
	r.closemu.RLock()
	defer r.closemu.RUnlock()
	r.dc.Lock()
	defer r.dc.Unlock()
	return r.err
}

func (r *Rows) Close(err error) {
	r.closemu.Lock()
	defer r.closemu.Unlock()
	r.err = err
}

// Two accesses under a lock are too few to call it the guard.
type Pair struct {
	mu sync.Mutex
	n  int
}

func (p *Pair) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

func (p *Pair) Set(n int) {
	p.mu.Lock()
	p.n = n
	p.mu.Unlock()
}

func (p *Pair) Clear() {
	p.n = 0
}

func (r *Rows) Failed() bool {
	r.dc.Lock()
	defer r.dc.Unlock()
	return r.err != nil
}

func (r *Rows) Columns() error {
	r.dc.Lock()
	defer r.dc.Unlock()
	return r.err
}
