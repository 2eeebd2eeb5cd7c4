// Package passes is the registry of syncvet's analyzers: the command, the
// golangci-lint plugin, the documentation and the tests all read All.
package passes

import (
	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/passes/chanlen"
	"github.com/syncvet/syncvet/passes/condloop"
	"github.com/syncvet/syncvet/passes/doublelock"
	"github.com/syncvet/syncvet/passes/goroutineleak"
	"github.com/syncvet/syncvet/passes/lockedblock"
	"github.com/syncvet/syncvet/passes/lockorder"
	"github.com/syncvet/syncvet/passes/missingunlock"
	"github.com/syncvet/syncvet/passes/sharedwrite"
	"github.com/syncvet/syncvet/passes/sleepwait"
	"github.com/syncvet/syncvet/passes/unjoined"
)

// All returns syncvet's analyzers, one per concurrency mistake, in the
// order of shared/ANTIPATTERNS.md. Each call returns a new slice; the
// analyzers themselves are shared.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		sharedwrite.Analyzer,
		lockorder.Analyzer,
		missingunlock.Analyzer,
		doublelock.Analyzer,
		sleepwait.Analyzer,
		chanlen.Analyzer,
		condloop.Analyzer,
		unjoined.Analyzer,
		lockedblock.Analyzer,
		goroutineleak.Analyzer,
	}
}
