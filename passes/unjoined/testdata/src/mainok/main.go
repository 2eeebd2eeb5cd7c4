package main

import (
	"fmt"
	"sync"
)

func worker(id int) {
	fmt.Println("worker", id, "done")
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(i)
		}()
	}
	wg.Wait()
}
