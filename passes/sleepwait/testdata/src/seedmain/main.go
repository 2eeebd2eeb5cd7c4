// Command seedmain is the seed's program: main starts the work and sleeps
// instead of joining.
package main

import (
	"fmt"
	"sync"
	"time"
)

func worker(id int) {
	fmt.Println("worker", id, "done")
}

func main() {
	go worker(1)
	time.Sleep(2 * time.Second) // want `time.Sleep used to wait for a goroutine; use sync.WaitGroup or a channel`
}

func mainRight() {
	var wg sync.WaitGroup
	wg.Go(func() { worker(1) })
	wg.Wait()
}
