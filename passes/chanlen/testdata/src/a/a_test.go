package a

import "testing"

// A test assertion on the length, then a receive it sequences.
func TestLen(t *testing.T) {
	ch := make(chan int, 1)
	ch <- 1
	if len(ch) != 1 {
		t.Fatalf("len = %d, want 1", len(ch))
	}
	if got := <-ch; got != 1 {
		t.Errorf("got %d", got)
	}
	if len(ch) > 0 {
		t.Errorf("left %d", len(ch))
		<-ch
	}
}
