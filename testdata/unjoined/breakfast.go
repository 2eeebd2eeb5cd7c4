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

// boilTime is how long the water takes to boil (the tutorial's 3
// seconds, scaled down).
const boilTime = 100 * time.Millisecond

func makeCoffee(boiled bool) string {
	if !boiled {
		return "coffee made with cold water"
	}
	return "coffee"
}

// WRONG: nothing waits for the kettle. The coffee is made before the
// water has boiled, and once main returns the goroutine is dropped.
type kettleWrong struct {
	boiled bool
}

func (k *kettleWrong) boil() {
	fmt.Println("boiling water...")
	time.Sleep(boilTime) // simulated work
	k.boiled = true
	fmt.Println("water boiled!")
}

func breakfastWrong() string {
	k := &kettleWrong{}
	go k.boil()
	return makeCoffee(k.boiled)
}

// RIGHT: the goroutine closes a channel when the water has boiled, and
// the coffee waits for it: the Go form of water_thread.join().
type kettleRight struct {
	boiled bool
}

func (k *kettleRight) boil() {
	fmt.Println("boiling water...")
	time.Sleep(boilTime) // simulated work
	k.boiled = true
	fmt.Println("water boiled!")
}

func breakfastRight() string {
	k := &kettleRight{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		k.boil()
	}()
	<-done
	return makeCoffee(k.boiled)
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	if *wrong {
		fmt.Println(breakfastWrong())
		return
	}
	fmt.Println(breakfastRight())
}
