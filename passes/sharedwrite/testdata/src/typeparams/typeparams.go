package typeparams

import "sync"

// A generic accumulator filled from several goroutines.
type Acc[T int | float64] struct {
	mu  sync.Mutex
	sum T
}

func (a *Acc[T]) add(v T) {
	a.sum += v // want `write to a.sum may race with itself in other goroutines; use a sync.Mutex or sync/atomic`
}

func (a *Acc[T]) addLocked(v T) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum += v
}

func Sum[T int | float64](xs []T) T {
	a := &Acc[T]{}
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { a.add(x) })
	}
	wg.Wait()
	return a.sum
}

func SumLocked[T int | float64](xs []T) T {
	a := &Acc[T]{}
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { a.addLocked(x) })
	}
	wg.Wait()
	return a.sum
}

// Per-index results in a generic function.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Go(func() { out[i] = f(x) })
	}
	wg.Wait()
	return out
}
