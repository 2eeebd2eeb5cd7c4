// Command goroutineleak shows, in Go, a goroutine left waiting forever on
// a queue nobody reads, next to its fix. Run the mistake with
//
//	go run ./testdata/goroutineleak -wrong
//
// Seed warning: threads "waiting on a queue nobody fills" and threads
// never joined. In Go the usual form is a worker whose answer nobody takes:
// the caller gives up on a timeout and returns, and the worker's send
// blocks forever. Every call leaks one goroutine, and a server that makes
// such calls per request grows until it runs out of memory.
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"time"
)

// kitchenTime is how long the kitchen takes to cook an order; the waiter
// waits only patience for it.
const (
	kitchenTime = 50 * time.Millisecond
	patience    = 10 * time.Millisecond
)

func cook(order string) string {
	time.Sleep(kitchenTime) // simulated work
	return order + ", cooked"
}

// WRONG: when the waiter gives up, nobody ever takes the dish, and the
// cook's send blocks forever.
func serveWrong(order string) (string, bool) {
	dish := make(chan string)
	go func() {
		dish <- cook(order)
	}()
	select {
	case d := <-dish:
		return d, true
	case <-time.After(patience):
		return "", false
	}
}

// RIGHT: the dish has a place to go (a buffer of one), so the cook
// finishes and the goroutine ends even when the waiter has left.
func serveRight(order string) (string, bool) {
	dish := make(chan string, 1)
	go func() {
		dish <- cook(order)
	}()
	select {
	case d := <-dish:
		return d, true
	case <-time.After(patience):
		return "", false
	}
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	serve := serveRight
	if *wrong {
		serve = serveWrong
	}
	for i := range 5 {
		serve(fmt.Sprint("order ", i))
	}
	time.Sleep(2 * kitchenTime)
	fmt.Println("goroutines still running:", runtime.NumGoroutine()-1)
}
