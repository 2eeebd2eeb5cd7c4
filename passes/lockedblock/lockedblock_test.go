package lockedblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/lockedblock"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockedblock.Analyzer, "a", "closures", "typeparams")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockedblock.Analyzer, "crosspkg/b")
}
