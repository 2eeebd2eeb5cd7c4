package typeparams

import (
	"sync"
	"time"
)

type Queue[T any] struct {
	mu    sync.Mutex
	items []T
	ch    chan T
}

func (q *Queue[T]) PutWrong(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ch <- v // want `channel send while q.mu is held`
}

func (q *Queue[T]) PutRight(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.ch <- v
}

func wait[T any](q *Queue[T]) {
	time.Sleep(time.Millisecond)
}

func (q *Queue[T]) Flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
	wait(q) // want `call to typeparams.wait may block \(time.Sleep`
}
