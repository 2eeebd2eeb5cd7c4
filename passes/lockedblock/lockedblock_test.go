package lockedblock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/lockedblock"
)

// The Lock, and a callee's blocking operation, are in Related.

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockedblock.Analyzer, "a", "closures", "typeparams")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:28":                   {"26"},
		"a/a.go:140":                  {"138", "131"},
		"typeparams/typeparams.go:34": {"32", "28"},
	})
}

func TestCrossPackage(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), lockedblock.Analyzer, "crosspkg/b")
	relatedtest.Check(t, results, map[string][]string{
		"crosspkg/b/b.go:14": {"12", "crosspkg/a/a.go:9"},
		"crosspkg/b/b.go:33": {"31", "crosspkg/a/a.go:13"},
	})
}
