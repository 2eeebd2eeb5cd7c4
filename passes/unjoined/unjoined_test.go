package unjoined_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/passes/unjoined"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "a")
}

func TestMainPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "mainpkg", "mainok", "mainserver")
}

func TestTypeParams(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "typeparams")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "crosspkg/use")
}
