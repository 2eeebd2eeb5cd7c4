// Package wal is a write-ahead log with a lock of its own.
package wal

import "sync"

type Log struct {
	mu  sync.Mutex
	buf []byte
}

// Append takes the log's lock.
func (l *Log) Append(b []byte) {
	l.mu.Lock()
	l.buf = append(l.buf, b...)
	l.mu.Unlock()
}

// Freeze returns with the log's lock held; Thaw releases it.
func (l *Log) Freeze() { l.mu.Lock() }

// Thaw releases the lock taken by Freeze.
func (l *Log) Thaw() { l.mu.Unlock() }
