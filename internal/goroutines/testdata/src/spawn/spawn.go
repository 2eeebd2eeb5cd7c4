package spawn

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

var counter int

func inc() { counter++ }

func direct() {
	go inc() // want `go statement runs inc; outlives; writes counter`
}

func twice() {
	go inc() // want `go statement runs inc; outlives; writes counter; read after counter`
	go inc() // want `go statement runs inc; outlives; writes counter`
}

func loop() {
	for i := 0; i < 3; i++ {
		go inc() // want `go statement runs inc; many; outlives; writes counter`
	}
}

func closure() int {
	total := 0
	go func() { // want `go statement runs closure\$1; outlives; writes total; read after total`
		total += 1
	}()
	return total
}

func joinedWG() int {
	total := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `go statement runs joinedWG\$1; signals; writes total`
		defer wg.Done()
		total++
	}()
	wg.Wait()
	return total
}

func joinedChan() int {
	total := 0
	done := make(chan bool)
	go func() { // want `go statement runs joinedChan\$1; signals; writes total`
		total++
		close(done)
	}()
	<-done
	return total
}

func deferredWait() {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() { // want `go statement runs deferredWait\$1; signals; writes counter`
		defer wg.Done()
		inc()
	}()
}

type S struct {
	n  int
	mu sync.Mutex
}

func (s *S) loop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
			s.n++
		}
	}
}

func (s *S) start(ctx context.Context) {
	go s.loop(ctx) // want `go statement runs loop; outlives; receives; writes s\.n`
}

func (s *S) methodValue(ctx context.Context) {
	f := s.loop
	go f(ctx) // want `go statement runs loop\$bound; outlives; receives; writes s\.n`
}

func run(f func()) {
	go f() // want `go statement runs ; outlives`
}

func useRun() {
	run(inc) // want `call runs inc; outlives; writes counter`
}

func waitGroupGo() {
	var wg sync.WaitGroup
	wg.Go(inc) // want `WaitGroup\.Go runs inc; signals; writes counter`
	wg.Wait()
}

func errgroupGo() error {
	var g errgroup.Group
	for i := 0; i < 2; i++ {
		g.Go(func() error { inc(); return nil }) // want `errgroup\.Go runs errgroupGo\$1; many; signals; writes counter`
	}
	return g.Wait()
}

func afterFunc() {
	time.AfterFunc(time.Second, inc) // want `time\.AfterFunc runs inc; outlives; writes counter`
}

func handlers() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { inc() }) // want `http handler runs handlers\$1; many; outlives; writes counter; read after counter`
	http.Handle("/h", handler{})                                                 // want `http handler runs ServeHTTP; many; outlives; writes counter`
}

type handler struct{}

func (handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { inc() }

func fields(s *S) int {
	go func() { // want `go statement runs fields\$1; outlives; writes s\.n; read after s\.n`
		s.n = 1
	}()
	return s.n
}

func worker(jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- j
	}
}

func pool() {
	jobs := make(chan int)
	results := make(chan int)
	for i := 0; i < 3; i++ {
		go worker(jobs, results) // want `go statement runs worker; many; signals; receives`
	}
	jobs <- 1
	<-results
}

// Writes: map updates and atomic stores are writes too; WaitsAfter: does
// the starter synchronize at all after the start.
type table struct {
	m map[string]int
	n atomic.Int64
}

func (t *table) fill() {
	t.m["a"] = 1
	t.n.Add(1)
}

func writesMapAndAtomic(t *table) {
	go t.fill() // want `^go statement runs fill; outlives; writes t.m\[k\],t.n$`
}

func waitsOnSomething(ch chan int) {
	go inc() // want `^go statement runs inc; outlives; writes counter; waits after$`
	<-ch
}

func waitsInHelper(wg *sync.WaitGroup) {
	go inc() // want `^go statement runs inc; outlives; writes counter; waits after$`
	helperWaits(wg)
}

func helperWaits(wg *sync.WaitGroup) { wg.Wait() }
