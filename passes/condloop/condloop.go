package condloop

import (
	_ "embed"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/syncop"
)

//go:embed doc.go
var doc string

// Analyzer reports sync.Cond.Wait calls not inside a for loop.
var Analyzer = &analysis.Analyzer{
	Name:     "condloop",
	Doc:      analysisutil.MustExtractDoc(doc, "condloop"),
	URL:      analysisutil.URL("condloop"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// The mistake is a matter of shape (is the Wait lexically inside a loop of
// the same function?), so the pass works on the AST: SSA would lose the
// distinction between an if and a for whose body runs once.

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		if syncop.CallKind(pass.TypesInfo, call) != syncop.CondWait {
			return true
		}
		check(pass, call, stack)
		return true
	})
	return nil, nil
}

// check reports call, a Cond.Wait, unless a for statement of the same
// function encloses it.
func check(pass *analysis.Pass, call *ast.CallExpr, stack []ast.Node) {
	var guard *ast.IfStmt // the innermost if whose body holds the Wait
	for i := len(stack) - 2; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.ForStmt:
			return // re-checked every round
		case *ast.FuncLit, *ast.FuncDecl:
			i = -1 // the loop of a caller does not count here
		case *ast.IfStmt:
			if guard == nil && i+1 < len(stack) && stack[i+1] == s.Body {
				guard = s
			}
		}
	}
	recv := "c"
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		recv = analysisutil.Render(pass.Fset, sel.X)
	}
	if guard == nil {
		// Tests of the Cond mechanism itself (std's sync, synctest and
		// pprof tests are all of this kind) deliberately Wait once in a
		// lock-step handshake whose Signal cannot come first; a bare Wait
		// in a test file is taken as such a handshake.
		if strings.HasSuffix(pass.Fset.File(call.Pos()).Name(), "_test.go") {
			return
		}
		pass.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			End:      call.End(),
			Category: "noloop",
			Message:  recv + ".Wait is not inside a for loop re-checking the condition; use for !condition { " + recv + ".Wait() }",
		})
		return
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: "ifwait",
		Message:  recv + ".Wait is guarded by an if, not a for loop; use for instead of if",
		Related: []analysis.RelatedInformation{{
			Pos: guard.Pos(), End: guard.Cond.End(),
			Message: "condition checked only once here",
		}},
	}
	if fixable(guard) {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message: "Replace if with for",
			TextEdits: []analysis.TextEdit{{
				Pos: guard.If, End: guard.If + token.Pos(len("if")), NewText: []byte("for"),
			}},
		}}
	}
	pass.Report(d)
}

// fixable reports whether turning the if statement into a for loop keeps
// the meaning of everything but the re-check: no else branch, no init
// statement, and no break, continue or goto in the body, whose target the
// new loop would change.
func fixable(s *ast.IfStmt) bool {
	if s.Else != nil || s.Init != nil {
		return false
	}
	ok := true
	ast.Inspect(s.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok != token.FALLTHROUGH {
				ok = false
			}
		case *ast.ReturnStmt:
			// A return inside the loop is still a return.
		}
		return ok
	})
	return ok
}
