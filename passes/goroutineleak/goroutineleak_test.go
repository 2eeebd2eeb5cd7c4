package goroutineleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/goroutineleak"
)

func Test(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), goroutineleak.Analyzer, "a")
}

// TestCrossPackage: what functions of another package do with the
// channels and WaitGroups they are given is known through facts.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer, "crosspkg")
}
