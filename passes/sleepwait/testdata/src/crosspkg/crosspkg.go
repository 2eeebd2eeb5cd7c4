package crosspkg

import (
	"sync"
	"time"

	"crosspkg/helper"
)

// The wait is in a helper of another package: the goroutine is awaited,
// and the Sleep is a delay for something else.
func awaitedThroughHelper() int {
	var wg sync.WaitGroup
	total := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		total = 42
	}()
	time.Sleep(10 * time.Millisecond)
	helper.Wait(&wg)
	return total
}

// The same, with a channel drained by the helper.
func drainedThroughHelper() int {
	ch := make(chan int)
	total := 0
	go func() {
		defer close(ch)
		total = 1
	}()
	time.Sleep(10 * time.Millisecond)
	helper.Drain(ch)
	return total
}

// A helper of another package that does not wait does not join.
func notAwaited() int {
	total := 0
	go func() {
		total = 7
	}()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	helper.Pause()
	return total
}

type cache struct {
	data map[string]int
}

func (c *cache) set(k string, v int) { c.data[k] = v }

func (c *cache) load() { c.set("a", 1) }

// The goroutine writes through a method it calls: what it writes is seen
// through calls.
func (c *cache) warmWrong() int {
	go c.load()
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	return c.data["a"]
}

// The fix: wait for it.
func (c *cache) warmRight() int {
	done := make(chan struct{})
	go func() {
		c.load()
		close(done)
	}()
	<-done
	return c.data["a"]
}
