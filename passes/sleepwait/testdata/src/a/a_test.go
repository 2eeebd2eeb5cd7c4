package a

import (
	"testing"
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
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for the goroutine started at line 21`
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
