// Command command loads its configuration in the background and guesses
// when it is done.
package main

import (
	"fmt"
	"sync"
	"time"
)

var config map[string]string

func load() {
	config = map[string]string{"addr": ":8080"}
}

func report() {
	fmt.Println(config["addr"])
}

func main() {
	go load()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	report()
}

func mainRight() {
	var wg sync.WaitGroup
	wg.Go(load)
	wg.Wait()
	report()
}
