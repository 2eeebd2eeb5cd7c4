package b

import (
	"crosspkg/a"
	"crosspkg/c"
	"sync"
)

var mu sync.Mutex

func Retry() {
	mu.Lock()
	defer mu.Unlock()
	a.Backoff(1) // want `call to a.Backoff may block \(time.Sleep\) while mu is held; release the lock before the call`
}

func Persist(p []byte) error {
	mu.Lock()
	defer mu.Unlock()
	return a.Save(p) // want `call to a.Save may block \(os.WriteFile`
}

func Compute() int {
	mu.Lock()
	defer mu.Unlock()
	return a.Pure(2)
}

// Through a package with no blocking operation of its own.
func Archive(p []byte) error {
	mu.Lock()
	defer mu.Unlock()
	return c.Store(p) // want `call to c.Store may block \(os.WriteFile`
}

func Twice() int {
	mu.Lock()
	defer mu.Unlock()
	return c.Double(2)
}
