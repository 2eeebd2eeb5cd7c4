package a

import (
	"testing"
	"testing/synctest"
	"time"
)

// A test of timing: it measures elapsed time, the sleep is the subject.
func TestElapsed(t *testing.T) {
	start := time.Now()
	go worker()
	time.Sleep(10 * time.Millisecond)
	if time.Since(start) < 10*time.Millisecond {
		t.Fatal("slept too little")
	}
}

// A test that sleeps for the goroutine's result.
func TestResultWrong(t *testing.T) {
	var got int
	go func() { got = compute() }()
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if got != 42 {
		t.Errorf("got %d", got)
	}
}

func TestResultRight(t *testing.T) {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	if got := <-ch; got != 42 {
		t.Errorf("got %d", got)
	}
}

// Not reported: in a synctest bubble the clock is fake, and sleeping is how
// the test advances it, deterministically.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got int
		go func() { got = compute() }()
		time.Sleep(time.Second)
		if got != 42 {
			t.Errorf("got %d", got)
		}
	})
}

// synctest.Wait waits for the bubble's other goroutines to block or end:
// a join, here in a named function run in the bubble.
func bubbleBody(t *testing.T) {
	var got int
	go func() { got = compute() }()
	time.Sleep(time.Second)
	synctest.Wait()
	if got != 42 {
		t.Errorf("got %d", got)
	}
}

func TestBubbleWait(t *testing.T) {
	synctest.Test(t, bubbleBody)
}
