package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/missingunlock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "a", "closures", "typeparams")
}

func TestSemaphores(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "sem")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "crosspkg/b")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), missingunlock.Analyzer, "fix")
}
