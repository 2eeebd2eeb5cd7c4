package sleepwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/sleepwait"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "a")
}

func TestProgram(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "seedmain")
}

func TestTypeParams(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "typeparams")
}

// TestCrossPackage: what helpers of another package do (wait, or not) is
// known through the goroutines engine's facts.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "crosspkg")
}
