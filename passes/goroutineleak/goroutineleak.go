package goroutineleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/ssaval"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that can block forever on a channel their
// starter abandons.
var Analyzer = &analysis.Analyzer{
	Name:     "goroutineleak",
	Doc:      analysisutil.MustExtractDoc(doc, "goroutineleak"),
	URL:      analysisutil.URL("goroutineleak"),
	Requires: []*analysis.Analyzer{goroutines.Analyzer},
	Run:      run,
}

// Which goroutine can block forever, and on which path of its starter, is
// the goroutines engine's answer (Result.Leaks): the pass words it and
// offers the buffer that fixes a single abandoned send.

// Categories, one per form.
var categories = map[goroutines.LeakForm]string{
	goroutines.LeakSend:      "send",
	goroutines.LeakFirstWins: "firstwins",
	goroutines.LeakRecv:      "recv",
	goroutines.LeakRange:     "range",
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[goroutines.Analyzer].(*goroutines.Result)
	for _, s := range r.Spawns {
		for _, l := range r.Leaks(s) {
			report(pass, s, l)
		}
	}
	return nil, nil
}

func report(pass *analysis.Pass, s *goroutines.Spawn, l goroutines.Leak) {
	pos := l.Op.Pos()
	if !pos.IsValid() {
		pos = s.Pos()
	}
	ch := chanName(l)
	starter := funcName(s.Parent)
	related := []analysis.RelatedInformation{{Pos: s.Pos(), Message: "goroutine started here"}}
	var msg string
	var fixes []analysis.SuggestedFix
	switch l.Form {
	case goroutines.LeakSend:
		msg = fmt.Sprintf("send on unbuffered %s blocks forever if %s returns first; give %s a buffer of 1", ch, starter, ch)
		if l.Never {
			msg = fmt.Sprintf("send on unbuffered %s blocks forever, since %s never receives from it; receive it or give %s a buffer of 1", ch, starter, ch)
		}
		related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without receiving from " + ch})
		fixes = bufferFix(pass, l.Chan, ch)
	case goroutines.LeakFirstWins:
		msg = fmt.Sprintf("send on %s blocks forever in all but one goroutine, since %s receives once; buffer %s for every sender", ch, starter, ch)
		related = append(related, analysis.RelatedInformation{Pos: l.Other.Pos(), Message: "the only receive"})
	case goroutines.LeakRecv:
		msg = fmt.Sprintf("receive from %s blocks forever if %s returns without sending; send or close on every path", ch, starter)
		if l.Never {
			msg = fmt.Sprintf("receive from %s blocks forever, since %s never sends on or closes it; send on or close it", ch, starter)
		}
		related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without sending on " + ch})
	case goroutines.LeakRange:
		msg = fmt.Sprintf("range over %s never ends if %s returns without closing it; close it when done, e.g. defer close(%s)", ch, starter, ch)
		related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without closing " + ch})
	}
	pass.Report(analysis.Diagnostic{
		Pos: pos, Category: categories[l.Form], Message: msg, Related: related, SuggestedFixes: fixes,
	})
}

// chanName names the channel as the goroutine's operation spells it.
func chanName(l goroutines.Leak) string {
	var v ssa.Value
	switch op := l.Op.(type) {
	case *ssa.Send:
		v = op.Chan
	case *ssa.UnOp:
		v = op.X
	}
	if v != nil {
		if n := ssaval.VarName(v); n != "" {
			return n
		}
	}
	return "the channel"
}

// funcName names the starter: a function literal by the function that
// holds it.
func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}

// exitPos is the position of the starter's return: a return statement, or
// the closing brace of a function that ends without one.
func exitPos(exit ssa.Instruction, s *goroutines.Spawn) token.Pos {
	if exit != nil && exit.Pos().IsValid() {
		return exit.Pos()
	}
	if syn := s.Parent.Syntax(); syn != nil {
		return syn.End() - 1
	}
	return s.Pos()
}

// bufferFix gives the channel made at mc a buffer of one: make(chan T)
// becomes make(chan T, 1).
func bufferFix(pass *analysis.Pass, mc *ssa.MakeChan, name string) []analysis.SuggestedFix {
	call := makeCall(pass, mc.Pos())
	if call == nil || len(call.Args) != 1 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "Give " + name + " a buffer of 1",
		TextEdits: []analysis.TextEdit{{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", 1")}},
	}}
}

// makeCall returns the call make(...) whose opening parenthesis is at pos.
func makeCall(pass *analysis.Pass, pos token.Pos) *ast.CallExpr {
	for _, f := range pass.Files {
		if f.FileStart > pos || pos >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for _, n := range path {
			if c, ok := n.(*ast.CallExpr); ok && c.Lparen == pos {
				return c
			}
		}
	}
	return nil
}
