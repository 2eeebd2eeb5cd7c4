// Package sleepwait defines an Analyzer that reports time.Sleep calls used
// to wait for goroutines, or for an event another goroutine produces,
// instead of synchronizing with them.
//
// # Analyzer sleepwait
//
// sleepwait: report time.Sleep used to wait for another goroutine
//
// A sleep guesses how long another goroutine needs. On a loaded machine,
// under the race detector or in CI the guess is wrong, and the program
// reads a result that is not there yet, or exits while the work is still
// running. Four forms are reported, at the time.Sleep call:
//
//   - join: a goroutine is started, by a go statement or by a call of a
//     function of the package that leaves one running, then the function
//     sleeps and uses what the goroutine produces (directly or through a
//     call that reads it: a getter, a report of package-level state), or
//     returns, with no WaitGroup, channel or errgroup wait in between;
//   - start: a sleep right after a go statement, or after a loop starting
//     workers or subscribers, to let them start (or reach some point)
//     before going on, as in go srv.ListenAndServe(); time.Sleep(d);
//   - request: a function that sends work to a goroutine of the package on
//     a channel, then sleeps and returns instead of waiting for the work
//     to be done;
//   - poll: a loop that only sleeps and re-checks a variable or field that
//     another goroutine sets, as in for !done { time.Sleep(d) } (directly,
//     under a lock, through an atomic load or a getter of the package), or
//     the length of a channel that only other goroutines send on or
//     receive from.
//
// A join is reported when the function reads, after the sleep, what the
// goroutine writes (a captured variable, a field, a value passed by
// pointer), or when the sleep ends main or a test. Otherwise only a
// guessed delay (a constant duration) is reported, and only for a
// goroutine that does not signal its completion to someone else: a sleep
// right after the go statement is a start, one that ends another function
// a join.
//
// A poll is about what ends the wait: the loop's condition, or an if
// statement that leaves the loop without failing. A loop that only prints
// a value, or checks for a fixed time that it does not change, waits for
// nothing. In a test, a loop bounded by a count or a deadline that
// re-checks a synchronized condition (an atomic, a read under a lock, a
// getter that locks, a channel's length) is polling done right: the code
// under test gives the test no signal to wait on. The same poll in
// library code, which could wait on a signal, is reported, and so is a
// poll of a plain variable (a data race) or an unbounded one (a test that
// hangs until its timeout) in a test.
//
// Sleeps that do not stand in for synchronization are not reported: retry
// and backoff delays, pacing (a loop that does real work every round, or
// starts goroutines at a given rate), simulated work inside a worker, and
// sleeps in tests of time itself (package time's tests, test functions
// that measure elapsed durations, and synctest bubbles, whose fake clock
// makes sleeping deterministic). A function that waits for its
// goroutines anyway (WaitGroup.Wait, a channel receive, a select,
// errgroup's Wait, synctest.Wait, directly or in a helper of the same
// package) is not reported either.
//
// Whether the starter waits, whether the goroutine signals its end and
// what it writes are the goroutines engine's answers: through the calls it
// makes and, for helpers of other packages, through their facts (a helper
// of another package that waits on the WaitGroup the goroutine is done
// with joins it as one of this package does).
//
// One mistake, one finding: sleepwait owns the goroutine whose join (or
// whose product) a reported Sleep waits for; unjoined and sharedwrite,
// which would describe the same missing wait, stay silent there.
//
// WRONG:
//
//	for _, u := range urls {
//		go download(u)
//	}
//	time.Sleep(3 * time.Second) // hope the downloads are done
//	fmt.Println("all done")
//
//	for !s.ready { // set by another goroutine
//		time.Sleep(10 * time.Millisecond)
//	}
//
//	go srv.ListenAndServe()
//	time.Sleep(100 * time.Millisecond) // hope it listens by now
//	resp, err := http.Get(url)
//
// RIGHT:
//
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Go(func() { download(u) })
//	}
//	wg.Wait()
//	fmt.Println("all done")
//
//	<-s.ready // a channel the other goroutine closes
//
//	ln, err := net.Listen("tcp", srv.Addr) // listen first, then serve
//	if err != nil {
//		return err
//	}
//	go srv.Serve(ln)
//	resp, err := http.Get(url)
package sleepwait
