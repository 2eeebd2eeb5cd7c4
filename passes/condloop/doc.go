// Package condloop defines an Analyzer that reports sync.Cond.Wait calls
// that are not inside a loop re-checking the awaited condition.
//
// # Analyzer condloop
//
// condloop: report sync.Cond.Wait calls not inside a for loop
//
// Wait unlocks c.L, suspends the goroutine and locks c.L again before it
// returns, but when it returns the condition it waited for may no longer
// hold: another waiter may have consumed it, Broadcast wakes every waiter,
// and a Signal sent before the Wait began is lost. A Wait that is not
// inside a for loop re-checking the condition either proceeds on a false
// condition or, with no check at all, waits for a notification that
// already happened, forever.
//
// WRONG:
//
//	mu.Lock()
//	if len(queue) == 0 {
//		cond.Wait()
//	}
//	item := queue[0] // queue may be empty again
//
// RIGHT:
//
//	mu.Lock()
//	for len(queue) == 0 {
//		cond.Wait()
//	}
//	item := queue[0]
//
// When the Wait is guarded by an if statement, the suggested fix turns
// the if into a for. A Wait with no check at all is not reported in test
// files, where it is the deliberate lock-step handshake of tests of the
// Cond mechanism (the waiter holds c.L from before the signaller starts).
package condloop
