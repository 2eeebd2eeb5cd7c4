package a

import "sync"

// The chef of the source material: waits once, with no predicate, and
// misses a notification sent before the Wait.
type kitchen struct {
	mu    sync.Mutex
	ready *sync.Cond
	done  bool
}

func (k *kitchen) chefWrong() {
	k.mu.Lock()
	k.ready.Wait() // want `k.ready.Wait is not inside a for loop re-checking the condition`
	k.mu.Unlock()
}

func (k *kitchen) chefRight() {
	k.mu.Lock()
	for !k.done {
		k.ready.Wait()
	}
	k.mu.Unlock()
}

// A queue whose consumer checks emptiness once.
type queue struct {
	mu       sync.Mutex
	nonEmpty sync.Cond
	items    []int
}

func (q *queue) takeWrong() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.nonEmpty.Wait() // want `q.nonEmpty.Wait is guarded by an if, not a for loop; use for instead of if`
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

func (q *queue) takeRight() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.nonEmpty.Wait()
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

// An endless loop that checks the predicate inside is a loop too.
func (q *queue) takeLoopBreak() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			break
		}
		q.nonEmpty.Wait()
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

// An if with an else cannot simply become a for: reported, no fix.
func (q *queue) takeElse() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.nonEmpty.Wait() // want `guarded by an if`
	} else {
		println("had items")
	}
	return q.items[0]
}

// A loop around the goroutine does not re-check for the closure's Wait.
func loopOutsideClosure(c *sync.Cond, ok *bool) {
	for !*ok {
		go func() {
			c.L.Lock()
			c.Wait() // want `c.Wait is not inside a for loop`
			c.L.Unlock()
		}()
	}
}

// A Wait inside a closure that is itself inside a loop of the closure.
func loopInsideClosure(c *sync.Cond, ok *bool) {
	go func() {
		c.L.Lock()
		for !*ok {
			c.Wait()
		}
		c.L.Unlock()
	}()
}

// A type with a Wait method that is not a sync.Cond is not a condition.
type notCond struct{}

func (notCond) Wait() {}

func other(n notCond) {
	n.Wait()
}

// Generic code: the Cond is reached through a type parameter's field.
type box[T any] struct {
	c    *sync.Cond
	vals []T
}

func (b *box[T]) getWrong() T {
	b.c.L.Lock()
	defer b.c.L.Unlock()
	if len(b.vals) == 0 {
		b.c.Wait() // want `b.c.Wait is guarded by an if`
	}
	return b.vals[0]
}

func (b *box[T]) getRight() T {
	b.c.L.Lock()
	defer b.c.L.Unlock()
	for len(b.vals) == 0 {
		b.c.Wait()
	}
	return b.vals[0]
}
