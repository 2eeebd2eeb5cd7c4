package a

import (
	"context"
	"errors"
	"log"
	"testing"
	"time"
)

func slowCall() string { time.Sleep(time.Second); return "done" }

// ---- timeout: the starter returns on ctx.Done, the send blocks forever ----

func fetchWrong(ctx context.Context) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- slowCall() // want `send on unbuffered ch blocks forever if fetchWrong returns first; give ch a buffer of 1`
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The fix: a buffer of one, so the send completes either way.
func fetchRight(ctx context.Context) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- slowCall()
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Also right: the sender gives up when the caller does.
func fetchSelectRight(ctx context.Context) (string, error) {
	ch := make(chan string)
	go func() {
		select {
		case ch <- slowCall():
		case <-ctx.Done():
		}
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The timeout as time.After, the send in a helper of the package.
func produce(ch chan<- string) { ch <- slowCall() } // want `send on unbuffered ch blocks forever if timeoutWrong returns first`

func timeoutWrong() string {
	ch := make(chan string)
	go produce(ch)
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		return ""
	}
}

// ---- early return ----

func earlyReturnWrong(err error) string {
	ch := make(chan string)
	go func() {
		ch <- slowCall() // want `send on unbuffered ch blocks forever if earlyReturnWrong returns first`
	}()
	if err != nil {
		return ""
	}
	return <-ch
}

// The fix: receive before returning on every path.
func earlyReturnRight(err error) string {
	ch := make(chan string)
	go func() {
		ch <- slowCall()
	}()
	s := <-ch
	if err != nil {
		return ""
	}
	return s
}

// A path that ends the program does not abandon anything.
func fatalRight(err error) string {
	ch := make(chan string)
	go func() {
		ch <- slowCall()
	}()
	if err != nil {
		log.Fatal(err)
	}
	return <-ch
}

// ---- first answer wins ----

func firstWrong(servers []string) string {
	ch := make(chan string)
	for _, s := range servers {
		go func() {
			ch <- s // want `send on ch blocks forever in all but one goroutine, since firstWrong receives once; buffer ch for every sender`
		}()
	}
	return <-ch
}

// The fix: a buffer for every sender.
func firstRight(servers []string) string {
	ch := make(chan string, len(servers))
	for _, s := range servers {
		go func() {
			ch <- s
		}()
	}
	return <-ch
}

// Also right: every answer received.
func allRight(servers []string) []string {
	ch := make(chan string)
	for _, s := range servers {
		go func() {
			ch <- s
		}()
	}
	var out []string
	for range servers {
		out = append(out, <-ch)
	}
	return out
}

// ---- range over a channel nobody closes ----

func rangeWrong(items []int) {
	ch := make(chan int)
	go func() {
		for it := range ch { // want `range over ch never ends if rangeWrong returns without closing it`
			_ = it
		}
	}()
	for _, it := range items {
		ch <- it
	}
}

// The fix: close when done sending.
func rangeRight(items []int) {
	ch := make(chan int)
	go func() {
		for it := range ch {
			_ = it
		}
	}()
	defer close(ch)
	for _, it := range items {
		ch <- it
	}
}

// ---- a receive whose sender is skipped ----

func recvWrong(cfg string) error {
	ch := make(chan string)
	go func() {
		v := <-ch // want `receive from ch blocks forever if recvWrong returns without sending`
		_ = v
	}()
	if cfg == "" {
		return errors.New("no config")
	}
	ch <- cfg
	return nil
}

// The fix: close on the error path too.
func recvRight(cfg string) error {
	ch := make(chan string)
	go func() {
		v, ok := <-ch
		_, _ = v, ok
	}()
	if cfg == "" {
		close(ch)
		return errors.New("no config")
	}
	ch <- cfg
	return nil
}

// ---- what the analysis cannot see is never guessed ----

type holder struct{ ch chan string }

// The channel escapes into a struct: someone else may receive.
func escapes(h *holder, err error) {
	ch := make(chan string)
	h.ch = ch
	go func() {
		ch <- slowCall()
	}()
	if err != nil {
		return
	}
	<-ch
}

// The channel is handed to code the analysis does not follow.
func handedOn(err error, f func(chan string)) {
	ch := make(chan string)
	go func() {
		ch <- slowCall()
	}()
	f(ch)
	if err != nil {
		return
	}
	<-ch
}

// A send with a default case never blocks.
func nonBlocking(err error) {
	ch := make(chan string)
	go func() {
		select {
		case ch <- slowCall():
		default:
		}
	}()
	if err != nil {
		return
	}
	<-ch
}

// The starter never receives: every run leaves the goroutine blocked.
func neverWrong() {
	done := make(chan string)
	go func() {
		done <- slowCall() // want `send on unbuffered done blocks forever, since neverWrong never receives from it; receive it or give done a buffer of 1`
	}()
}

// The timeout path fails the test: a failed test is over, and what it
// leaves blocked is not the mistake to fix.
func failedTestRight(t *testing.T) {
	c := make(chan string)
	go func() {
		c <- slowCall()
	}()
	select {
	case s := <-c:
		_ = s
	case <-time.After(time.Second):
		t.Error("timed out")
	}
}

// Every worker's result is received by the loop, which returns after the
// last one.
func loopAllRight(workers int) string {
	resC := make(chan string)
	for i := 0; i < workers; i++ {
		go func() {
			resC <- slowCall()
		}()
	}
	active := workers
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case s := <-resC:
			active--
			if active == 0 {
				return s
			}
		case <-tick.C:
		}
	}
}

// The starter sends in a loop: how many times it does before it returns
// is not something the paths tell.
func loopSendRight(requests chan bool) {
	die := make(chan bool)
	go func() {
		<-die
	}()
	for {
		select {
		case <-requests:
			die <- true
		case <-time.After(time.Second):
			return
		}
	}
}
