package ignore_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/ignore"
)

// testcheck reports every call to a function named bad.
var testcheck = &analysis.Analyzer{
	Name: "testcheck",
	Doc:  "report calls to bad",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "bad" {
						pass.Reportf(call.Pos(), "call to bad")
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

var known = []string{"testcheck", "othercheck"}

// TestFilter checks that the filtered analyzer drops exactly the findings
// that a well-formed directive naming it silences.
func TestFilter(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ignore.Filter(testcheck), "filter")
}

// TestChecker checks the reports about the directives themselves.
func TestChecker(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ignore.Checker([]*analysis.Analyzer{ignore.Filter(testcheck)}, known), "directives")
}

// TestSkipIf checks that a skipped analyzer reports nothing and that its
// directives are then not called unused.
func TestSkipIf(t *testing.T) {
	skipped := ignore.Filter(testcheck, ignore.SkipIf(func() bool { return true }))
	results := analysistest.Run(t, analysistest.TestData(), skipped, "skipped")
	for _, r := range results {
		if u := r.Result.(*ignore.Usage); u.Ran {
			t.Errorf("skipped analyzer says it ran")
		}
	}
	analysistest.Run(t, analysistest.TestData(), ignore.Checker([]*analysis.Analyzer{skipped}, known), "skipped")
}
