package main

import "fmt"

func worker(id int) {
	fmt.Println("worker", id, "done")
}

func main() {
	for i := 0; i < 3; i++ {
		go worker(i) // want `main may return before this goroutine finishes, so what it prints is lost`
	}
	go fmt.Println("bye") // want `main may return before this goroutine prints`
}
