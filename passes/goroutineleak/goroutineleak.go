package goroutineleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
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
	goroutines.LeakExtraSend: "extrasend",
	goroutines.LeakSelect:    "select",
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[goroutines.Analyzer].(*goroutines.Result)
	reported := map[ssa.Instruction]bool{}
	for _, s := range append(append([]*goroutines.Spawn(nil), r.Spawns...), r.Lifted()...) {
		for _, l := range r.Leaks(s) {
			if !reported[l.Op] {
				report(pass, s, l)
				reported[l.Op] = true
			}
		}
	}
	for _, st := range r.Stuck() {
		if !reported[st.Op] {
			reportStuck(pass, st)
		}
	}
	return nil, nil
}

var stuckCategories = map[goroutines.StuckForm]string{
	goroutines.StuckRecv:      "norecvpartner",
	goroutines.StuckSend:      "nosendpartner",
	goroutines.StuckSelect:    "deadselect",
	goroutines.StuckNilRecv:   "nilchan",
	goroutines.StuckNilSend:   "nilchan",
	goroutines.StuckWaitGroup: "nodone",
	goroutines.StuckSkipDone:  "skipsdone",
	goroutines.StuckCond:      "nosignal",
	goroutines.StuckWaitFirst: "waitfirst",
}

// reportStuck words an operation that nothing can complete.
func reportStuck(pass *analysis.Pass, st goroutines.Stuck) {
	name := opName(pass, st)
	var related []analysis.RelatedInformation
	if st.Obj != nil && st.Obj.Pos().IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: st.Obj.Pos(), Message: name + " made here"})
	}
	var msg string
	switch st.Form {
	case goroutines.StuckRecv:
		msg = fmt.Sprintf("receive from %s blocks forever: nothing sends on it or closes it; send on or close it", name)
	case goroutines.StuckSend:
		msg = fmt.Sprintf("send on unbuffered %s blocks forever: nothing receives from it; receive it or remove the send", name)
	case goroutines.StuckSelect:
		msg = "select blocks forever: none of its cases can ever proceed; add one that can"
		related = nil
	case goroutines.StuckNilRecv:
		msg = "receive from a nil channel blocks forever; make the channel before the goroutine uses it"
	case goroutines.StuckNilSend:
		msg = "send on a nil channel blocks forever; make the channel before the goroutine uses it"
	case goroutines.StuckWaitGroup:
		msg = fmt.Sprintf("%s.Wait blocks forever: nothing calls %s.Done after %s.Add; call Done once per Add", name, name, name)
	case goroutines.StuckSkipDone:
		msg = fmt.Sprintf("%s.Wait can block forever: a goroutine returns without %s.Done; defer %s.Done() at its start", name, name, name)
		related = []analysis.RelatedInformation{{Pos: st.Start.Pos(), Message: "goroutine started here"}}
		if st.Exit.Pos().IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: st.Exit.Pos(), Message: "returns here without calling " + name + ".Done"})
		} else if syn := st.Exit.Parent().Syntax(); syn != nil {
			related = append(related, analysis.RelatedInformation{Pos: syn.End() - 1, Message: "ends here without calling " + name + ".Done"})
		}
	case goroutines.StuckWaitFirst:
		wg := "Wait"
		if call := callAt(pass, st.Exit.Pos()); call != nil {
			wg = types.ExprString(call.Fun)
		}
		msg = fmt.Sprintf("send on unbuffered %s deadlocks: it is received only after %s, which waits for this send; receive before waiting", name, wg)
		related = []analysis.RelatedInformation{
			{Pos: st.Start.Pos(), Message: "goroutine started here"},
			{Pos: st.Exit.Pos(), Message: wg + " waits here, before any receive from " + name},
		}
	case goroutines.StuckCond:
		msg = fmt.Sprintf("%s.Wait blocks forever: nothing calls %s.Signal or %s.Broadcast; signal after changing the condition", name, name, name)
	}
	pos := st.Op.Pos()
	if !pos.IsValid() {
		if syn := st.Op.Parent().Syntax(); syn != nil {
			pos = syn.Pos()
		}
	}
	pass.Report(analysis.Diagnostic{Pos: pos, Category: stuckCategories[st.Form], Message: msg, Related: related})
}

func report(pass *analysis.Pass, s *goroutines.Spawn, l goroutines.Leak) {
	pos := l.Op.Pos()
	if !pos.IsValid() {
		pos = s.Pos()
	}
	ch := chanName(pass, l)
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
	case goroutines.LeakExtraSend:
		buf := ""
		if l.Buffer > 0 {
			buf = fmt.Sprintf(" (buffer %d)", l.Buffer)
		}
		msg = fmt.Sprintf("send on %s blocks forever: the goroutine can send %d values, %s receives %d%s; return after sending", ch, l.Sends, starter, l.Recvs, buf)
		related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: fmt.Sprintf("%s returns here after %d receives from %s", starter, l.Recvs, ch)})
	case goroutines.LeakSelect:
		names := chanNames(pass, l.Chans)
		switch {
		case len(l.Closers) > 0:
			// The starter closes through a function of the package: a
			// Stop method.
			stop := l.Closers[0].Name()
			msg = fmt.Sprintf("select blocks forever if %s returns without calling %s; call %s on every path, e.g. with defer", starter, stop, stop)
			related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without calling " + stop})
		case l.Never:
			msg = fmt.Sprintf("select blocks forever, since %s never closes or sends on %s; close it when done, e.g. with defer", starter, names)
			related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without closing " + names})
		default:
			msg = fmt.Sprintf("select blocks forever if %s returns without closing %s; close it on every path, e.g. with defer", starter, names)
			related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without closing " + names})
		}
	case goroutines.LeakRange:
		msg = fmt.Sprintf("range over %s never ends if %s returns without closing it; close it when done, e.g. defer close(%s)", ch, starter, ch)
		related = append(related, analysis.RelatedInformation{Pos: exitPos(l.Exit, s), Message: starter + " returns here without closing " + ch})
	}
	pass.Report(analysis.Diagnostic{
		Pos: pos, Category: categories[l.Form], Message: msg, Related: related, SuggestedFixes: fixes,
	})
}

