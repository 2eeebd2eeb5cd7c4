package use

import (
	"sync"

	"crosspkg/lib"
)

var events int

func record() {
	events++ // want `write to events may race with a write in another goroutine; use a sync.Mutex or sync/atomic`
}

// Two goroutines started by another package's wrapper.
func Twice() {
	lib.Go(record)
	lib.Go(record)
}

var (
	mu      sync.Mutex
	events2 int
)

func recordLocked() {
	mu.Lock()
	events2++
	mu.Unlock()
}

func TwiceLocked() {
	lib.Go(recordLocked)
	lib.Go(recordLocked)
}
