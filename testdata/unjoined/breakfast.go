// Command unjoined shows, in Go, a goroutine nobody waits for, next to
// its fix. Run the mistake with
//
//	go run ./testdata/unjoined -wrong
//
// Seed warning: the water is boiled in a thread, and "WITHOUT join() ...
// we would have got the following output": "Now that the water has
// boiled, let's make coffee." printed before "Water boiled!". "This can
// lead to very unpleasant bugs and situations in production." In Go it is
// worse: when main returns, the goroutine is dropped mid-work.
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"time"
)

func boilWater() {
	fmt.Println("boiling water...")
	time.Sleep(100 * time.Millisecond) // simulated work
	fmt.Println("water boiled!")
}

func makeCoffee() {
	fmt.Println("now that the water has boiled, let's make coffee")
}

// WRONG: nothing waits for the kettle; the coffee is made with cold water
// and, when main returns right after, the water never boils at all.
func breakfastWrong() {
	go boilWater()
	makeCoffee()
}

// RIGHT: the goroutine closes a channel when the water has boiled, and
// the coffee waits for it: the Go form of water_thread.join().
func breakfastRight() {
	boiled := make(chan struct{})
	go func() {
		defer close(boiled)
		boilWater()
	}()
	<-boiled
	makeCoffee()
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	if *wrong {
		breakfastWrong()
		return
	}
	breakfastRight()
}