// opName names what a stuck operation works on as the operation spells
// it (the channel, WaitGroup or Cond), or by the variable it was made in.
func opName(pass *analysis.Pass, st goroutines.Stuck) string {
	if _, isCall := st.Op.(*ssa.Call); isCall {
		// x.Wait(): the receiver as the source spells it.
		if call := callAt(pass, st.Op.Pos()); call != nil {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				return types.ExprString(sel.X)
			}
		}
	}
	if n := chanExprAt(pass, st.Op.Pos()); n != "" {
		return n
	}
	var v ssa.Value
	switch op := st.Op.(type) {
	case *ssa.Send:
		v = op.Chan
	case *ssa.UnOp:
		v = op.X
	default:
		v = syncop.Instr(op).Operand
	}
	for _, c := range []ssa.Value{v, st.Obj} {
		if c == nil {
			continue
		}
		if n := ssaval.VarName(c); n != "" {
			return n
		}
		if u, ok := c.(*ssa.UnOp); ok && u.Op == token.MUL {
			if n := ssaval.VarName(u.X); n != "" {
				return n
			}
		}
	}
	if st.Obj != nil {
		if n := madeAs(pass, st.Obj.Pos()); n != "" {
			return n
		}
	}
	if st.Obj == nil || syncop.IsChan(st.Obj.Type()) {
		return "the channel"
	}
	return "the " + ssaval.TypeName(ssaval.Elem(st.Obj.Type()))
}

// chanName names the channel as the goroutine's operation spells it.
func chanName(pass *analysis.Pass, l goroutines.Leak) string {
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
	if n := chanExprAt(pass, l.Op.Pos()); n != "" {
		return n // a field: w.ch
	}
	return "the channel"
}

// chanNames names the channels made at mcs by the variables they are
// assigned to: "done", "done or quit".
func chanNames(pass *analysis.Pass, mcs []*ssa.MakeChan) string {
	var names []string
	for _, mc := range mcs {
		n := madeAs(pass, mc.Pos())
		if n == "" {
			n = "its channel"
		}
		names = append(names, n)
	}
	return strings.Join(names, " or ")
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
	call := callAt(pass, mc.Pos())
	if call == nil || len(call.Args) != 1 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "Give " + name + " a buffer of 1",
		TextEdits: []analysis.TextEdit{{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", 1")}},
	}}
}

// chanExprAt returns the channel operand, as the source spells it, of
// the send statement or receive expression whose arrow is at pos; "" if
// there is none, or it is not a plain name or selector.
func chanExprAt(pass *analysis.Pass, pos token.Pos) string {
	for _, n := range analysisutil.PathAt(pass.Files, pos) {
		var x ast.Expr
		switch n := n.(type) {
		case *ast.SendStmt:
			if n.Arrow == pos {
				x = n.Chan
			}
		case *ast.UnaryExpr:
			if n.OpPos == pos && n.Op == token.ARROW {
				x = n.X
			}
		}
		switch ast.Unparen(x).(type) {
		case *ast.Ident, *ast.SelectorExpr:
			return types.ExprString(ast.Unparen(x))
		}
	}
	return ""
}

// madeAs returns the variable that the value made by the call at pos
// (make, new, sync.NewCond) is assigned to, or "".
func madeAs(pass *analysis.Pass, pos token.Pos) string {
	path := analysisutil.PathAt(pass.Files, pos)
	for i, n := range path {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Lparen != pos || i+1 >= len(path) {
			continue
		}
		kv, ok := path[i+1].(*ast.KeyValueExpr)
		if !ok || kv.Value != call {
			return assignedTo(path[i+1:], call)
		}
		// A field of a composite literal: w := T{done: make(...)} or
		// &T{...} make w.done.
		key, ok := kv.Key.(*ast.Ident)
		if !ok || i+2 >= len(path) {
			return ""
		}
		lit, ok := path[i+2].(ast.Expr)
		if !ok {
			return key.Name
		}
		rest := path[i+3:]
		if len(rest) > 0 {
			if u, ok := rest[0].(*ast.UnaryExpr); ok && u.Op == token.AND {
				lit, rest = u, rest[1:]
			}
		}
		if v := assignedTo(rest, lit); v != "" {
			return v + "." + key.Name
		}
		return key.Name
	}
	return ""
}

// assignedTo returns the variable that x, an expression whose enclosing
// nodes are path (innermost first), is assigned to, or "".
func assignedTo(path []ast.Node, x ast.Expr) string {
	if len(path) == 0 {
		return ""
	}
	{
		var lhs, rhs []ast.Expr
		switch a := path[0].(type) {
		case *ast.AssignStmt:
			lhs, rhs = a.Lhs, a.Rhs
		case *ast.ValueSpec:
			for _, id := range a.Names {
				lhs = append(lhs, id)
			}
			rhs = a.Values
		}
		if len(lhs) == len(rhs) {
			for j, r := range rhs {
				if r == x {
					return types.ExprString(lhs[j])
				}
			}
		}
		return ""
	}
}

// callAt returns the call whose opening parenthesis is at pos.
func callAt(pass *analysis.Pass, pos token.Pos) *ast.CallExpr {
	for _, n := range analysisutil.PathAt(pass.Files, pos) {
		if c, ok := n.(*ast.CallExpr); ok && c.Lparen == pos {
			return c
		}
	}
	return nil
}
