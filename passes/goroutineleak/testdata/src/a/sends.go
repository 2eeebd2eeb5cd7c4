package a

import (
	"context"
	"errors"
)

func compute() (string, error) { return slowCall(), nil }

// ---- a goroutine that sends on one of several paths ----

// Each path of the goroutine sends once; the starter may return on
// ctx.Done without receiving.
func branchSendWrong(ctx context.Context) (string, error) {
	ch := make(chan string)
	go func() {
		s, err := compute()
		if err != nil {
			ch <- err.Error() // want `send on unbuffered ch blocks forever if branchSendWrong returns first; give ch a buffer of 1`
			return
		}
		ch <- s
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The fix: a buffer of one, so whichever send runs completes.
func branchSendRight(ctx context.Context) (string, error) {
	ch := make(chan string, 1)
	go func() {
		s, err := compute()
		if err != nil {
			ch <- err.Error()
			return
		}
		ch <- s
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// ---- the goroutine closes the channel after its send ----

// The goroutine's own close does not complete its send: only a receive
// does, and the starter may return on stop first.
func closeAfterSendWrong(stop <-chan struct{}) bool {
	results := make(chan bool)
	go func() {
		results <- slowCall() != "" // want `send on unbuffered results blocks forever if closeAfterSendWrong returns first`
		close(results)
	}()
	select {
	case <-stop:
		return false
	case ok := <-results:
		return ok
	}
}

// The fix: a buffer of one.
func closeAfterSendRight(stop <-chan struct{}) bool {
	results := make(chan bool, 1)
	go func() {
		results <- slowCall() != ""
		close(results)
	}()
	select {
	case <-stop:
		return false
	case ok := <-results:
		return ok
	}
}

// A producer that closes when done, and a consumer ranging over it that
// may stop early but has taken the only value first.
func rangeFirstRight() string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		ch <- slowCall()
	}()
	for s := range ch {
		if s != "" {
			return s
		}
	}
	return ""
}

// ---- a goroutine that sends twice, a starter that receives once ----

// reply reports an error, but does not return after it: on an error it
// sends twice.
func reply(ch chan<- error, err error) {
	if err != nil {
		ch <- err
	}
	ch <- nil // want `send on ch blocks forever: the goroutine can send 2 values, doubleSendWrong receives 1; return after sending`
}

func doubleSendWrong(err error) error {
	ch := make(chan error)
	go func() {
		reply(ch, err)
	}()
	return <-ch
}

// The fix: return after the first send.
func replyRight(ch chan<- error, err error) {
	if err != nil {
		ch <- err
		return
	}
	ch <- nil
}

func doubleSendRight(err error) error {
	ch := make(chan error)
	go func() {
		replyRight(ch, err)
	}()
	return <-ch
}

// Also right: a buffer for the second value.
func doubleSendBufferRight(err error) error {
	ch := make(chan error, 1)
	go func() {
		reply(ch, err)
	}()
	return <-ch
}

// Also right: both values received.
func doubleSendBothRight(err error) (error, error) {
	ch := make(chan error)
	go func() {
		reply(ch, err)
	}()
	first := <-ch
	return first, <-ch
}

// Two sends on branches that exclude each other: each run sends once.
func exclusiveRight(ok bool) error {
	ch := make(chan error)
	go func() {
		if ok {
			ch <- nil
		}
		if !ok {
			ch <- errors.New("failed")
		}
	}()
	return <-ch
}

// Sends in a loop are taken a number of times the paths do not tell.
func loopSendsRight(items []string) []string {
	ch := make(chan string)
	go func() {
		for _, it := range items {
			ch <- it
		}
	}()
	var out []string
	for range items {
		out = append(out, <-ch)
	}
	return out
}
