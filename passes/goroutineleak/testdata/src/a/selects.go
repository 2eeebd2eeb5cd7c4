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
