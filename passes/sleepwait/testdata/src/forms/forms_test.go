package forms

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// A sleep between starting a goroutine and asserting on what it did,
// through a getter.
func TestAssertWrong(t *testing.T) {
	var c counter
	go c.inc()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if c.get() != 1 {
		t.Fatal("not counted")
	}
}

func TestAssertRight(t *testing.T) {
	var c counter
	done := make(chan struct{})
	go func() {
		c.inc()
		close(done)
	}()
	<-done
	if c.get() != 1 {
		t.Fatal("not counted")
	}
}

// Polling done right in a test: a synchronized condition, a bound.
func TestPollAtomic(t *testing.T) {
	var n atomic.Int32
	go func() { n.Add(1) }()
	for i := 0; i < 100; i++ {
		if n.Load() == 1 {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("not counted")
}

func TestPollGetterDeadline(t *testing.T) {
	var c counter
	go c.inc()
	deadline := time.Now().Add(time.Second)
	for c.get() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("not counted")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPollChannelLen(t *testing.T) {
	ch := make(chan int, 3)
	for i := 0; i < 3; i++ {
		go func() { ch <- i }()
	}
	for i := 0; i < 100 && len(ch) < 3; i++ {
		time.Sleep(time.Millisecond)
	}
	if len(ch) != 3 {
		t.Fatal("not sent")
	}
}

// The same bound on a plain variable is a data race.
func TestPollPlainWrong(t *testing.T) {
	done := false
	go func() { done = true }()
	for i := 0; i < 100 && !done; i++ {
		time.Sleep(time.Millisecond) // want `time.Sleep polls done, which another goroutine sets`
	}
}

// Unbounded, a poll hangs the test until its timeout when the condition
// never comes.
func TestPollUnboundedWrong(t *testing.T) {
	var n atomic.Int32
	go func() { n.Add(1) }()
	for n.Load() != 1 {
		time.Sleep(time.Millisecond) // want `time.Sleep polls n with no bound; give up after a deadline so the test fails instead of hanging`
	}
}

// Not a poll: checking for a while that something does not happen.
func TestStaysZero(t *testing.T) {
	var n atomic.Int32
	go func() { n.Store(0) }()
	for i := 0; i < 10; i++ {
		if n.Load() != 0 {
			t.Fatal("changed")
		}
		time.Sleep(time.Millisecond)
	}
}

// The same, written with continue.
func TestPollContinue(t *testing.T) {
	var c counter
	go c.inc()
	var i int
	for i = 0; i < 100; i++ {
		if c.get() != 1 {
			time.Sleep(time.Millisecond)
			continue
		}
		break
	}
	if i == 100 {
		t.Fatal("not counted")
	}
}

func TestPollUnboundedRight(t *testing.T) {
	var n atomic.Int32
	go func() { n.Add(1) }()
	deadline := time.Now().Add(5 * time.Second)
	for n.Load() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("not counted")
		}
		time.Sleep(time.Millisecond)
	}
}
