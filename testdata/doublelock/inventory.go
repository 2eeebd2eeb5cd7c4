// Command doublelock shows, in Go, a mutex locked again by the goroutine
// that already holds it, next to its fix. Run the mistake with
//
//	go run ./testdata/doublelock -wrong
//
// and the Go runtime stops it with "all goroutines are asleep - deadlock!".
//
// Seed warning: "Avoid Nested Locks: nesting locks can lead to deadlocks
// if not handled carefully." A sync.Mutex, like Python's Lock (and unlike
// its RLock), is not reentrant: a goroutine that locks it twice waits for
// itself forever.
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"sync"
)

// WRONG: take holds inv.mu and calls count, which locks inv.mu again.
type inventoryWrong struct {
	mu    sync.Mutex
	items map[string]int
}

func (inv *inventoryWrong) count(item string) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.items[item]
}

func (inv *inventoryWrong) take(item string) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.count(item) == 0 {
		return false
	}
	inv.items[item]--
	return true
}

// RIGHT: the exported-style entry points lock; the helper they share,
// countLocked, assumes the lock is held and does not take it.
type inventoryRight struct {
	mu    sync.Mutex
	items map[string]int
}

func (inv *inventoryRight) count(item string) int {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return inv.countLocked(item)
}

// countLocked requires inv.mu to be held.
func (inv *inventoryRight) countLocked(item string) int {
	return inv.items[item]
}

func (inv *inventoryRight) take(item string) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.countLocked(item) == 0 {
		return false
	}
	inv.items[item]--
	return true
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	if *wrong {
		inv := &inventoryWrong{items: map[string]int{"eggs": 2}}
		fmt.Println("took eggs:", inv.take("eggs"), "left:", inv.count("eggs"))
		return
	}
	inv := &inventoryRight{items: map[string]int{"eggs": 2}}
	fmt.Println("took eggs:", inv.take("eggs"), "left:", inv.count("eggs"))
}
