package a

import (
	"net/http"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// The seed's mistake: counter += 1 from two goroutines.
var counter int

func inc() {
	counter++ // want `write to counter may race with itself in other goroutines|write to counter may race with`
}

func twice() {
	go inc()
	go inc()
}

// The fix: a mutex around every access.
var (
	mu       sync.Mutex
	counter2 int
)

func incLocked() {
	mu.Lock()
	counter2++
	mu.Unlock()
}

func twiceLocked() {
	go incLocked()
	go incLocked()
}

// A closure started in a loop.
func loop(n int) int {
	hits := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hits++ // want `write to hits may race with itself in other goroutines; use a sync.Mutex or sync/atomic`
		}()
	}
	wg.Wait()
	return hits
}

// The fix, with defer.
func loopLocked(n int) int {
	var mu sync.Mutex
	hits := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			hits++
		}()
	}
	wg.Wait()
	return hits
}

// Writes before the go statement and after the Wait are ordered.
func beforeAndAfter() int {
	x := 1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		x++
	}()
	wg.Wait()
	x++
	return x
}

// The starter writes while the goroutine runs.
func during() int {
	x := 1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = x
	}()
	x = 2 // want `write to x may race with a read in another goroutine; use a sync.Mutex or sync/atomic, or wait for the goroutine`
	wg.Wait()
	return x
}

// After <-done.
func afterDone() int {
	x := 0
	done := make(chan struct{})
	go func() {
		x = 1
		close(done)
	}()
	<-done
	x = 2
	return x
}

// errgroup: a shared variable and the per-index fix.
func group(items []int) ([]int, error) {
	var g errgroup.Group
	total := 0
	results := make([]int, len(items))
	for i, it := range items {
		g.Go(func() error {
			total += it // want `write to total may race with itself`
			results[i] = it * 2
			return nil
		})
	}
	err := g.Wait()
	return results, err
}

// The same element from every goroutine.
func sameElement(n int) []int {
	results := make([]int, 1)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			results[0] = i // want `write to results\[0\] may race with itself`
		})
	}
	wg.Wait()
	return results
}

// RWMutex: reads under RLock, writes under Lock.
type Config struct {
	mu   sync.RWMutex
	vals map[string]string
	n    int
}

func (c *Config) Get(k string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.vals[k]
}

func (c *Config) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.vals[k] = v
}

func (c *Config) bumpUnderReadLock() {
	c.mu.RLock()
	c.n++ // want `write to c.n under c.mu.RLock may race with itself in other goroutines; take c.mu.Lock to write`
	c.mu.RUnlock()
}

func useConfig(c *Config) {
	for i := 0; i < 3; i++ {
		go c.Set("k", "v")
		go c.Get("k")
		go c.bumpUnderReadLock()
	}
}

// An embedded mutex.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) Inc() {
	c.Lock()
	c.n++
	c.Unlock()
}

func useCounter() {
	c := &Counter{}
	for i := 0; i < 3; i++ {
		go c.Inc()
	}
	c.Inc()
}

// sync/atomic functions and types.
var ops int64

var ops2 atomic.Int64

func atomics() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Go(func() {
			atomic.AddInt64(&ops, 1)
			ops2.Add(1)
		})
	}
	wg.Wait()
}

// Mixed atomic and plain access.
var hits64 int64

func mixed() {
	for i := 0; i < 3; i++ {
		go atomic.AddInt64(&hits64, 1)
	}
	go func() {
		atomic.AddInt64(&hits64, 1)
	}()
	hits64 = 0 // want `plain write to hits64 may race with an atomic write in another goroutine; use sync/atomic for every access`
}

// sync.Once.
var (
	once   sync.Once
	config map[string]string
)

func loadConfig() map[string]string {
	once.Do(func() {
		config = map[string]string{"a": "b"}
	})
	return config
}

func useOnce() {
	for i := 0; i < 3; i++ {
		go loadConfig()
	}
}

// A value handed over through a channel.
type Job struct{ n int }

func handOver() {
	ch := make(chan *Job)
	go func() {
		for j := range ch {
			j.n++
		}
	}()
	j := &Job{}
	j.n = 1
	ch <- j
	close(ch)
}

// sync.Map.
func syncMap() {
	var m sync.Map
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Go(func() { m.Store(i, i) })
	}
	wg.Wait()
}

// Goroutine-local variables and confinement.
func local() {
	for i := 0; i < 3; i++ {
		go func() {
			sum := 0
			for j := 0; j < i; j++ {
				sum += j
			}
			_ = sum
		}()
	}
	buf := []int{}
	go func() {
		buf = append(buf, 1)
		_ = buf
	}()
}

// Concurrent map writes.
func mapWrites(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			m[k] = len(k) // want `write to map m may race with itself in other goroutines; guard the map with a sync.Mutex or use sync.Map`
		})
	}
	wg.Wait()
	return m
}

// Append to a shared slice.
func appends(n int) []int {
	var out []int
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			out = append(out, i) // want `append to out may race with itself in other goroutines; use a sync.Mutex, or give each goroutine its own element`
		})
	}
	wg.Wait()
	return out
}

// The fix: one element per goroutine.
func perIndex(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			out[i] = i * i
		})
	}
	wg.Wait()
	return out
}

// Ordered by a channel: the goroutine reads after the close.
func readyThenRead() {
	cfg := 0
	ready := make(chan struct{})
	go func() {
		<-ready
		_ = cfg
	}()
	cfg = 2
	close(ready)
}

// Methods: the starter writes a field the goroutine reads.
type Server struct {
	state int
	quit  chan struct{}
}

