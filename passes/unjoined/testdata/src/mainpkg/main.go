package main

import "fmt"

func worker(id int) {
	fmt.Println("worker", id, "done")
}

func main() {
	for i := 0; i < 3; i++ {
		go worker(i) // want `main may return before this goroutine finishes printing; wait with a sync.WaitGroup or a done channel`
	}
	go fmt.Println("bye") // want `main may return before this goroutine prints`
}
