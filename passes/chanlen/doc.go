// Package chanlen defines an Analyzer that reports decisions on len(ch)
// that guard a receive from or a send on the same channel.
//
// # Analyzer chanlen
//
// chanlen: report len(ch) checks guarding a receive or send on ch
//
// The length of a channel is stale as soon as it is read: between the
// check and the operation, another goroutine may receive the last value
// or fill the last free slot, and the operation the check was meant to
// make safe blocks, possibly forever. This is the Go form of Python's
// "while not q.empty(): item = q.get()". A check of len(ch) in the
// condition of an if, for or switch is reported, at the len(ch) call,
// when a branch it guards receives from or sends on the same channel
// (the same variable, package-level variable or field path, not merely
// the same spelling); so is an early exit on len(ch) followed by the
// operation.
//
// len(ch) used for metrics, logging, capacity reports or test assertions,
// and a check whose branches do not touch that channel, are not reported.
// Neither is a receive or send inside a select with a default case (the
// non-blocking try the check should have been) or with a case on another
// channel, a stop or a timeout, that bounds the wait. After an early exit
// on len(ch), only operations outside loops are taken as guarded: a batch
// sent in a loop does not assume the check still holds.
//
// WRONG:
//
//	for len(jobs) > 0 {
//		j := <-jobs // blocks if another worker took the last job
//		run(j)
//	}
//
//	if len(results) < cap(results) {
//		results <- r // blocks if another sender filled the buffer
//	}
//
// RIGHT:
//
//	close(jobs) // by the sender, once done
//	for j := range jobs {
//		run(j)
//	}
//
//	select {
//	case results <- r:
//	default: // full: drop, count, or block elsewhere
//	}
//
// When an if statement's only job is the check before a receive or a send,
// the suggested fix turns it into a select with a default case.
package chanlen
