package a

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

func download(url string) {}

// The seed: sleeping 3.5s "assuming downloads finish in 3 seconds".
func downloadAllWrong(urls []string) {
	for _, u := range urls {
		go download(u)
	}
	time.Sleep(3500 * time.Millisecond) // want `time.Sleep used to wait for a goroutine; use sync.WaitGroup or a channel`
	fmt.Println("all done")
}

func downloadAllRight(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			download(u)
		}()
	}
	wg.Wait()
	fmt.Println("all done")
}

func compute() int { return 42 }

// The goroutine's result is read after the sleep.
func resultWrong() int {
	var result int
	go func() {
		result = compute()
	}()
	time.Sleep(time.Second) // want `time.Sleep used to wait for a goroutine`
	return result
}

func resultRight() int {
	done := make(chan int)
	go func() {
		done <- compute()
	}()
	return <-done
}

// A result written through a pointer handed to the goroutine.
func fill(p *int) { *p = 1 }

func pointerWrong() {
	var x int
	go fill(&x)
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if x != 1 {
		panic("not filled")
	}
}

// Start a worker and sleep before returning: outside main and tests, the
// sleep lets the goroutine start (package cmd has the end of main).
func worker() {}

func startWorkerWrong() {
	go worker()
	time.Sleep(2 * time.Second) // want `time.Sleep used to let a goroutine start`
}

// Sleeping right after go to let the goroutine start.
func serve(ready chan<- struct{}) {}
func connect()                    {}

