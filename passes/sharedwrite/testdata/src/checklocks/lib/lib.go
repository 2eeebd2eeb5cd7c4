// Package lib exports a method whose callers must hold a lock.
package lib

import "sync"

type Queue struct {
	Mu sync.Mutex
	// +checklocks:Mu
	items []int
}

// PushLocked appends; the caller holds q.Mu.
// +checklocks:q.Mu
func (q *Queue) PushLocked(v int) {
	q.items = append(q.items, v)
}

// LenRLocked needs at least a read lock of the package's lock.
// +checklocksread:tableMu
func LenRLocked() int { return len(table) }

var (
	tableMu sync.RWMutex
	table   map[string]int
)

// Each runs f, which may lock q.Mu: callers must not hold it.
// +checklocksexclude:q.Mu
func (q *Queue) Each(f func(*Queue, int)) {
	f(q, 0)
}
