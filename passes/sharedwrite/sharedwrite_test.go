package sharedwrite_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/sharedwrite"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "a")
}

func TestTypeParams(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "typeparams")
}

func TestGuard(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "guard")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "crosspkg/use")
}