func startWrong() {
	go serve(nil)
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to let a goroutine start; have it signal readiness on a channel instead`
	connect()
}

func startRight() {
	ready := make(chan struct{})
	go serve(ready)
	<-ready
	connect()
}

// Not a join: the function waits for the goroutine later anyway, and the
// sleep only lets it block first.
func blockThenCancel(cancel func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		worker()
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	<-done
}

// Not a join: already joined before the sleep.
func joinedBefore() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); worker() }()
	wg.Wait()
	time.Sleep(time.Millisecond)
	connect()
}

// Not a join: a deferred Wait joins on the way out.
func deferredWait() {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done(); worker() }()
	time.Sleep(time.Millisecond)
}

// Not a join: a helper of this package waits.
type pool struct{ wg sync.WaitGroup }

func (p *pool) start() { p.wg.Add(1); go func() { defer p.wg.Done() }() }
func (p *pool) wait()  { p.wg.Wait() }

func helperWaits(p *pool) {
	go worker()
	time.Sleep(time.Millisecond)
	p.wait()
}

// Not a join: errgroup's Wait.
func errgroupWaits() error {
	var g errgroup.Group
	var n int
	go func() { n++ }()
	time.Sleep(time.Millisecond)
	g.Go(func() error { return nil })
	return g.Wait()
}

// Not a join: a select on channels.
func selectWaits(done chan struct{}, timeout <-chan time.Time) {
	go worker()
	time.Sleep(time.Millisecond)
	select {
	case <-done:
	case <-timeout:
	}
}

// Not a join: a delay on an error path.
func try() error { return errors.New("busy") }

func errorPath() error {
	go worker()
	if err := try(); err != nil {
		time.Sleep(time.Second)
		return err
	}
	return nil
}

// Not a join: retry with backoff.
func retry() error {
	go worker()
	backoff := 10 * time.Millisecond
	var err error
	for i := 0; i < 5; i++ {
		if err = try(); err == nil {
			return nil
		}
		time.Sleep(backoff)
		backoff *= 2
	}
	return err
}

// Not a join: pacing the start of goroutines.
func paced(items []string) {
	for _, it := range items {
		go download(it)
		time.Sleep(100 * time.Millisecond)
	}
}

// Not a join: simulated work inside the worker itself.
func simulated() int {
	ch := make(chan int)
	go func() {
		time.Sleep(time.Second) // pretend to work
		ch <- 1
	}()
	return <-ch
}

// Not a join: the go statement and the sleep are on different branches.
func branches(async bool) {
	if async {
		go worker()
	} else {
		time.Sleep(time.Millisecond)
	}
}

// Not a join: no goroutine at all.
func plainDelay() {
	time.Sleep(time.Millisecond)
	connect()
}

// Not a sleep: a method called Sleep on a user type.
type clock struct{}

func (clock) Sleep(d time.Duration) {}

func fakeClock(c clock) {
	go worker()
	c.Sleep(time.Second)
}

// Closures: a function literal is a function of its own.
func closureWrong() func() {
	return func() {
		go worker()
		time.Sleep(time.Second) // want `used to let a goroutine start`
	}
}

func closureOtherFunc() {
	go worker()
	f := func() {
		time.Sleep(time.Second) // the go statement belongs to the enclosing function
	}
	f()
	connect()
}

// ---- polling ----

// A flag written by a goroutine, polled with a sleep.
func pollLocalWrong() {
	done := false
	go func() {
		worker()
		done = true
	}()
	for !done {
		time.Sleep(10 * time.Millisecond) // want `time.Sleep polls done, which another goroutine sets; wait on a channel or sync.Cond instead`
	}
}

func pollLocalRight() {
	done := make(chan struct{})
	go func() {
		worker()
		close(done)
	}()
	<-done
}

// A field set by another method.
type server struct {
	mu    sync.Mutex
	ready bool
	cond  *sync.Cond
	up    atomic.Bool
	stop  bool
}

func (s *server) setReady() {
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	s.up.Store(true)
}

func (s *server) waitFieldWrong() {
	for !s.ready {
		time.Sleep(time.Millisecond) // want `time.Sleep polls s.ready, which another goroutine sets`
	}
}

// The same, reading the flag under the lock.
func (s *server) waitLockedWrong() {
	for {
		s.mu.Lock()
		r := s.ready
		s.mu.Unlock()
		if r {
			break
		}
		time.Sleep(time.Millisecond) // want `time.Sleep polls s.ready`
	}
}

func (s *server) waitFieldRight() {
	s.mu.Lock()
	for !s.ready {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// An atomic flag.
func (s *server) waitAtomicWrong() {
	for !s.up.Load() {
		time.Sleep(time.Millisecond) // want `time.Sleep polls s.up, which another goroutine sets`
	}
}

// An atomic counter incremented by goroutines.
func countWrong() {
	var n int32
	for i := 0; i < 3; i++ {
		go func() { atomic.AddInt32(&n, 1) }()
	}
	for atomic.LoadInt32(&n) < 3 {
		time.Sleep(time.Millisecond) // want `time.Sleep polls n`
	}
}

func countRight() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() { defer wg.Done() }()
	}
	wg.Wait()
}

// A bounded poll is still a poll.
func boundedWrong() bool {
	var done bool
	go func() { done = true }()
	for i := 0; i < 100 && !done; i++ {
		time.Sleep(time.Millisecond) // want `time.Sleep polls done`
	}
	return done
}

// A flag whose address is handed to the goroutine.
func setFlag(p *bool) { *p = true }

func addrWrong() {
	var flag bool
	go setFlag(&flag)
	for !flag {
		time.Sleep(time.Millisecond) // want `time.Sleep polls flag`
	}
}

// Not a poll: waiting for a deadline, no flag.
func untilDeadline(deadline time.Time) {
	for time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
}

// Not a poll: nobody else writes the flag.
func selfFlag() {
	stop := false
	for i := 0; !stop; i++ {
		time.Sleep(time.Millisecond)
		if i > 10 {
			stop = true
		}
	}
}

// Not a poll: the loop does real work every round (ticker-like).
func (s *server) tickerLike() {
	for !s.stop {
		worker()
		time.Sleep(time.Second)
	}
}

func (s *server) shutdown() { s.stop = true }

// Not a poll: the condition calls a function (external state).
func fileExists() bool { return true }

func pollCall() {
	for !fileExists() {
		time.Sleep(time.Second)
	}
}

// Not a poll: the delay grows (backoff).
func (s *server) backoff() {
	d := time.Millisecond
	for !s.ready {
		time.Sleep(d)
		d *= 2
	}
}

// A poll inside a closure: the writer is the enclosing function.
func closurePollWrong() {
	var quit bool
	go func() {
		for !quit {
			time.Sleep(time.Millisecond) // want `time.Sleep polls quit`
		}
	}()
	worker()
	quit = true
}

// Not a poll: a counted loop; the field bounds it, it does not signal.
type bench struct{ n int }

func (b *bench) setN(n int) { b.n = n }

func (b *bench) simulatedWork() {
	for i := 0; i < b.n; i++ {
		time.Sleep(time.Nanosecond)
	}
}

// Not a join: a configured delay, not a guess (a helper process told how
// long to sleep), next to a background prober.
func probe() {}

func helperProcess(sleep time.Duration) {
	go func() {
		for {
			probe()
		}
	}()
	if sleep != 0 {
		time.Sleep(sleep)
		fmt.Println("slept", sleep)
	}
}

// Not a join: the goroutine reports through a channel that someone else
// receives from; the sleep keeps this handler open meanwhile.
func handler(errc chan<- error) {
	go func() {
		errc <- try()
	}()
	time.Sleep(500 * time.Millisecond)
}

// A getter of the flag, under the lock, polled.
func (s *server) isReady() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ready
}

func (s *server) waitGetterWrong() {
	for !s.isReady() {
		time.Sleep(time.Millisecond) // want `time.Sleep polls s.isReady\(\), which another goroutine sets`
	}
}

// A getter of a parameter only: nothing another goroutine sets.
func positive(n int) bool { return n > 0 }

func getterOfParam(n int) {
	for !positive(n) {
		time.Sleep(time.Millisecond)
	}
}

// Polling the length of a semaphore channel until every worker released
// its slot: a join by sleep.
func scrape(page string, sem chan int) { <-sem }

func semaphorePollWrong(pages []string) {
	sem := make(chan int, 4)
	for _, p := range pages {
		sem <- 1
		go scrape(p, sem)
	}
	for len(sem) > 0 {
		time.Sleep(time.Second) // want `time.Sleep polls len\(sem\), which only other goroutines change; wait for them on a channel or sync.WaitGroup instead`
	}
}

func semaphoreRight(pages []string) {
	var wg sync.WaitGroup
	sem := make(chan int, 4)
	for _, p := range pages {
		sem <- 1
		wg.Go(func() { scrape(p, sem) })
	}
	wg.Wait()
}

// Not a poll: the loop receives from the channel it measures.
func drainSlowly(ch chan int) {
	for len(ch) > 0 {
		<-ch
		time.Sleep(time.Millisecond)
	}
}

// Sleeping right after starting a server, in a helper that then returns:
// the sleep lets it start.
func boot() {}

func bootWrong() error {
	go boot()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to let a goroutine start`
	return nil
}
