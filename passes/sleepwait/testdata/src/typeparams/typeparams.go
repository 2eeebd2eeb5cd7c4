package typeparams

import (
	"sync"
	"time"
)

// Generic code: the result of a goroutine of type T.
func runWrong[T any](f func() T) T {
	var r T
	go func() { r = f() }()
	time.Sleep(time.Second) // want `time.Sleep used to wait for a goroutine`
	return r
}

func runRight[T any](f func() T) T {
	ch := make(chan T, 1)
	go func() { ch <- f() }()
	return <-ch
}

// A generic type polled through its field.
type box[T any] struct {
	mu   sync.Mutex
	full bool
	v    T
}

func (b *box[T]) put(v T) {
	b.mu.Lock()
	b.v, b.full = v, true
	b.mu.Unlock()
}

func (b *box[T]) getWrong() T {
	for {
		b.mu.Lock()
		if b.full {
			v := b.v
			b.mu.Unlock()
			return v
		}
		b.mu.Unlock()
		time.Sleep(time.Millisecond) // want `time.Sleep polls b.full`
	}
}

// A pacing loop over a generic slice: real work each round.
func each[T any](xs []T, f func(T)) {
	for _, x := range xs {
		f(x)
		time.Sleep(time.Millisecond)
	}
}

// Instantiations keep the generic bodies checked.
var (
	_ = runWrong[int]
	_ = runRight[string]
	_ = each[int]
)
