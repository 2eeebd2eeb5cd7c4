// want package:`edges\(\(\*crosspkg/wal.Log\).mu -> \(\*crosspkg/store.Store\).mu\)`

// Package repl makes the reverse edge wal.mu -> store.mu, closing the
// cycle with the edge package store made.
package repl

import (
	"crosspkg/store"
	"crosspkg/wal"
)

func ReplicateWrong(l *wal.Log, s *store.Store) string {
	l.Freeze()
	defer l.Thaw()
	return s.Get("k") // want `\(\*wal.Log\).mu then \(\*store.Store\).mu here, but the reverse in \(\*store.Store\).Set`
}

// The fix: read the store first, then freeze the log.
func ReplicateRight(l *wal.Log, s *store.Store) string {
	v := s.Get("k")
	l.Freeze()
	defer l.Thaw()
	return v
}
