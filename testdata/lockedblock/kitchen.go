// Command lockedblock shows, in Go, slow and blocking work done while a
// mutex is held, next to the fix. Run the mistake with
//
//	go run ./testdata/lockedblock -wrong
//
// Seed warnings: "Keep it Short: Ensure the code inside the with block is
// concise to avoid holding the lock for too long", and the frying pan held
// for the whole time.sleep(2) of cooking while every other dish waits.
// Every goroutine that needs the lock, even just to read, stalls for as
// long as the slowest thing done under it; a channel send under the lock
// can stall it forever.
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

const cookingTime = 50 * time.Millisecond

// WRONG: the board's lock is held while the dish cooks and while the
// waiter is told, so nobody can even read the board meanwhile.
type boardWrong struct {
	mu     sync.Mutex
	served []string
}

func (b *boardWrong) cook(dish string, waiter chan<- string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Println("starting to cook", dish)
	time.Sleep(cookingTime)
	b.served = append(b.served, dish)
	waiter <- dish
}

// RIGHT: cook and notify with the lock released; hold it only to update
// the board.
type boardRight struct {
	mu     sync.Mutex
	served []string
}

func (b *boardRight) cook(dish string, waiter chan<- string) {
	fmt.Println("starting to cook", dish)
	time.Sleep(cookingTime)
	b.mu.Lock()
	b.served = append(b.served, dish)
	b.mu.Unlock()
	waiter <- dish
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	dishes := []string{"scrambled eggs", "pancakes", "bacon"}
	waiter := make(chan string)
	start := time.Now()
	var cooks sync.WaitGroup
	if *wrong {
		b := &boardWrong{}
		for _, dish := range dishes {
			cooks.Go(func() { b.cook(dish, waiter) })
		}
	} else {
		b := &boardRight{}
		for _, dish := range dishes {
			cooks.Go(func() { b.cook(dish, waiter) })
		}
	}
	for range dishes {
		fmt.Println("served", <-waiter)
	}
	cooks.Wait()
	fmt.Println("all dishes served in", time.Since(start).Round(10*time.Millisecond))
}
