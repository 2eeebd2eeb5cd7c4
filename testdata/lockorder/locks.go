// Command lockorder shows, in Go, the two-lock deadlock the threading
// tutorials warn about, next to its fix. Run the mistake with
//
//	go run ./testdata/lockorder -wrong
//
// and the Go runtime may stop it with "all goroutines are asleep -
// deadlock!" (or it may get lucky this time, which is worse).
//
// Seed warning: "Thread A holds Lock 1 and waits for Lock 2. Thread B
// holds Lock 2 and waits for Lock 1." The fix: "Lock Ordering: Ensure
// that all threads acquire locks in the same order", as with the
// tutorial's database lock, always taken before the file lock.
//
// Identifiers of the mistaken version end in Wrong, those of the fix in
// Right; syncvet must report the first and stay silent on the second.
package main

import (
	"flag"
	"fmt"
	"sync"
)

// WRONG: thread 1 takes lock A then lock B, thread 2 takes lock B then
// lock A. If each gets its first lock, both wait for the other forever.
var lockAWrong, lockBWrong sync.Mutex

func thread1Wrong() {
	lockAWrong.Lock()
	defer lockAWrong.Unlock()
	fmt.Println("thread 1 acquired lock A")
	lockBWrong.Lock()
	defer lockBWrong.Unlock()
	fmt.Println("thread 1 acquired lock B")
}

func thread2Wrong() {
	lockBWrong.Lock()
	defer lockBWrong.Unlock()
	fmt.Println("thread 2 acquired lock B")
	lockAWrong.Lock()
	defer lockAWrong.Unlock()
	fmt.Println("thread 2 acquired lock A")
}

// RIGHT: one global order. Every path that needs both takes the database
// lock first, then the file lock, so no cycle can form.
var databaseLockRight, fileLockRight sync.Mutex

func thread1Right() {
	databaseLockRight.Lock()
	defer databaseLockRight.Unlock()
	fmt.Println("thread 1 acquired the database lock")
	fileLockRight.Lock()
	defer fileLockRight.Unlock()
	fmt.Println("thread 1 acquired the file lock")
}

func thread2Right() {
	databaseLockRight.Lock()
	defer databaseLockRight.Unlock()
	fmt.Println("thread 2 acquired the database lock")
	fileLockRight.Lock()
	defer fileLockRight.Unlock()
	fmt.Println("thread 2 acquired the file lock")
}

func main() {
	wrong := flag.Bool("wrong", false, "run the version with the mistake")
	flag.Parse()
	var wg sync.WaitGroup
	if *wrong {
		wg.Go(thread1Wrong)
		wg.Go(thread2Wrong)
	} else {
		wg.Go(thread1Right)
		wg.Go(thread2Right)
	}
	wg.Wait()
}
