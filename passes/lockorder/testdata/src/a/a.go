package a // want package:`edges\(a.lockA -> a.lockB, a.lockB -> a.lockA, a.lockC -> a.lockD, .*\(\*a.Cache\).mu -> \(\*a.Index\).mu`

import "sync"

// The two locks of the source material: one thread takes A then B, the
// other B then A.
var (
	lockA sync.Mutex
	lockB sync.Mutex
)

func thread1() {
	lockA.Lock()
	lockB.Lock() // want `a.lockA then a.lockB here, but the reverse in a.thread2; use one global order`
	lockB.Unlock()
	lockA.Unlock()
}

func thread2() {
	lockB.Lock()
	lockA.Lock()
	lockA.Unlock()
	lockB.Unlock()
}

// The fix: one global order everywhere.
var (
	lockC sync.Mutex
	lockD sync.Mutex
)

func thread3() {
	lockC.Lock()
	lockD.Lock()
	lockD.Unlock()
	lockC.Unlock()
}

func thread4() {
	lockC.Lock()
	defer lockC.Unlock()
	lockD.Lock()
	defer lockD.Unlock()
}

// Sequential, not nested: no order at all.
func thread5() {
	lockD.Lock()
	lockD.Unlock()
	lockC.Lock()
	lockC.Unlock()
}
