package a

import (
	"errors"
	"sync"
)

// Operations that nothing can ever complete.

func recvOrphanWrong() {
	ready := make(chan struct{})
	go func() {
		<-ready // want `receive from ready blocks forever, since recvOrphanWrong never sends on or closes it`
		work()
	}()
}

func recvOrphanRight() {
	ready := make(chan struct{})
	go func() {
		<-ready
		work()
	}()
	close(ready)
}

func sendOrphanWrong() {
	out := make(chan int)
	go func() {
		out <- 1 // want `send on unbuffered out blocks forever, since sendOrphanWrong never receives from it`
	}()
	work()
}

func sendOrphanHelperWrong() {
	out := make(chan int)
	go emit(out)
}

func emit(out chan<- int) {
	out <- 1 // want `send on unbuffered out blocks forever, since sendOrphanHelperWrong never receives from it`
}

func sendOrphanHelperRight() {
	out := make(chan int)
	go emit2(out)
	consume(out)
}

func emit2(out chan<- int) { out <- 1 }

func consume(in <-chan int) { <-in }

// Two goroutines send, nobody receives.
func twoSendersWrong() {
	results := make(chan int)
	go func() { results <- 1 }() // want `send on unbuffered results blocks forever: nothing receives from it`
	go func() { results <- 2 }()
}

// Two goroutines wait for a start signal that never comes.
func twoWaitersWrong() {
	start := make(chan struct{})
	for range 2 {
		go func() {
			<-start // want `receive from start blocks forever: nothing sends on it or closes it`
			work()
		}()
	}
}

func twoWaitersRight() {
	start := make(chan struct{})
	for range 2 {
		go func() {
			<-start
			work()
		}()
	}
	close(start)
}

func nilRecvWrong() {
	var stop chan struct{}
	go func() {
		<-stop // want `receive from a nil channel blocks forever`
	}()
}

func nilRecvRight() {
	stop := make(chan struct{})
	go func() {
		<-stop
	}()
	close(stop)
}

// A nil channel in a select disables its case: deliberate.
func nilSelectRight(in chan int) {
	var none chan int
	go func() {
		select {
		case <-none:
		case v := <-in:
			_ = v
		}
	}()
}

func deadSelectWrong() {
	a, b := make(chan int), make(chan string)
	go func() {
		select { // want `select blocks forever: none of its cases can ever proceed`
		case <-a:
		case <-b:
		}
	}()
}

func waitNoDoneWrong() {
	var wg sync.WaitGroup
	wg.Add(1)
	go work()
	wg.Wait() // want `wg.Wait blocks forever: nothing calls wg.Done after wg.Add`
}

func waitNoDoneRight() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	wg.Wait()
}

func skipDoneWrong(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if err := check(it); err != nil {
				return
			}
			wg.Done()
		}()
	}
	wg.Wait() // want `wg.Wait can block forever: a goroutine returns without wg.Done`
}

func skipDoneHelperWrong(items []string) {
	wg := new(sync.WaitGroup)
	for _, it := range items {
		wg.Add(1)
		go checkOne(wg, it)
	}
	wg.Wait() // want `wg.Wait can block forever: a goroutine returns without wg.Done`
}

func checkOne(wg *sync.WaitGroup, it string) {
	if check(it) != nil {
		return
	}
	wg.Done()
}

func skipDoneRight(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(it); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// Done on every path, and a panic that skips it (a crash, not a hang).
func doneEveryPathRight(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if err := check(it); err != nil {
				wg.Done()
				return
			}
			if it == "" {
				panic("empty")
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// The WaitGroup handed to code the analysis does not see: not judged.
func escapesRight(run func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1)
	run(&wg)
	wg.Wait()
}

func condWrong(mu *sync.Mutex, ready *bool) {
	c := sync.NewCond(mu)
	go func() {
		mu.Lock()
		for !*ready {
			c.Wait() // want `c.Wait blocks forever: nothing calls c.Signal or c.Broadcast`
		}
		mu.Unlock()
	}()
	mu.Lock()
	*ready = true
	mu.Unlock()
}

func condRight(mu *sync.Mutex, ready *bool) {
	c := sync.NewCond(mu)
	go func() {
		mu.Lock()
		for !*ready {
			c.Wait()
		}
		mu.Unlock()
	}()
	mu.Lock()
	*ready = true
	c.Broadcast()
	mu.Unlock()
}

// A channel stored where other code can reach it: not judged.
type server struct{ quit chan struct{} }

func (s *server) startRight() {
	s.quit = make(chan struct{})
	go func() { <-s.quit }()
}

func work() {}

func check(string) error { return errors.New("x") }

// The results are received only after wg.Wait, which waits for the
// senders: a deadlock as soon as one goroutine sends.
func waitFirstWrong(items []string) []error {
	var wg sync.WaitGroup
	errs := make(chan error)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(it); err != nil {
				errs <- err // want `send on unbuffered errs deadlocks: it is received only after wg.Wait, which waits for this send`
			}
		}()
	}
	wg.Wait()
	close(errs)
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}

// The channel is closed by a goroutine that waits, while the starter
// receives.
func waitFirstRight(items []string) []error {
	var wg sync.WaitGroup
	errs := make(chan error)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := check(it); err != nil {
				errs <- err
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errs)
	}()
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}
