// Package goroutineleak defines an Analyzer that reports goroutines that
// can block forever on a channel because the only other party to it, the
// function that started them, can return first.
//
// # Analyzer goroutineleak
//
// goroutineleak: report goroutines blocked forever on a channel or Wait
//
// A goroutine blocked on a channel that nobody will ever use again is
// never collected: its stack and everything it references stay in memory
// for the life of the process, and a server that leaks one per request
// runs out of memory. The usual cause is a function that starts a
// goroutine to compute something, then stops listening: it returns on a
// timeout, a cancellation or an error, or takes the first of several
// answers, and the goroutine's send waits forever. Reported, at the
// goroutine's blocking operation, with the go statement and the
// starter's return that abandons it in Related:
//
//   - a send on an unbuffered channel that the starter receives on some
//     paths but may return without receiving (a select on a timeout or
//     ctx.Done(), an early return on an error), also one of sends on
//     paths that exclude each other, or followed by the goroutine's own
//     close (which completes no send); a suggested fix gives the channel
//     a buffer of one, so the send completes either way;
//   - a goroutine that can send more values on one of its paths than the
//     starter receives and the buffer holds (a missing return after
//     sending an error): the extra send blocks forever;
//   - sends of many goroutines started in a loop on an unbuffered channel
//     the starter receives from once (the first answer wins, the rest
//     block);
//   - a receive whose only sender, the starter, may return without sending
//     or closing;
//   - a range over a channel that the starter may return without closing;
//   - a select of the goroutine whose ways out (its cases, or those that
//     leave the loop around it) all receive from channels the starter
//     made, when the starter may return without closing or sending on
//     any of them: a worker loop whose done channel an error path leaves
//     open. Also when the goroutine is started by a method of a struct
//     holding the channels (Start) and its way out is another method
//     (Stop): a function that made the struct, called Start and may
//     return without Stop leaves the loop running forever.
//
// And operations that nothing can ever complete, on a channel, WaitGroup
// or Cond whose every use the analysis sees (through closures and the
// package's functions it is passed to):
//
//   - a receive from a channel nothing sends on or closes, a send on an
//     unbuffered channel nothing receives from, a select none of whose
//     cases can proceed, an operation on a nil channel outside select;
//   - WaitGroup.Wait after Add with no Done anywhere, or with a goroutine
//     that calls Done (not deferred) but can return without it (an error
//     path); Cond.Wait that nothing signals or broadcasts;
//   - a goroutine's send, before its Done, on an unbuffered channel whose
//     every receive comes after wg.Wait: the receiver waits for the
//     sender to finish, the sender for the receiver (results collected
//     after wg.Wait instead of in a goroutine that waits and closes).
//
// Only channels whose every use the analysis sees are judged: made by the
// starter (into a variable, or a field of a struct whose every use and
// copy it sees), used by it and by the goroutines of one go statement,
// and not stored, returned, passed to a call it cannot follow or captured
// by anything else. Silent: a buffer of at least the number of sends; a
// sender that selects on a done channel, a context or a timeout too, or
// has a default case; a channel closed with defer close(ch); a starter
// that receives every result; goroutines started by main.main (the
// program ends with it), and main.main's own receives (a program may
// block its main forever on purpose); `select {}`, in main or in a
// goroutine (a block forever written on purpose); a nil channel
// in a select with other cases (the idiom that disables a case);
// goroutines whose body is in another package (unknown, so never
// guessed). Paths of the starter that panic or end the
// program or test (os.Exit, log.Fatal, t.Fatal) do not count.
//
// WRONG:
//
//	func fetch(ctx context.Context) (string, error) {
//		ch := make(chan string)
//		go func() { ch <- slowCall() }() // blocks forever after a timeout
//		select {
//		case s := <-ch:
//			return s, nil
//		case <-ctx.Done():
//			return "", ctx.Err()
//		}
//	}
//
// RIGHT:
//
//	func fetch(ctx context.Context) (string, error) {
//		ch := make(chan string, 1) // the send completes even if nobody receives
//		go func() { ch <- slowCall() }()
//		select {
//		case s := <-ch:
//			return s, nil
//		case <-ctx.Done():
//			return "", ctx.Err()
//		}
//	}
package goroutineleak
