// Package worker holds helpers that other packages hand channels,
// WaitGroups and Conds to; what each does with them is known there
// through the goroutines engine's facts.
package worker

import "sync"

// Produce sends one value.
func Produce(out chan<- int) { out <- 1 }

// Drain receives until out is closed.
func Drain(in <-chan int) {
	for range in {
	}
}

// Finish marks one goroutine done.
func Finish(wg *sync.WaitGroup) { wg.Done() }

// Watch only waits.
func Watch(wg *sync.WaitGroup) { wg.Wait() }

// Notify wakes every waiter.
func Notify(mu *sync.Mutex, c *sync.Cond) {
	mu.Lock()
	c.Broadcast()
	mu.Unlock()
}

var saved chan int

// Stash keeps the channel where anything may use it.
func Stash(ch chan int) { saved = ch }

// relay passes the channel on to Produce.
func Relay(out chan<- int) { Produce(out) }
