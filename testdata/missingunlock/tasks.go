// Command missingunlock shows, in Go, a lock and a semaphore left held on
// an error path, next to their fix. Run the mistake with
//
//	go run ./testdata/missingunlock -wrong
//
// Seed warning: "Always release the lock in the finally block to ensure it
// gets released even if an exception occurs. Failing to release the lock
// can lead to deadlocks, where other threads wait indefinitely for a lock
// that's never released." The same holds for a semaphore's slot. Go's
// "finally" is defer.
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"errors"
	"flag"
	"fmt"
	"sync"
)

// count prints limit numbered lines for name, the tutorial's Counter.run.
func count(name string, limit int) error {
	if limit <= 0 {
		return errors.New(name + ": nothing to count")
	}
	for i := range limit {
		fmt.Println(name, "-", i+1)
	}
	return nil
}

// WRONG: when count fails, taskWrong returns with printerWrong still
// locked, and every later task blocks on it forever.
var printerWrong sync.Mutex

func taskWrong(name string, limit int) error {
	printerWrong.Lock()
	if err := count(name, limit); err != nil {
		return err
	}
	printerWrong.Unlock()
	return nil
}

// RIGHT: defer the Unlock right after the Lock; it runs on every return.
var printerRight sync.Mutex

func taskRight(name string, limit int) error {
	printerRight.Lock()
	defer printerRight.Unlock()
	return count(name, limit)
}

// fetch pretends to download url and fails on an empty one.
func fetch(url string) error {
	if url == "" {
		return errors.New("empty url")
	}
	fmt.Println("fetched", url)
	return nil
}

// WRONG: a failed fetch keeps its slot of the semaphore; after cap(sem)
// failures every fetch blocks.
func fetchWrong(sem chan struct{}, url string) error {
	sem <- struct{}{}
	if err := fetch(url); err != nil {
		return err
	}
	<-sem
	return nil
}

// RIGHT: the slot is released by a deferred receive on every path.
func fetchRight(sem chan struct{}, url string) error {
	sem <- struct{}{}
	defer func() { <-sem }()
	return fetch(url)
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	task, get := taskRight, fetchRight
	if *wrong {
		task, get = taskWrong, fetchWrong
	}
	var wg sync.WaitGroup
	for i, limit := range []int{3, 0, 2} {
		wg.Go(func() {
			if err := task(fmt.Sprint("task ", i+1), limit); err != nil {
				fmt.Println("error:", err)
			}
		})
	}
	wg.Wait()
	sem := make(chan struct{}, 1)
	for _, url := range []string{"a.example/1", "", "a.example/2"} {
		if err := get(sem, url); err != nil {
			fmt.Println("error:", err)
		}
	}
}
