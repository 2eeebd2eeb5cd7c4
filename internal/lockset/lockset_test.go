package lockset_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/lockset"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "basic", "sem")
}

// imprecise reports the functions where the engine hit a bound.
var imprecise = &analysis.Analyzer{
	Name:     "imprecise",
	Doc:      "report functions the lockset engine gave up on",
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, f := range res.Funcs {
			if f.Imprecise {
				pass.Reportf(f.Fn.Pos(), "%s: imprecise", f.Fn.Name())
			}
		}
		return nil, nil
	},
}

// TestBounds checks that a function with more paths than the caps allow
// finishes, is marked imprecise, and keeps its acquisitions but no net
// effect in its summary.
func TestBounds(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), imprecise, "bounds")
}
