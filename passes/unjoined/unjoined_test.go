package unjoined_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/unjoined"
)

// The goroutine's write and the starter's read are in Related.

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "a")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:13":  {"15", "18"},
		"a/a.go:91":  {"85", "92"},
		"a/a.go:115": {"111", "116"},
		"a/a.go:186": {"186", "187"},
	})
}

func TestMainPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "mainpkg", "mainok", "mainserver")
}

func TestTypeParams(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "typeparams")
	relatedtest.Check(t, results, map[string][]string{"typeparams/typeparams.go:13": {"9", "14"}})
}

func TestCrossPackage(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), unjoined.Analyzer, "crosspkg/use")
	relatedtest.Check(t, results, map[string][]string{"crosspkg/use/use.go:7": {"7", "8"}})
}
