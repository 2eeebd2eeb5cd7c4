// Package unjoined defines an Analyzer that reports goroutines whose work
// matters but that nothing can wait for.
//
// # Analyzer unjoined
//
// unjoined: report goroutines whose result is used but never awaited
//
// A goroutine started with go runs on its own: the function that starts
// it goes on, may return, and the program may exit, while the goroutine
// is still working. When the starter (or its caller) then uses what the
// goroutine computes, it reads a half-done result; when main or a test
// returns, the goroutine is killed or logs into a finished test.
//
// WRONG:
//
//	func sum(xs []int) int {
//		total := 0
//		go func() {
//			for _, x := range xs {
//				total += x
//			}
//		}()
//		return total // may be 0: nothing waits for the goroutine
//	}
//
// RIGHT:
//
//	func sum(xs []int) int {
//		total := 0
//		var wg sync.WaitGroup
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			for _, x := range xs {
//				total += x
//			}
//		}()
//		wg.Wait()
//		return total
//	}
//
// The report is at the go statement. Its work "matters", and the
// goroutine is reported, when it can still run after the starter returns
// (no WaitGroup.Wait, errgroup Wait or channel receive joins it on some
// path to a return) and one of these holds:
//
//   - it writes a variable or field that the starter reads after starting
//     it (category "unwaitedwrite");
//   - it writes into the value the starter returns (category
//     "unwaitedresult");
//   - the starter is main.main and the goroutine prints or writes a
//     package-level variable: main returning ends the program (category
//     "mainexit");
//   - the starter is a test, benchmark or fuzz function (or a t.Run
//     closure) and the goroutine calls methods of the testing.T: logging
//     or failing after the test has returned panics or is lost (category
//     "testexit").
//
// Silent, because these goroutines are meant to run on or can be waited
// for: a goroutine that sends on or closes any channel, calls
// WaitGroup.Done or Cond.Signal/Broadcast, or stores a flag with
// sync/atomic (completion can be awaited, even if not by its starter);
// one that receives from a channel or a context's Done (a background
// worker with a stop signal); one started by WaitGroup.Go or errgroup;
// one started inside synctest.Test or synctest.Run (they wait for every
// goroutine of the bubble), or joined by synctest.Wait; the
// per-connection goroutines of a server (started in a loop that accepts
// connections); and goroutines whose body is not in the package
// (go srv.Serve(l)), whose work is unknown. Also silent: a write and a
// read under one lock (the starter reads whatever state the goroutine
// reached, by design); a result whose type has a method that waits (a
// future); a test goroutine that talks with the test through a pipe or
// connection (Read, Write, Accept, Close on an io.Reader, io.Writer or
// io.Closer), whose other end the test uses. Library code that starts a
// goroutine and returns is fine as long as it does not itself read what
// the goroutine writes.
//
// One mistake, one finding: when a time.Sleep of the starter stands in for
// the join (sleepwait's "join" form, or a poll of what the goroutine
// writes), sleepwait reports it and unjoined is silent on that goroutine;
// the race between the goroutine's write and the starter's read is this
// check's finding, not sharedwrite's as well.
package unjoined
