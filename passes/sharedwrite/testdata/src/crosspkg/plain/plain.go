// Package plain has no goroutine, channel or lock of its own: its
// goroutines are started by a function of another package, known by its
// fact, which is all the engine has to go on here.
package plain

import "crosspkg/lib"

var hits int

func hit() {
	hits++ // want `write to hits may race with a write in another goroutine; use a sync.Mutex or sync/atomic`
}

func Twice() {
	lib.Go(hit)
	lib.Go(hit)
}

var once int

func set() { once = 1 }

// Once starts one goroutine and nothing else touches once: silent.
func Once() {
	lib.Go(set)
}