func (s *Server) loop() {
	for {
		select {
		case <-s.quit:
			return
		default:
			if s.state > 0 {
				return
			}
		}
	}
}

func (s *Server) Start() {
	go s.loop()
	s.state = 1 // want `write to s.state may race with a read in another goroutine`
}

// The fix: set the state before starting.
func (s *Server) StartOrdered() {
	s.state = 1
	go s.loop()
}

// A function that leaves a goroutine running, seen from its caller.
type Poller struct{ interval int }

func (p *Poller) run() {
	for p.interval > 0 {
	}
}

func (p *Poller) Begin() { go p.run() }

func usePoller() {
	p := &Poller{interval: 1}
	p.Begin()
	p.interval = 0 // want `write to p.interval may race with a read in another goroutine`
}

// HTTP handlers run concurrently with each other.
var requests int

func serve() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		requests++ // want `write to requests may race with itself in other goroutines`
	})
}

var (
	reqMu     sync.Mutex
	requests2 int
)

func serveLocked() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		reqMu.Lock()
		requests2++
		reqMu.Unlock()
	})
}

// A loop that waits for each goroutine before starting the next one.
func oneAtATime(n int) error {
	var err error
	for i := 0; i < n; i++ {
		done := make(chan bool)
		go func() {
			err = nil
			done <- true
		}()
		<-done
	}
	return err
}

// Ordered by a select that only receives.
func startOrStop(stop chan struct{}) {
	cfg := 0
	start := make(chan struct{})
	go func() {
		select {
		case <-stop:
			return
		case <-start:
		}
		_ = cfg
	}()
	cfg = 1
	close(start)
}

// A field of the element each goroutine owns.
type stat struct{ count, max int }

func perElementField(n int) []stat {
	stats := make([]stat, n)
	var wg sync.WaitGroup
	for j := 0; j < n; j++ {
		wg.Go(func() {
			stats[j].count++
			if stats[j].count > stats[j].max {
				stats[j].max = stats[j].count
			}
		})
	}
	wg.Wait()
	return stats
}

// One lock reached along different paths (p, c.p).
type Pool struct {
	mu   sync.Mutex
	idle map[int]int
}

type Conn struct{ p *Pool }

func (p *Pool) put(k int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle[k] = 1
}

func (c *Conn) release() { c.p.put(1) }

func releaseTwice(c *Conn) {
	go c.release()
	c.p.put(2)
}

// delete under the lock that guards the map.
type Registry struct {
	mu    sync.Mutex
	items map[string]int
}

func (r *Registry) drop(k string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.items, k)
}

func (r *Registry) dropLater(k string) {
	go r.drop(k)
	r.drop(k + "x")
}

// The mistake: delete without it.
func (r *Registry) dropRacy(k string) {
	go func() {
		delete(r.items, k) // want `write to map r.items may race with a write under r.mu outside the goroutine; hold r.mu here too`
	}()
	r.mu.Lock()
	r.items[k] = 1
	r.mu.Unlock()
}

// A lock reached through a package-level variable in one place and
// through the receiver in the other.
type Names struct {
	mu   sync.RWMutex
	list []string
}

var names Names

func (n *Names) each(f func(string)) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	for _, s := range n.list {
		f(s)
	}
}

func publish(s string) {
	names.mu.Lock()
	defer names.mu.Unlock()
	names.list = append(names.list, s)
}

func serveNames() {
	http.HandleFunc("/names", func(w http.ResponseWriter, r *http.Request) {
		names.each(func(s string) {})
	})
	publish("x")
}

// Publication through an atomic flag: the data is written before the
// flag is set, and read after the flag is seen set.
type published struct {
	data  []int
	ready atomic.Bool
}

func publishFlag() {
	var p published
	go func() {
		p.data = []int{1, 2, 3}
		p.ready.Store(true)
	}()
	for !p.ready.Load() {
	}
	p.data = nil
}

var (
	result   int
	resultOK int32
)

func publishFunc() {
	go func() {
		result = 42
		atomic.StoreInt32(&resultOK, 1)
	}()
	for atomic.LoadInt32(&resultOK) == 0 {
	}
	result = 0
}

// Without the flag, nothing orders the two writes.
var unpublished int

func publishNothing() {
	var other atomic.Bool
	go func() {
		unpublished = 42 // want `write to unpublished may race with a write outside the goroutine`
		other.Store(true)
	}()
	unpublished = 0 // want `write to unpublished may race with a write in another goroutine`
}

// Code under a constant false condition never runs.
const traceWrites = false

var traced int

func debugOnly() {
	go func() {
		if traceWrites {
			traced++
		}
	}()
	traced = 1
}

// Under a variable it may.
var traceOn = true

var tracedOn int

func debugVar() {
	go func() {
		if traceOn {
			tracedOn++ // want `write to tracedOn may race with a write outside the goroutine`
		}
	}()
	tracedOn = 1 // want `write to tracedOn may race with a write in another goroutine`
}

// A helper runs its argument in a goroutine and returns the channel the
// goroutine signals its end on: receiving from it joins the goroutine.
func runAsync(f func()) chan bool {
	done := make(chan bool)
	go func() {
		f()
		done <- true
	}()
	return done
}

var asyncCount int

func joinedThroughResult() {
	sig := runAsync(func() { asyncCount++ })
	<-sig
	asyncCount = 0
}

func notJoined() {
	runAsync(func() { asyncCount++ }) // want `write to asyncCount may race with a write outside the goroutine; use a sync.Mutex or sync/atomic, or wait for the goroutine`
	asyncCount = 0                    // want `write to asyncCount may race with a write in another goroutine; use a sync.Mutex or sync/atomic, or wait for the goroutine`
}
