package a

import (
	"context"
	"errors"
	"time"
)

func handle(int) {}

// ---- a worker loop whose done channel is not closed on every path ----

func workerWrong(items []int) error {
	work := make(chan int)
	done := make(chan struct{})
	go func() {
		for {
			select { // want `select blocks forever if workerWrong returns without closing done; close it on every path, e.g. with defer`
			case it := <-work:
				handle(it)
			case <-done:
				return
			}
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative item") // leaves the worker running
		}
		work <- it
	}
	close(done)
	return nil
}

// The fix: close done on every path.
func workerRight(items []int) error {
	work := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case it := <-work:
				handle(it)
			case <-done:
				return
			}
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative item")
		}
		work <- it
	}
	return nil
}

// A loop that nothing stops: its starter never closes quit.
func tickerWrong(n int) {
	quit := make(chan bool)
	t := time.NewTicker(time.Second)
	go func() {
		for {
			select { // want `select blocks forever, since tickerWrong never closes or sends on quit; close it when done, e.g. with defer`
			case <-t.C:
				handle(n)
			case <-quit:
				t.Stop()
				return
			}
		}
	}()
	handle(n)
}

// The fix: stop it.
func tickerRight(n int) {
	quit := make(chan bool)
	t := time.NewTicker(time.Second)
	go func() {
		for {
			select {
			case <-t.C:
				handle(n)
			case <-quit:
				t.Stop()
				return
			}
		}
	}()
	handle(n)
	quit <- true
}

// ---- a select outside a loop: every case is a way out ----

func selectOnceWrong(fail bool) int {
	res := make(chan int)
	errc := make(chan error)
	go func() {
		select { // want `select blocks forever if selectOnceWrong returns without closing res or errc`
		case v := <-res:
			handle(v)
		case <-errc:
		}
	}()
	if fail {
		return 0
	}
	res <- 1
	return 1
}

// The fix: one of them on every path.
func selectOnceRight(fail bool) int {
	res := make(chan int)
	errc := make(chan error)
	go func() {
		select {
		case v := <-res:
			handle(v)
		case <-errc:
		}
	}()
	if fail {
		errc <- errors.New("failed")
		return 0
	}
	res <- 1
	return 1
}

// Right: the goroutine also leaves on a context the starter does not own.
func selectCtxRight(ctx context.Context, fail bool) int {
	res := make(chan int)
	go func() {
		for {
			select {
			case v := <-res:
				handle(v)
			case <-ctx.Done():
				return
			}
		}
	}()
	if fail {
		return 0
	}
	res <- 1
	return 1
}

// Right: a done channel handed to the caller, who closes it.
func startWorker() chan<- struct{} {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Second):
			}
		}
	}()
	return done
}

// Right: a done channel closed before the start; the goroutine leaves at
// once.
func closedBeforeRight() {
	done := make(chan struct{})
	close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Second):
			}
		}
	}()
}

// Right: the loop also ends on a count of its own.
func boundedLoopRight() {
	work := make(chan int)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			select {
			case <-work:
			case <-done:
				return
			case <-time.After(time.Second):
			}
		}
	}()
}

// ---- a worker whose Start leaves a loop running that only Stop ends ----

type worker struct {
	jobs chan int
	quit chan struct{}
}

// Start runs the worker until Stop.
func (w *worker) Start() {
	go w.loop()
}

func (w *worker) loop() {
	for {
		select { // want `select blocks forever if processWrong returns without calling Stop; call Stop on every path, e.g. with defer`
		case j := <-w.jobs:
			handle(j)
		case <-w.quit:
			return
		}
	}
}

func (w *worker) Stop() { close(w.quit) }

func (w *worker) Add(j int) { w.jobs <- j }

func processWrong(jobs []int) error {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.Start()
	for _, j := range jobs {
		if j < 0 {
			return errors.New("negative job") // the worker runs on
		}
		w.Add(j)
	}
	w.Stop()
	return nil
}

// The fix: stop the worker on every path.
func processRight(jobs []int) error {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.Start()
	defer w.Stop()
	for _, j := range jobs {
		if j < 0 {
			return errors.New("negative job")
		}
		w.Add(j)
	}
	return nil
}

// A worker by value, never stopped.
type valWorker struct {
	in   chan int
	done chan struct{}
}

func (w valWorker) Start() {
	go func() {
		for {
			select { // want `select blocks forever, since valueWrong never closes or sends on w.done`
			case v := <-w.in:
				handle(v)
			case <-w.done:
				return
			}
		}
	}()
}

func (w valWorker) Stop() { close(w.done) }

func (w valWorker) Push(v int) { w.in <- v }

func valueWrong(vs []int) {
	w := valWorker{in: make(chan int), done: make(chan struct{})}
	w.Start()
	for _, v := range vs {
		w.Push(v)
	}
}

// The fix: Stop when done.
func valueRight(vs []int) {
	w := valWorker{in: make(chan int), done: make(chan struct{})}
	w.Start()
	for _, v := range vs {
		w.Push(v)
	}
	w.Stop()
}

// Right: the worker is handed to the caller, who stops it.
func newRunningWorker() *worker {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.Start()
	return w
}

func useRunningWorker() {
	w := newRunningWorker()
	w.Add(1)
	w.Stop()
}

// Right: the worker is kept for the life of the program.
var background *worker

func startBackground() {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.Start()
	background = w
}

// Right: stopped by a deferred closure, or by a helper that stops it.
func deferClosureRight(jobs []int) {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.Start()
	defer func() { w.Stop() }()
	for _, j := range jobs {
		w.Add(j)
	}
}

func shutdown(w *worker) { w.Stop() }

func helperStopRight(fail bool) error {
	w := &worker{jobs: make(chan int), quit: make(chan struct{})}
	w.Start()
	if fail {
		shutdown(w)
		return errors.New("failed")
	}
	w.Add(1)
	shutdown(w)
	return nil
}

// Right: an empty select blocks forever on purpose.
func parkRight() {
	go func() {
		select {}
	}()
}

// Right: done closed by a deferred closure.
func deferredCloseRight(items []int) error {
	work := make(chan int)
	done := make(chan struct{})
	defer func() {
		close(done)
	}()
	go func() {
		for {
			select {
			case it := <-work:
				handle(it)
			case <-done:
				return
			}
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative item")
		}
		work <- it
	}
	return nil
}

// Wrong: the closure that would close done is only called on success.
func closureStopWrong(items []int) error {
	work := make(chan int)
	done := make(chan struct{})
	stop := func() { close(done) }
	go func() {
		for {
			select { // want `select blocks forever if closureStopWrong returns without closing done`
			case it := <-work:
				handle(it)
			case <-done:
				return
			}
		}
	}()
	for _, it := range items {
		if it < 0 {
			return errors.New("negative item")
		}
		work <- it
	}
	stop()
	return nil
}
