// Package helper holds synchronization helpers that package crosspkg
// calls: sleepwait knows what they do only through the goroutines
// engine's facts.
package helper

import "sync"

// Wait waits for wg.
func Wait(wg *sync.WaitGroup) { wg.Wait() }

// Drain receives every value from ch until it is closed.
func Drain(ch <-chan int) {
	for range ch {
	}
}

// Pause does nothing that another goroutine could observe.
func Pause() {}
