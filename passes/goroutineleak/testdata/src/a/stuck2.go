package a

import (
	"sync"
	"time"
)

// Closed under a sync.Once, from a timer, or signalled by a helper: the
// partners are in closures and functions the analysis follows.

func onceCloseRight() {
	var once sync.Once
	stop := make(chan struct{})
	go func() {
		<-stop
	}()
	once.Do(func() { close(stop) })
}

func afterFuncRight() {
	fired := make(chan struct{})
	time.AfterFunc(time.Millisecond, func() { close(fired) })
	<-fired
}

func condHelperRight(mu *sync.Mutex, ready *bool) {
	c := sync.NewCond(mu)
	go wake(c, mu, ready)
	mu.Lock()
	for !*ready {
		c.Wait()
	}
	mu.Unlock()
}

func wake(c *sync.Cond, mu *sync.Mutex, ready *bool) {
	mu.Lock()
	*ready = true
	mu.Unlock()
	c.Signal()
}

// The WaitGroup's Done runs in a goroutine the analysis does not follow
// into (a function value): not judged.
func doneByCallbackRight(f func(func())) {
	var wg sync.WaitGroup
	wg.Add(1)
	go f(wg.Done)
	wg.Wait()
}

// The starter polls until a flag says the goroutine's value came: it
// returns only after the receive.
func flagLoopRight() {
	doneCh := make(chan struct{})
	go func() {
		defer func() { doneCh <- struct{}{} }()
		for i := 0; i < 10; i++ {
			time.Sleep(time.Millisecond)
		}
	}()
	done := false
	for !done {
		if check("") != nil {
			time.Sleep(time.Millisecond)
		}
		select {
		case <-doneCh:
			done = true
		default:
		}
	}
}

// A loop over a ticker's channel ends only through its return, which
// calls Done.
func tickerDoneRight(stop <-chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range time.NewTicker(time.Millisecond).C {
			select {
			case <-stop:
				wg.Done()
				return
			default:
			}
		}
	}()
	wg.Wait()
}
