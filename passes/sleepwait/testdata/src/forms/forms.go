// Package forms holds the waits by sleep that library code writes, each
// next to its fix.
package forms

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// ---- readiness: listen first, then serve ----

// Guessing when the server listens.
func serveWrong(srv *http.Server) error {
	go srv.ListenAndServe()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to let a goroutine start`
	_, err := http.Get("http://" + srv.Addr)
	return err
}

// The listener exists before Serve runs: a client can connect at once.
func serveRight(srv *http.Server) error {
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return err
	}
	go srv.Serve(ln)
	_, err = http.Get("http://" + ln.Addr().String())
	return err
}

// ---- subscribers started, then a sleep so that they are ready ----

type broker struct {
	mu   sync.Mutex
	subs []chan string
}

func (b *broker) subscribe() <-chan string {
	ch := make(chan string, 1)
	b.mu.Lock()
	b.subs = append(b.subs, ch)
	b.mu.Unlock()
	return ch
}

func (b *broker) publish(m string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		ch <- m
	}
}

func fanoutWrong(b *broker, n int) {
	for i := 0; i < n; i++ {
		go func() {
			for m := range b.subscribe() {
				fmt.Println(m)
			}
		}()
	}
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	b.publish("hello")
}

// Subscribe first, then start the goroutine that reads.
func fanoutRight(b *broker, n int) {
	for i := 0; i < n; i++ {
		ch := b.subscribe()
		go func() {
			for m := range ch {
				fmt.Println(m)
			}
		}()
	}
	b.publish("hello")
}

// Workers started, then a sleep before handing them work.
func process(int) {}

func workersWrong(jobs chan int) {
	for i := 0; i < 4; i++ {
		go func() {
			for j := range jobs {
				process(j)
			}
		}()
	}
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to let a goroutine start`
	for j := range 10 {
		jobs <- j
	}
	close(jobs)
}

// A send on an unbuffered channel waits for a worker to take the job.
func workersRight(jobs chan int) {
	for i := 0; i < 4; i++ {
		go func() {
			for j := range jobs {
				process(j)
			}
		}()
	}
	for j := range 10 {
		jobs <- j
	}
	close(jobs)
}

// ---- kicking off asynchronous work, then sleeping ----

type flusher struct {
	reqs    chan chan struct{}
	flushed atomic.Int64
}

func newFlusher() *flusher {
	f := &flusher{reqs: make(chan chan struct{})}
	go f.run()
	return f
}

func (f *flusher) run() {
	for done := range f.reqs {
		f.flushed.Add(1)
		close(done)
	}
}

// A request sent, its completion guessed.
func (f *flusher) flushWrong() {
	f.reqs <- make(chan struct{})
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for the work a send requests; send a channel with it that the worker closes when done`
}

// The request carries a channel the worker closes when done.
func (f *flusher) flushRight() {
	done := make(chan struct{})
	f.reqs <- done
	<-done
}

type cache struct {
	mu   sync.Mutex
	data map[string]string
}

func (c *cache) refresh() {
	go func() {
		c.mu.Lock()
		c.data = map[string]string{"k": "v"}
		c.mu.Unlock()
	}()
}

func (c *cache) get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[k]
}

// A call that starts a goroutine, then a sleep for its work.
func (c *cache) reloadWrong() string {
	c.refresh()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	return c.get("k")
}

func (c *cache) refreshSync() {
	c.mu.Lock()
	c.data = map[string]string{"k": "v"}
	c.mu.Unlock()
}

func (c *cache) reloadRight() string {
	c.refreshSync()
	return c.get("k")
}

// ---- polling a method ----

type conn struct {
	mu    sync.Mutex
	state int
	err   error
}

const connected = 2

func (c *conn) dial() {
	go func() {
		c.mu.Lock()
		c.state = connected
		c.mu.Unlock()
	}()
}

// Ready reads, under the lock, what the dialing goroutine sets.
func (c *conn) Ready() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return false
	}
	return c.state == connected
}

func (c *conn) waitWrong() {
	for !c.Ready() {
		time.Sleep(time.Millisecond) // want `time.Sleep polls c.Ready\(\), which another goroutine sets`
	}
}

// Not a poll: a loop that logs what it sees a fixed number of times.
func (c *conn) sample() {
	for i := 0; i < 3; i++ {
		fmt.Println("ready:", c.Ready())
		time.Sleep(time.Second)
	}
}

// Not a request: the function waits on a channel itself; the sleep widens
// a window on purpose.
func (f *flusher) pump(in chan chan struct{}) {
	done := <-in
	f.reqs <- done
	time.Sleep(time.Millisecond)
}

// Not a start: the goroutines keep busy while the function goes on; it
// does not talk to them.
func spin(stop time.Time) {
	for time.Now().Before(stop) {
	}
}

func busyThenGo(stop time.Time) {
	for i := 0; i < 4; i++ {
		go spin(stop)
	}
	time.Sleep(10 * time.Millisecond)
	connect()
}

func connect() {}

// The wait written the other way round: sleep and go on while not ready.
func (c *conn) waitContinueWrong() {
	for {
		if !c.Ready() {
			time.Sleep(time.Millisecond) // want `time.Sleep polls c.Ready\(\), which another goroutine sets`
			continue
		}
		break
	}
}

// Not a join: a function that starts its goroutine only in some cases
// may not start it; a sleep after calling it may check that it did not.
func (c *cache) maybeRefresh(stale bool) {
	if !stale {
		return
	}
	go func() {
		c.mu.Lock()
		c.data = nil
		c.mu.Unlock()
	}()
}

func (c *cache) keepFresh() string {
	c.maybeRefresh(false)
	time.Sleep(10 * time.Millisecond)
	return c.get("k")
}

// Not a join: the goroutine is started on a branch that returns.
func (c *cache) early(async bool) string {
	if async {
		go c.refreshSync()
		return ""
	}
	time.Sleep(10 * time.Millisecond)
	return c.get("k")
}
