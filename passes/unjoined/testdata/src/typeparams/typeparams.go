package typeparams

import "sync"

type Box[T any] struct {
	v T
}

func (b *Box[T]) set(v T) { b.v = v }

func Fill[T any](v T) T {
	b := &Box[T]{}
	go b.set(v) // want `this goroutine writes b.v, read by Fill without waiting`
	return b.v
}

func FillWaited[T any](v T) T {
	b := &Box[T]{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.set(v)
	}()
	wg.Wait()
	return b.v
}
