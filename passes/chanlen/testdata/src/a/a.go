package a

import (
	"fmt"
	"log"
)

func run(int) {}

// The seed: while not q.empty(): item = q.get()
func drainWrong(jobs chan int) {
	for len(jobs) > 0 { // want `for loop on len\(jobs\) may race with other receivers of jobs; range over it after close, or use select with default`
		j := <-jobs
		run(j)
	}
}

func drainRight(jobs chan int) {
	for j := range jobs { // the sender closes jobs when done
		run(j)
	}
}

// A non-blocking drain: select with default under the check is a try.
func drainTry(jobs chan int) {
	for len(jobs) > 0 {
		select {
		case j := <-jobs:
			run(j)
		default:
			return
		}
	}
}

// if not q.empty(): get()
func takeWrong(ch chan int) int {
	if len(ch) > 0 { // want `len\(ch\) checked before receiving from ch, which another goroutine may empty first; use select with default`
		v := <-ch
		return v
	}
	return -1
}

func takeRight(ch chan int) int {
	select {
	case v := <-ch:
		return v
	default:
		return -1
	}
}

// A send guarded by a fullness check.
func offerWrong(ch chan int, v int) {
	if len(ch) < cap(ch) { // want `len\(ch\) checked before sending on ch, which another goroutine may fill first; use select with default`
		ch <- v
	}
}

func offerRight(ch chan int, v int) {
	select {
	case ch <- v:
	default:
	}
}

// The else branch: if q.empty(): sleep() else: get()
func elseWrong(ch chan string) string {
	if len(ch) == 0 { // want `len\(ch\) checked before receiving from ch`
		return ""
	} else {
		return <-ch
	}
}

// An early exit on the check, then the receive.
func earlyExitWrong(ch chan string) string {
	if len(ch) == 0 { // want `len\(ch\) checked before receiving from ch`
		return ""
	}
	return <-ch
}

// The length in an init statement.
func initWrong(ch chan int) {
	if n := len(ch); n > 0 { // want `len\(ch\) checked before receiving from ch`
		<-ch
	}
}

// A switch on the length.
func switchWrong(ch chan int) int {
	switch {
	case len(ch) == 0: // want `len\(ch\) checked before receiving from ch`
		return 0
	default:
		return <-ch
	}
}

// A struct field, compared by field path, and the embedded promotion of
// the same field.
type inner struct{ q chan int }

type worker struct {
	inner
	out chan int
}

func (w *worker) fieldWrong() {
	for len(w.q) > 0 { // want `for loop on len\(w.q\) may race with other receivers of w.q`
		run(<-w.inner.q)
	}
}

// Different channels: the check is about one, the operation another.
func (w *worker) otherChannel() {
	if len(w.q) > 0 {
		w.out <- 1
	}
}

// Different instances of the same field are different channels.
func twoWorkers(a, b *worker) {
	if len(a.q) > 0 {
		<-b.q
	}
}

// A package-level channel.
var events = make(chan string, 16)

func pkgWrong() {
	for len(events) != 0 { // want `for loop on len\(events\) may race with other receivers of events`
		fmt.Println(<-events)
	}
}

// Elements of an array of channels at the same constant index.
func indexWrong(chs [2]chan int) {
	if len(chs[0]) > 0 { // want `len\(chs\[0\]\) checked before receiving`
		<-chs[0]
	}
	if len(chs[0]) > 0 {
		<-chs[1]
	}
}

// Metrics, logging, capacity: not decisions guarding an operation.
type stats struct{ queued, capacity int }

func metrics(ch chan int, s *stats) int {
	s.queued = len(ch)
	s.capacity = cap(ch)
	log.Printf("queue: %d/%d", len(ch), cap(ch))
	if len(ch) > cap(ch)/2 {
		log.Print("queue more than half full")
	}
	return len(ch)
}

// A check whose branch does not use the channel.
func unrelated(ch chan int, buf []int) []int {
	if len(ch) == 0 {
		buf = buf[:0]
	}
	return buf
}

// A closure under the check runs later: not guarded by it.
func closure(ch chan int) func() int {
	if len(ch) > 0 {
		return func() int { return <-ch }
	}
	return nil
}

// Closures: the check and the receive inside the same function literal.
func closureWrong(ch chan int) {
	go func() {
		for len(ch) > 0 { // want `for loop on len\(ch\) may race with other receivers of ch`
			<-ch
		}
	}()
}

// A slice's len is not a channel's.
func sliceLen(xs []int, ch chan int) {
	if len(xs) > 0 {
		ch <- xs[0]
	}
}

// A user function named len would not compile; a method named Len is not
// the built-in.
type queue struct{ c chan int }

func (q queue) Len() int { return len(q.c) }

func method(q queue) {
	if q.Len() > 0 {
		<-q.c
	}
}

// Notify every subscriber that has room: the check is per channel, the
// range variable.
func notifyAllWrong(subs []chan bool) {
	for _, ch := range subs {
		if len(ch) < cap(ch) { // want `len\(ch\) checked before sending on ch`
			ch <- true
		}
	}
}

// Drop the oldest when full, then send.
func dropOldestWrong(ch chan string, m string) {
	if len(ch) == cap(ch) { // want `len\(ch\) checked before receiving from ch`
		<-ch
	}
	ch <- m
}

func dropOldestRight(ch chan string, m string) {
	for {
		select {
		case ch <- m:
			return
		default:
		}
		select {
		case <-ch:
		default:
		}
	}
}

// An early exit on fullness, then the send.
type full struct{}

func (full) Error() string { return "full" }

func sendOrFailWrong(ch chan string, m string) error {
	if len(ch) == cap(ch) { // want `len\(ch\) checked before sending on ch`
		return full{}
	}
	ch <- m
	return nil
}

// A coalescing notification: send only when empty.
func wakeWrong(notify chan struct{}) {
	if len(notify) == 0 { // want `len\(notify\) checked before sending on notify`
		notify <- struct{}{}
	}
}

func wakeRight(notify chan struct{}) {
	select {
	case notify <- struct{}{}:
	default:
	}
}

// Not reported: a fast path before a non-blocking try.
func publish(subs []chan int, v int) {
	for _, ch := range subs {
		if len(ch) == cap(ch) {
			continue
		}
		select {
		case ch <- v:
		default:
		}
	}
}

// Not reported: a warning, then the send regardless (back pressure).
func sendWarn(ch chan int, v int) {
	if len(ch) == cap(ch) {
		log.Print("channel full")
	}
	ch <- v
}

// Not reported: under the check, a select whose other cases (stop, a
// timer) end the wait.
func offerUntil(ch chan int, v int, stop <-chan struct{}) {
	if len(ch) == cap(ch) {
		select {
		case <-ch:
		case ch <- v:
		case <-stop:
		}
	}
}

// Not reported: a producer that skips a refill while the consumer has
// work, then sends a batch (blocking is its back pressure).
func refill(ch chan<- int, fetch func() []int) {
	for {
		if len(ch) > 0 {
			continue
		}
		for _, v := range fetch() {
			ch <- v
		}
	}
}
