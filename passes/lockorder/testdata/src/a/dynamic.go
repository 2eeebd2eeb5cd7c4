package a

import "sync"

// Orders made through calls that are not static: an interface method the
// package's types implement, a function stored in a field, a function
// value handed to a helper that calls it under its own lock.

// An interface: the index locks its mutex and loads through the backend;
// the only backend of the package locks its own and calls back into the
// index.

type backend interface{ load(key string) string }

type index struct {
	mu sync.Mutex
	be backend
	m  map[string]string
}

type disk struct {
	mu  sync.Mutex
	idx *index
}

func newIndex() *index {
	x := &index{m: map[string]string{}}
	x.be = &disk{idx: x}
	return x
}

func (x *index) get(key string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.be.load(key) // want `\(\*a.index\).mu then \(\*a.disk\).mu here, but the reverse in \(\*a.disk\).load`
}

func (d *disk) load(key string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.idx.mu.Lock()
	defer d.idx.mu.Unlock()
	return d.idx.m[key]
}

// The fix: the backend reads the index after releasing its own lock.

type backend2 interface{ load(key string) string }

type index2 struct {
	mu sync.Mutex
	be backend2
	m  map[string]string
}

type disk2 struct {
	mu  sync.Mutex
	idx *index2
	n   int
}

func newIndex2() *index2 {
	x := &index2{m: map[string]string{}}
	x.be = &disk2{idx: x}
	return x
}

func (x *index2) get(key string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.be.load(key)
}

func (d *disk2) load(key string) string {
	d.mu.Lock()
	d.n++
	d.mu.Unlock()
	return d.idx.lookup(key)
}

func (x *index2) lookup(key string) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.m[key]
}

// A callback stored in a field through a setter: the watcher calls it
// under its lock, and the callback (a method value) takes the
// controller's, while the controller adds to the watcher under its own.

type watcher struct {
	mu       sync.Mutex
	onChange func()
	items    []string
}

func (w *watcher) SetOnChange(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.onChange = f
}

func (w *watcher) Add(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, s)
	if w.onChange != nil {
		w.onChange() // want `\(\*a.watcher\).mu then \(\*a.controller\).mu here, but the reverse in \(\*a.controller\).refresh`
	}
}

type controller struct {
	mu      sync.Mutex
	w       *watcher
	changes int
}

func newController() *controller {
	c := &controller{w: &watcher{}}
	c.w.SetOnChange(c.changed)
	return c
}

func (c *controller) changed() {
	c.mu.Lock()
	c.changes++
	c.mu.Unlock()
}

func (c *controller) refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.w.Add("x")
}

// The fix: the watcher calls its callback after releasing its lock.

type watcher2 struct {
	mu       sync.Mutex
	onChange func()
	items    []string
}

func (w *watcher2) SetOnChange(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.onChange = f
}

func (w *watcher2) Add(s string) {
	w.mu.Lock()
	w.items = append(w.items, s)
	f := w.onChange
	w.mu.Unlock()
	if f != nil {
		f()
	}
}

type controller2 struct {
	mu      sync.Mutex
	w       *watcher2
	changes int
}

func newController2() *controller2 {
	c := &controller2{w: &watcher2{}}
	c.w.SetOnChange(c.changed)
	return c
}

func (c *controller2) changed() {
	c.mu.Lock()
	c.changes++
	c.mu.Unlock()
}

func (c *controller2) refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.w.Add("x")
}

// A function value read from a field and handed to a helper that calls
// it under the queue's lock: the handler takes the server's lock, which
// the server holds when it pushes to the queue.

type queue struct {
	mu    sync.Mutex
	items []int
}

func (q *queue) pop(process func(int)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, it := range q.items {
		process(it)
	}
	q.items = nil
}

func (q *queue) push(it int) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
}

type server struct {
	mu      sync.Mutex
	q       *queue
	handle  func(int)
	handled int
}

func newServer() *server {
	s := &server{q: &queue{}}
	s.handle = func(int) {
		s.mu.Lock()
		s.handled++
		s.mu.Unlock()
	}
	return s
}

func (s *server) drain() {
	s.q.pop(s.handle) // want `\(\*a.queue\).mu then \(\*a.server\).mu here, but the reverse in \(\*a.server\).submit`
}

func (s *server) submit(it int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.q.push(it)
}

// The fix: the queue hands over its items and calls the handler outside
// its lock.

type queue2 struct {
	mu    sync.Mutex
	items []int
}

func (q *queue2) pop(process func(int)) {
	q.mu.Lock()
	items := q.items
	q.items = nil
	q.mu.Unlock()
	for _, it := range items {
		process(it)
	}
}

func (q *queue2) push(it int) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
}

type server2 struct {
	mu      sync.Mutex
	q       *queue2
	handle  func(int)
	handled int
}

func newServer2() *server2 {
	s := &server2{q: &queue2{}}
	s.handle = func(int) {
		s.mu.Lock()
		s.handled++
		s.mu.Unlock()
	}
	return s
}

func (s *server2) drain() {
	s.q.pop(s.handle)
}

func (s *server2) submit(it int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.q.push(it)
}
