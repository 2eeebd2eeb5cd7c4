package main

// Seed warning: ten threads run "counter += 1"; with a little fuzzing "the
// counter never reaches 10, eventhough we had 10 threads doing the job".
// The tutorial's fix is Raymond Hettinger's first rule: the shared
// resource lives in exactly one thread, and the others talk to it through
// a message queue.

import "sync"

// WRONG: ten goroutines increment counterValueWrong with no lock.
var counterValueWrong int

func counterWrong() int {
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counterValueWrong++
		}()
	}
	wg.Wait()
	return counterValueWrong
}

// RIGHT: one manager goroutine owns the counter; the workers send it
// increments through a channel, and the total comes back on another
// once the channel is closed.
func counterRight() int {
	increments := make(chan int)
	total := make(chan int)
	go func() {
		counter := 0
		for inc := range increments {
			counter += inc
		}
		total <- counter
	}()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { increments <- 1 })
	}
	wg.Wait()
	close(increments)
	return <-total
}
