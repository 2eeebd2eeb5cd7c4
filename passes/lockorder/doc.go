// Package lockorder defines an Analyzer that reports locks acquired in
// inconsistent orders, a potential deadlock.
//
// # Analyzer lockorder
//
// lockorder: report locks acquired in inconsistent orders
//
// When one goroutine holds lock A and waits for lock B while another holds
// B and waits for A, both wait forever. lockorder builds the lock-order
// graph of the program: an edge A→B whenever B is acquired (directly, or
// inside a callee at any depth, in any package) while A is held. Edges
// travel to importing packages as facts; a cycle is reported once, in the
// package where it closes, at the inner acquisition of one of its edges,
// with the other edges named in the message and the outer acquisition in
// Related. Locks are named by class: the package-level variable
// (pkg.mu) or the type and field that hold the lock ((*pkg.Cache).mu).
// Read acquisitions count: an RLock waits behind a queued writer.
//
// WRONG:
//
//	func (s *Store) Set(k, v string) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		s.log.Append(k) // takes log.mu: s.mu then log.mu
//	}
//
//	func (l *Log) Compact(s *Store) {
//		l.mu.Lock()
//		defer l.mu.Unlock()
//		s.Reset() // takes s.mu: log.mu then s.mu
//	}
//
// RIGHT: one global order (here: never call into the store holding the
// log's lock), or one lock.
//
// Two instances of one class nested in one function (from.mu then to.mu,
// both parameters of the same type) are reported as the account-transfer
// deadlock, since a concurrent call with the arguments swapped takes them
// in the opposite order; a function that orders them at run time (by ID
// or address) takes both orders in its branches, and stays silent.
// TryLock acquisitions never wait and make no edge, nor do acquisitions
// from which every path ends in a panic (code that reports a misuse, such
// as net/http's "invalid concurrent Body.Read call"), nor locks of an
// object the function has just allocated and not yet handed to anyone (no
// other goroutine can hold them). Edges follow calls through interfaces
// (the package's types converted to an interface it declares), functions
// stored in fields and function values handed to a helper that calls them
// under its lock; a callee that drops its caller's lock makes no edge from
// it while it is dropped, and takes it back while the caller's other locks
// are held. The cycles that break at one acquisition are one finding, with
// the shortest of them.
package lockorder
