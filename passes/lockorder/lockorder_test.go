package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/lockorder"
)

// The outer acquisition, and the inner ones of the cycle's other edges
// made in the package, are in Related.

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "a", "locker")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:14":       {"13", "21"},
		"a/helpers.go:50": {"49", "57", "64"},
		// At the order the package breaks once (against twice), with the
		// line in the callee where the inner lock is taken.
		"a/usual.go:40": {"39", "34", "21"},
	})
}

// TestCrossPackage proves that an edge made in one package (store) and
// its reverse made in another (repl) are reported where the cycle closes.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "crosspkg/wal", "crosspkg/store", "crosspkg/repl")
}
