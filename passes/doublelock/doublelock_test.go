package doublelock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/doublelock"
)

// The first acquisition, and the callee's, are in Related.

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "a", "closures", "typeparams")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:14":               {"13"},
		"a/a.go:44":               {"41", "31"},
		"a/a.go:82":               {"80"},
		"closures/closures.go:19": {},
		"closures/closures.go:36": {"33"},
	})
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "crosspkg/b")
}

// checklocks annotations: acquire, release and caller-holds contracts are
// taken as given; the callers are judged.
func TestChecklocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), doublelock.Analyzer, "checklocks")
}
