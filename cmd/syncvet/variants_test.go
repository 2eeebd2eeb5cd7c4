package main

import (
	"go/ast"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/syncvet/syncvet/internal/ignore"
)

// testOnly reports calls to bad, but only in a package that has test
// files: its finding in a.go exists in the test variant of the package
// alone, as findings that depend on the whole package can.
var testOnly = &analysis.Analyzer{
	Name: "testonly",
	Doc:  "report calls to bad in packages with tests",
	Run: func(pass *analysis.Pass) (any, error) {
		hasTests := false
		for _, f := range pass.Files {
			hasTests = hasTests || strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
		}
		if !hasTests {
			return nil, nil
		}
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

// TestIgnoreAcrossVariants checks that a directive used in the test
// variant of a package is not reported as unused by the plain package.
func TestIgnoreAcrossVariants(t *testing.T) {
	newModule(t, map[string]string{
		"sub/a.go":      "package sub\n\nfunc bad() {}\n\nfunc F() {\n\t//syncvet:ignore testonly bad is fine here\n\tbad()\n}\n",
		"sub/a_test.go": "package sub\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
	})
	filtered := ignore.Filter(testOnly)
	check := ignore.Checker([]*analysis.Analyzer{filtered}, func(name string) bool { return name == "testonly" })
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Tests: true}, "./sub")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{filtered, check}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	unused := func() (n int) {
		for _, f := range collect(graph) {
			if f.analyzer == check {
				n++
			}
			if f.analyzer == filtered {
				t.Errorf("the directive did not silence: %s", f.diag.Message)
			}
		}
		return n
	}
	if n := unused(); n != 1 {
		t.Fatalf("before dropUsedElsewhere: %d unused reports, want 1 (from package sub without its tests)", n)
	}
	dropUsedElsewhere(graph)
	if n := unused(); n != 0 {
		t.Errorf("after dropUsedElsewhere: %d unused reports, want 0", n)
	}
}
