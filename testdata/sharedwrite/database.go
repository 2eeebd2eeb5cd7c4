// Command sharedwrite shows, in Go, the lost update the threading
// tutorials warn about, next to its fix. Run the mistake with
//
//	go run ./testdata/sharedwrite -wrong
//
// Seed warning: two threads each copy database_value, add one and write
// the copy back with no lock: "both threads increment the database_value
// without using any locks ... But why is the end value 1 and not 2?"
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
)

// fuzz lets the scheduler switch goroutines, as the tutorials'
// time.sleep(0.1) between the read and the write does.
func fuzz() { runtime.Gosched() }

// WRONG: both goroutines read databaseValueWrong, increment their copy and
// write it back without a lock, so one increment overwrites the other.
var databaseValueWrong int

func increaseWrong() {
	local := databaseValueWrong
	fuzz()
	local++
	databaseValueWrong = local
}

func databaseWrong() int {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			increaseWrong()
		}()
	}
	wg.Wait()
	return databaseValueWrong
}

// RIGHT: every access to databaseValueRight holds databaseMu, so the
// read, the increment and the write happen as one step.
var (
	databaseMu         sync.Mutex
	databaseValueRight int
)

func increaseRight() {
	databaseMu.Lock()
	defer databaseMu.Unlock()
	local := databaseValueRight
	fuzz()
	local++
	databaseValueRight = local
}

func databaseRight() int {
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(increaseRight)
	}
	wg.Wait() // the read below happens after both writes
	return databaseValueRight
}

func main() {
	wrong := flag.Bool("wrong", false, "run the versions with the mistake")
	flag.Parse()
	if *wrong {
		fmt.Println("database value (want 2):", databaseWrong())
		fmt.Println("balance (want 153):", bankWrong())
		fmt.Println("counter (want 10):", counterWrong())
		return
	}
	fmt.Println("database value (want 2):", databaseRight())
	fmt.Println("balance (want 153):", bankRight())
	fmt.Println("counter (want 10):", counterRight())
}
