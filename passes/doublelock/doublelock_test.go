package doublelock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/doublelock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "a", "closures", "typeparams")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "crosspkg/b")
}
