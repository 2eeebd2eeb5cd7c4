// Command condloop shows, in Go, a condition variable waited on without
// re-checking the condition, next to the fix. Run the mistake with
//
//	go run ./testdata/condloop -wrong
//
// and the Go runtime stops it with "all goroutines are asleep - deadlock!".
//
// Seed warning: the chef calls condition.wait() with no predicate, "Chef
// waits until ingredients are ready"; the kitchen staff had already
// prepared them and called notify(), so the tutorial's own output ends
// with "Chef is waiting for ingredients to be prepared..." forever. A
// notification sent before the Wait is lost; only a loop re-checking a
// condition kept under the lock survives it (and spurious or stolen
// wake-ups too).
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"sync"
)

// WRONG: the chef waits once, unconditionally; the waiter re-checks the
// dish, but only once, with an if.
type kitchenWrong struct {
	mu    sync.Mutex
	ready sync.Cond
	dish  string
}

func newKitchenWrong() *kitchenWrong {
	k := &kitchenWrong{}
	k.ready.L = &k.mu
	return k
}

func (k *kitchenWrong) chef() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	fmt.Println("chef is waiting for ingredients to be prepared...")
	k.ready.Wait()
	return k.dish
}

func (k *kitchenWrong) waiter() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.dish == "" {
		k.ready.Wait()
	}
	return k.dish
}

func (k *kitchenWrong) staff(dish string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.dish = dish
	fmt.Println("kitchen staff has prepared the ingredients")
	k.ready.Broadcast()
}

// RIGHT: both wait in a loop on the state the notification is about, so
// a notification sent before they wait costs nothing.
type kitchenRight struct {
	mu    sync.Mutex
	ready sync.Cond
	dish  string
}

func newKitchenRight() *kitchenRight {
	k := &kitchenRight{}
	k.ready.L = &k.mu
	return k
}

func (k *kitchenRight) chef() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	fmt.Println("chef is waiting for ingredients to be prepared...")
	for k.dish == "" {
		k.ready.Wait()
	}
	return k.dish
}

func (k *kitchenRight) waiter() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	for k.dish == "" {
		k.ready.Wait()
	}
	return k.dish
}

func (k *kitchenRight) staff(dish string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.dish = dish
	fmt.Println("kitchen staff has prepared the ingredients")
	k.ready.Broadcast()
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	const dish = "fresh tomatoes and basil"
	// As in the tutorial, the staff is done before the chef starts.
	if *wrong {
		k := newKitchenWrong()
		k.staff(dish)
		fmt.Println("chef starts cooking with", k.chef(), "and the waiter serves", k.waiter())
		return
	}
	k := newKitchenRight()
	k.staff(dish)
	fmt.Println("chef starts cooking with", k.chef(), "and the waiter serves", k.waiter())
}
