package chanlen_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/chanlen"
)

func Test(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), chanlen.Analyzer, "a")
}

func TestTypeParams(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), chanlen.Analyzer, "typeparams")
}
