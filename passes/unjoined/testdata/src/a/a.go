package a

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
)

// The mistake: the result is read while the goroutine may still write it.
func sum(xs []int) int {
	total := 0
	go func() { // want `this goroutine writes total, read by sum without waiting; wait with a sync.WaitGroup or a done channel`
		for _, x := range xs {
			total += x
		}
	}()
	return total
}

// The fix: wait for it.
func sumWaitGroup(xs []int) int {
	total := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, x := range xs {
			total += x
		}
	}()
	wg.Wait()
	return total
}

// Also a fix: a done channel.
func sumDone(xs []int) int {
	total := 0
	done := make(chan struct{})
	go func() {
		for _, x := range xs {
			total += x
		}
		close(done)
	}()
	<-done
	return total
}

// Also a fix: WaitGroup.Go.
func sumGo(xs []int) int {
	total := 0
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, x := range xs {
			total += x
		}
	})
	wg.Wait()
	return total
}

// Also a fix: the result handed over through a channel.
func sumChan(xs []int) int {
	res := make(chan int)
	go func() {
		t := 0
		for _, x := range xs {
			t += x
		}
		res <- t
	}()
	return <-res
}

type Stats struct {
	count int
	mean  float64
}

func (s *Stats) compute(xs []float64) {
	for _, x := range xs {
		s.mean += x
	}
	s.count = len(xs)
}

// A method value run by a goroutine whose fields the starter reads.
func analyze(xs []float64) int {
	s := &Stats{}
	go s.compute(xs) // want `this goroutine writes s.count, read by analyze without waiting`
	return s.count
}

// The value returned is filled by a goroutine nothing waits for.
func newStats(xs []float64) *Stats {
	s := &Stats{}
	go s.compute(xs) // want `this goroutine writes s.mean into what newStats returns without waiting; wait with a sync.WaitGroup or a done channel`
	return s
}

// The fix: compute before returning.
func newStatsSync(xs []float64) *Stats {
	s := &Stats{}
	s.compute(xs)
	return s
}

var cache map[string]int

func fill() { cache = map[string]int{"a": 1} }

// A package-level variable written by a goroutine and read by its starter.
func lookup(k string) int {
	go fill() // want `this goroutine writes cache, read by lookup without waiting`
	return cache[k]
}

// Silent: a background worker with a stop channel.
type Worker struct {
	stop  chan struct{}
	count int
}

func (w *Worker) loop() {
	for {
		select {
		case <-w.stop:
			return
		default:
			w.count++
		}
	}
}

func (w *Worker) Start() {
	go w.loop()
}

// Silent: a background goroutine stopped by a context.
func watch(ctx context.Context, n *int) {
	go func() {
		<-ctx.Done()
		*n = 0
	}()
}

// Silent: fire-and-forget whose writes the starter does not read.
type Cache struct {
	mu   sync.Mutex
	data map[string]string
}

func (c *Cache) Refresh() {
	go func() {
		m := map[string]string{"k": "v"}
		c.mu.Lock()
		c.data = m
		c.mu.Unlock()
	}()
}

// Silent: one goroutine per connection of a server.
func serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}

func handle(c net.Conn) {
	c.Write([]byte("hello"))
	c.Close()
}

// A goroutine started through a function-valued parameter.
func run(f func()) {
	go f()
}

func viaParam() int {
	n := 0
	run(func() { n = 42 }) // want `this goroutine writes n, read by viaParam without waiting`
	return n
}

// Silent: the goroutine signals a channel someone else waits on.
func notify(done chan<- bool, out *int) {
	go func() {
		*out = 1
		done <- true
	}()
}

// Silent: the goroutine raises a flag with sync/atomic that the starter
// can poll.
func flagged(ready *atomic.Bool, out *int) {
	go func() {
		*out = 1
		ready.Store(true)
	}()
}

// Silent: a lock around both sides; the starter reads whatever state the
// goroutine has reached, by design.
type Progress struct {
	mu   sync.Mutex
	done int
}

func (p *Progress) StartAndPeek() int {
	go func() {
		p.mu.Lock()
		p.done++
		p.mu.Unlock()
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

// Silent: the value returned has a method to wait for the goroutine.
type Future struct {
	wg  sync.WaitGroup
	val int
}

func (f *Future) Wait() int {
	f.wg.Wait()
	return f.val
}

func startFuture() *Future {
	f := &Future{}
	f.wg.Add(1)
	go func() {
		f.val = 42
		f.wg.Done()
	}()
	return f
}
