package a

import "sync"

// A sync.Cond's L is the mutex it was made with: locking it and then
// calling a method that locks the mutex is a double lock.

type jobs struct {
	mu      sync.Mutex
	ready   *sync.Cond
	pending []int
}

func newJobs() *jobs {
	j := &jobs{}
	j.ready = sync.NewCond(&j.mu)
	return j
}

func (j *jobs) size() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.pending)
}

func (j *jobs) take() int {
	j.ready.L.Lock()
	defer j.ready.L.Unlock()
	for j.size() == 0 { // want `call to \(\*a.jobs\).size locks j.mu while it is held; call a helper that assumes the lock is held`
		j.ready.Wait()
	}
	it := j.pending[0]
	j.pending = j.pending[1:]
	return it
}

// The fix: under the Cond's lock, read the state directly.

type jobs2 struct {
	mu      sync.Mutex
	ready   *sync.Cond
	pending []int
}

func newJobs2() *jobs2 {
	j := &jobs2{}
	j.ready = sync.NewCond(&j.mu)
	return j
}

func (j *jobs2) take() int {
	j.ready.L.Lock()
	defer j.ready.L.Unlock()
	for len(j.pending) == 0 {
		j.ready.Wait()
	}
	it := j.pending[0]
	j.pending = j.pending[1:]
	return it
}

// A Cond made with the read side of an RWMutex: its L read-locks it, and
// a write lock taken under it never returns.

type table struct {
	rw      sync.RWMutex
	changed *sync.Cond
	rows    map[string]int
}

func newTable() *table {
	t := &table{rows: map[string]int{}}
	t.changed = sync.NewCond(t.rw.RLocker())
	return t
}

func (t *table) set(k string, v int) {
	t.rw.Lock()
	t.rows[k] = v
	t.rw.Unlock()
	t.changed.Broadcast()
}

func (t *table) waitFor(k string) int {
	t.changed.L.Lock()
	defer t.changed.L.Unlock()
	for t.rows[k] == 0 {
		t.changed.Wait()
	}
	t.set(k+".seen", 1) // want `call to \(\*a.table\).set locks t.rw while it is read-locked`
	return t.rows[k]
}

// A field set to Conds of different mutexes names none of them: no
// finding through it.

type pair struct {
	a, b sync.Mutex
	c    *sync.Cond
	n    int
}

func (p *pair) useA() { p.c = sync.NewCond(&p.a) }
func (p *pair) useB() { p.c = sync.NewCond(&p.b) }

func (p *pair) bump() {
	p.a.Lock()
	p.n++
	p.a.Unlock()
}

func (p *pair) wait() {
	p.c.L.Lock()
	defer p.c.L.Unlock()
	p.bump()
}

// An interface method called on a value converted from a concrete type
// in the same function runs that type's method: a double lock when it
// locks what is held.

type flusher interface{ flush() }

type buffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *buffer) flush() {
	b.mu.Lock()
	b.buf = b.buf[:0]
	b.mu.Unlock()
}

func (b *buffer) reset() {
	var f flusher = b
	b.mu.Lock()
	defer b.mu.Unlock()
	f.flush() // want `call to \(\*a.buffer\).flush locks b.mu while it is held`
}

// The fix: flush after the unlock.

func (b *buffer) reset2() {
	var f flusher = b
	b.mu.Lock()
	b.buf = nil
	b.mu.Unlock()
	f.flush()
}
