package lockorder_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/lockorder"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "a", "locker")
}

// TestCrossPackage proves that an edge made in one package (store) and
// its reverse made in another (repl) are reported where the cycle closes.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockorder.Analyzer, "crosspkg/wal", "crosspkg/store", "crosspkg/repl")
}
