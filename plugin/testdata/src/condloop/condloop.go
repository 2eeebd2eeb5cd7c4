// Package condloop has a finding with one related position, folded into
// its message by the plugin, and a fix.
package condloop

import "sync"

type queue struct {
	mu       sync.Mutex
	nonEmpty *sync.Cond
	items    []int
}

func (q *queue) pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.nonEmpty.Wait() // want `^q\.nonEmpty\.Wait .* \([^()]+: condloop\.go:16\)$`
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item
}
