// want package:`edges\(\(\*crosspkg/store.Store\).mu -> \(\*crosspkg/wal.Log\).mu\)`

// Package store makes the edge store.mu -> wal.mu, through a call into
// package wal. Alone it is fine: the cycle closes in package repl.
package store

import (
	"sync"

	"crosspkg/wal"
)

type Store struct {
	mu   sync.Mutex
	data map[string]string
	Log  *wal.Log
}

func (s *Store) Set(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[k] = v
	s.Log.Append([]byte(k))
}

func (s *Store) Get(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[k]
}
