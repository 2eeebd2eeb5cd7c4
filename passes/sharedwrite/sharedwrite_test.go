package sharedwrite_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/sharedwrite"
)

// The other access and the goroutine start are in Related.
func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "a")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:48":  {"48", "46"},
		"a/a.go:96":  {"94", "92"},
		"a/a.go:626": {"627", "626"},
		"a/a.go:627": {"626", "626"},
	})
}

func TestTypeParams(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "typeparams")
}

func TestGuard(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "guard")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "crosspkg/use", "crosspkg/plain")
}

// Code annotated for gVisor's checklocks: the annotated guards and
// function contracts are checked, the annotation shown in Related.
func TestChecklocks(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sharedwrite.Analyzer, "checklocks", "checklocks/use")
	relatedtest.Check(t, results, map[string][]string{
		"checklocks/checklocks.go:30": {"11"},
		"checklocks/checklocks.go:59": {"46"},
	})
}
