// Package bundled names the concurrency checks of go vet and staticcheck
// that the syncvet command runs next to its own passes (the analyzers
// are in cmd/syncvet/bundled.go, whose test keeps the two in step).
// Code that does not run them, the golangci-lint plugin, needs their
// names to tell a //syncvet:ignore directive naming one, which is right
// for the command, from one naming no check at all.
package bundled

// Names returns the names of the bundled checks, in the command's order.
func Names() []string {
	return []string{
		"copylocks", "waitgroup", "atomic", "lostcancel", "testinggoroutine",
		"SA2000", "SA2001", "SA2002", "SA2003",
	}
}
