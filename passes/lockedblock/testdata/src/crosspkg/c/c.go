// Package c has no lock, channel, sleep or I/O of its own: a call of it
// blocks only through package a, which its summary carries on.
package c

import "crosspkg/a"

// Store saves p through a.
func Store(p []byte) error { return a.Save(p) }

// Double computes without blocking.
func Double(n int) int { return a.Pure(n) }
