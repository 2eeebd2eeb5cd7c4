// Command chanlen shows, in Go, a queue's emptiness checked before taking
// from it, next to the fix. Run the mistake with
//
//	go run ./testdata/chanlen -wrong
//
// Seed warnings: the consumer "runs a loop that keeps consuming items from
// the queue until the queue is empty": while not q.empty(): item = q.get();
// and the log processor polls: if not log_queue.empty(): get(), else
// time.sleep(1). The answer to "is it empty?" is stale as soon as it is
// given: a producer may not have started yet (the consumer quits early),
// or another consumer takes the item first (the get blocks forever).
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"sync"
	"time"
)

func produce(queue chan<- int) {
	for i := range 5 {
		fmt.Println("producing", i)
		queue <- i
	}
}

// WRONG: stops as soon as the channel looks empty, although the producer
// may still be running.
func consumeWrong(queue chan int) int {
	consumed := 0
	for len(queue) > 0 {
		item := <-queue
		fmt.Println("consuming", item)
		consumed++
	}
	return consumed
}

// RIGHT: the producer closes the channel when it is done; range receives
// every item and stops only then.
func consumeRight(queue <-chan int) int {
	consumed := 0
	for item := range queue {
		fmt.Println("consuming", item)
		consumed++
	}
	return consumed
}

// WRONG: polls the channel's length and sleeps while it is empty: late by
// up to a poll interval, and racing any other consumer between the check
// and the receive.
func processLogsWrong(logs chan string, n int) {
	for handled := 0; handled < n; {
		if len(logs) > 0 {
			fmt.Println("logging:", <-logs)
			handled++
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// RIGHT: a receive blocks until a message arrives; range stops when the
// request handlers are done and the channel is closed.
func processLogsRight(logs <-chan string) {
	for msg := range logs {
		fmt.Println("logging:", msg)
	}
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()

	queue := make(chan int, 5)
	if *wrong {
		go produce(queue)
		fmt.Println("consumed", consumeWrong(queue), "of 5 items")
	} else {
		go func() {
			produce(queue)
			close(queue)
		}()
		fmt.Println("consumed", consumeRight(queue), "of 5 items")
	}

	logs := make(chan string, 5)
	var handlers sync.WaitGroup
	for id := range 5 {
		handlers.Go(func() { logs <- fmt.Sprint("request ", id, " handled") })
	}
	if *wrong {
		processLogsWrong(logs, 5)
		return
	}
	go func() {
		handlers.Wait()
		close(logs)
	}()
	processLogsRight(logs)
}
