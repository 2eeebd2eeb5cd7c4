// Package directives has the //syncvet:ignore directives that the
// plugin's syncvetignore check reports, run with sleepwait disabled.
package directives

import (
	"sync"
	"time"
)

func used(c *sync.Cond) {
	//syncvet:ignore condloop the only signal comes after this goroutine waits
	c.Wait()
}

func misspelled(c *sync.Cond) {
	// want +1 "names condlop, which is not a syncvet check"
	//syncvet:ignore condlop the only signal comes after this goroutine waits
	c.Wait()
}

func stale(c *sync.Cond) {
	for {
		// want +1 "silences no condloop finding; remove it"
		//syncvet:ignore condloop the only signal comes after this goroutine waits
		c.Wait()
	}
}

func malformed(c *sync.Cond) {
	// want +1 "needs a reason"
	//syncvet:ignore condloop
	c.Wait()
}

// disabled names a check disabled in the settings: whether the directive
// is used cannot be told, so it is not reported.
func disabled() {
	//syncvet:ignore sleepwait not run in this test
	time.Sleep(time.Second)
}

// bundled names a check that the syncvet command runs and the plugin does
// not (golangci-lint's staticcheck does): known, not reported.
func bundled(mu *sync.Mutex) {
	//syncvet:ignore SA2001 the empty critical section waits for the holder
	mu.Lock()
	mu.Unlock()
}
