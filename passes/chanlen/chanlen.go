package chanlen

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/syncop"
)

//go:embed doc.go
var doc string

// Analyzer reports len(ch) checks that guard an operation on ch.
var Analyzer = &analysis.Analyzer{
	Name:     "chanlen",
	Doc:      analysisutil.MustExtractDoc(doc, "chanlen"),
	URL:      analysisutil.URL("chanlen"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// The mistake is a shape: a len(ch) in the condition of an if, for or
// switch, and a receive or send on the same channel in a branch that
// condition guards. The pass works on the AST, where conditions and their
// branches are explicit; SSA would turn the condition into blocks and
// scatter the receive across them. Channels are compared by what they
// refer to (variable objects and field paths from the type checker), not
// by their spelling.

// Categories, one per kind of report.
const (
	catDrain = "drain" // for len(ch) > 0 { <-ch }
	catRecv  = "recv"  // if len(ch) > 0 { <-ch }
	catSend  = "send"  // if len(ch) < cap(ch) { ch <- v }
)

type checker struct {
	pass *analysis.Pass
	ids  map[types.Object]int
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, ids: map[types.Object]int{}}
	filter := []ast.Node{(*ast.IfStmt)(nil), (*ast.ForStmt)(nil), (*ast.SwitchStmt)(nil)}
	insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch s := n.(type) {
		case *ast.IfStmt:
			c.ifStmt(s, stack)
		case *ast.ForStmt:
			if s.Cond != nil {
				c.check(c.lenCalls(s.Cond, nil), []guard{{n: s.Body}}, true, nil)
			}
		case *ast.SwitchStmt:
			c.switchStmt(s)
		}
		return true
	})
	return nil, nil
}

// A lenCall is a len(ch) call in a condition, with the channel's identity.
type lenCall struct {
	call *ast.CallExpr
	ch   ast.Expr
	key  string
}

// lenCalls returns the len(ch) calls that cond's value depends on
// directly: through parentheses, unary and binary operators, and the
// variables of aliases (a variable the if's init statement sets to
// len(ch)). Calls inside the arguments of other calls are not decisions
// on the length.
func (c *checker) lenCalls(cond ast.Expr, aliases map[types.Object]*ast.CallExpr) []lenCall {
	var out []lenCall
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		switch e := astutil.Unparen(e).(type) {
		case *ast.UnaryExpr:
			walk(e.X)
		case *ast.BinaryExpr:
			walk(e.X)
			walk(e.Y)
		case *ast.Ident:
			if call := aliases[c.pass.TypesInfo.Uses[e]]; call != nil {
				if lc, ok := c.lenCall(call); ok {
					out = append(out, lc)
				}
			}
		case *ast.CallExpr:
			if lc, ok := c.lenCall(e); ok {
				out = append(out, lc)
			}
		}
	}
	walk(cond)
	return out
}

func (c *checker) lenCall(call *ast.CallExpr) (lenCall, bool) {
	name, ch := syncop.ChanBuiltin(c.pass.TypesInfo, call)
	if name != "len" {
		return lenCall{}, false
	}
	key, ok := c.key(ch)
	return lenCall{call, ch, key}, ok
}

// ifStmt checks an if statement: its branches, and, when the body exits
// (return, break, continue, goto), the statements after it.
func (c *checker) ifStmt(s *ast.IfStmt, stack []ast.Node) {
	aliases := map[types.Object]*ast.CallExpr{}
	if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) {
		for i, l := range as.Lhs {
			if call, ok := astutil.Unparen(as.Rhs[i]).(*ast.CallExpr); ok {
				if id, ok := l.(*ast.Ident); ok && c.pass.TypesInfo.Defs[id] != nil {
					aliases[c.pass.TypesInfo.Defs[id]] = call
				}
			}
		}
	}
	lens := c.lenCalls(s.Cond, aliases)
	if len(lens) == 0 || c.assertion(s.Body) {
		return
	}
	guarded := []guard{{n: s.Body}}
	if s.Else != nil {
		guarded = append(guarded, guard{n: s.Else})
	} else if exits(s.Body) && len(stack) >= 2 {
		// if len(ch) == 0 { return }; v := <-ch
		if list := stmtList(stack[len(stack)-2]); list != nil {
			after := false
			for _, st := range list {
				if after {
					// Not in loops: a batch sent or received after
					// the check does not assume it still holds.
					guarded = append(guarded, guard{n: st, after: true})
				}
				if st == s {
					after = true
				}
			}
		}
	}
	c.check(lens, guarded, false, s)
}

// switchStmt checks a switch on len(ch), or one with len(ch) in a case:
// every clause from the first such case on is guarded by it.
func (c *checker) switchStmt(s *ast.SwitchStmt) {
	var lens []lenCall
	if s.Tag != nil {
		lens = c.lenCalls(s.Tag, nil)
	}
	var guarded []guard
	for _, cc := range s.Body.List {
		clause := cc.(*ast.CaseClause)
		if s.Tag == nil {
			for _, e := range clause.List {
				lens = append(lens, c.lenCalls(e, nil)...)
			}
		}
		if len(lens) > 0 && !c.assertion(&ast.BlockStmt{List: clause.Body}) {
			for _, st := range clause.Body {
				guarded = append(guarded, guard{n: st})
			}
		}
	}
	c.check(lens, guarded, false, nil)
}

// check reports each len call one of whose guarded nodes operates on the
// same channel. s is the if statement, for a suggested fix.
// A guard is a node whose operations a len(ch) check guards; after marks
// the statements that follow an if whose body exits.
type guard struct {
	n     ast.Node
	after bool
}

func (c *checker) check(lens []lenCall, guarded []guard, loop bool, s *ast.IfStmt) {
	for _, lc := range lens {
		var op ast.Node
		send := false
		for _, g := range guarded {
			if op, send = c.findOp(g.n, lc.key, g.after); op != nil {
				break
			}
		}
		if op == nil {
			continue
		}
		ch := analysisutil.Render(c.pass.Fset, lc.ch)
		var d analysis.Diagnostic
		switch {
		case send:
			d = analysis.Diagnostic{
				Category: catSend,
				Message: fmt.Sprintf("len(%s) checked before sending on %s, which another goroutine may fill first; use select with default",
					ch, ch),
				Related: []analysis.RelatedInformation{{Pos: op.Pos(), End: op.End(), Message: "send guarded by the check"}},
			}
		case loop:
			d = analysis.Diagnostic{
				Category: catDrain,
				Message: fmt.Sprintf("for loop on len(%s) may race with other receivers of %s; range over it after close, or use select with default",
					ch, ch),
				Related: []analysis.RelatedInformation{{Pos: op.Pos(), End: op.End(), Message: "receive guarded by the check"}},
			}
		default:
			d = analysis.Diagnostic{
				Category: catRecv,
				Message: fmt.Sprintf("len(%s) checked before receiving from %s, which another goroutine may empty first; use select with default",
					ch, ch),
				Related: []analysis.RelatedInformation{{Pos: op.Pos(), End: op.End(), Message: "receive guarded by the check"}},
			}
		}
		d.Pos, d.End = lc.call.Pos(), lc.call.End()
		if s != nil {
			d.SuggestedFixes = c.fix(s, lc, send)
		}
		c.pass.Report(d)
	}
}

// findOp returns the first receive from or send on the channel key inside
// n, and whether it is a send. Function literals run later, elsewhere:
// they are not looked into. A select with a default case makes its
// operations non-blocking tries: they are what the check should be; so
// does a case on another channel, which bounds the wait. With noLoops,
// operations inside loops are not looked at.
func (c *checker) findOp(n ast.Node, key string, noLoops bool) (op ast.Node, send bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if op != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt:
			if noLoops {
				return false
			}
		case *ast.SelectStmt:
			if c.alternatives(n, key) {
				for _, cc := range n.Body.List {
					for _, st := range cc.(*ast.CommClause).Body {
						if o, s := c.findOp(st, key, noLoops); o != nil && op == nil {
							op, send = o, s
						}
					}
				}
				return false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && c.same(n.X, key) {
				op = n
			}
		case *ast.SendStmt:
			if c.same(n.Chan, key) {
				op, send = n, true
			}
		case *ast.RangeStmt:
			if noLoops {
				return false
			}
			if c.same(n.X, key) {
				if tv, ok := c.pass.TypesInfo.Types[n.X]; ok && syncop.IsChan(tv.Type) {
					op = n
				}
			}
		}
		return op == nil
	})
	return op, send
}

// alternatives reports whether the operations of a select on the channel
// key need not block on it: the select has a default case (a non-blocking
// try), or a case on another channel (a stop, a timeout) that ends the
// wait.
func (c *checker) alternatives(s *ast.SelectStmt, key string) bool {
	for _, cc := range s.Body.List {
		comm := cc.(*ast.CommClause).Comm
		if comm == nil {
			return true // default
		}
		var ch ast.Expr
		switch comm := comm.(type) {
		case *ast.SendStmt:
			ch = comm.Chan
		case *ast.ExprStmt:
			ch, _ = syncop.IsRecv(comm.X)
		case *ast.AssignStmt:
			if len(comm.Rhs) == 1 {
				ch, _ = syncop.IsRecv(comm.Rhs[0])
			}
		}
		if ch == nil || !c.same(ch, key) {
			return true
		}
	}
	return false
}

func (c *checker) same(e ast.Expr, key string) bool {
	k, ok := c.key(e)
	return ok && k == key
}

// key names what a channel expression refers to: a variable (local or
// package-level), a field path from one (embedded fields made explicit,
// x.f and (*x).f alike), or an element at a constant or variable index.
// It fails for anything else (calls, map lookups with computed keys).
func (c *checker) key(e ast.Expr) (string, bool) {
	info := c.pass.TypesInfo
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return c.id(v), true
		}
	case *ast.StarExpr:
		return c.key(e.X)
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil {
			if v, ok := info.Uses[e.Sel].(*types.Var); ok {
				return c.id(v), true // pkg.Var
			}
			return "", false
		}
		if sel.Kind() != types.FieldVal {
			return "", false
		}
		base, ok := c.key(e.X)
		if !ok {
			return "", false
		}
		var b strings.Builder
		b.WriteString(base)
		t := sel.Recv()
		for _, i := range sel.Index() {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			st, ok := t.Underlying().(*types.Struct)
			if !ok || i >= st.NumFields() {
				return "", false
			}
			f := st.Field(i)
			b.WriteString("." + c.id(f.Origin()))
			t = f.Type()
		}
		return b.String(), true
	case *ast.IndexExpr:
		base, ok := c.key(e.X)
		if !ok {
			return "", false
		}
		if tv, ok := info.Types[e.Index]; ok && tv.Value != nil {
			return base + "[" + tv.Value.ExactString() + "]", true
		}
		if k, ok := c.key(e.Index); ok {
			return base + "[" + k + "]", true
		}
	}
	return "", false
}

func (c *checker) id(obj types.Object) string {
	n, ok := c.ids[obj]
	if !ok {
		n = len(c.ids) + 1
		c.ids[obj] = n
	}
	return fmt.Sprintf("#%d", n)
}

// assertion reports whether a branch is a test assertion: it reports a
// failure through package testing.
func (c *checker) assertion(body *ast.BlockStmt) bool {
	for _, st := range body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := astutil.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "testing" {
			name := fn.Name()
			if strings.HasPrefix(name, "Error") || strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Fail") {
				return true
			}
		}
	}
	return false
}

// exits reports whether a block ends by leaving the enclosing block:
// return, break, continue or goto.
func exits(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok != token.FALLTHROUGH
	}
	return false
}

func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// ---- suggested fix ----

// fix turns
//
//	if len(ch) > 0 { v := <-ch; ... }      into  select { case v := <-ch: ...; default: }
//	if len(ch) < cap(ch) { ch <- v; ... }  into  select { case ch <- v: ...; default: }
//
// when that keeps the meaning: the condition is exactly the check, there
// is no init or else, the guarded operation is the first statement, and
// the body holds no break (whose target would become the select).
func (c *checker) fix(s *ast.IfStmt, lc lenCall, send bool) []analysis.SuggestedFix {
	if s.Init != nil || s.Else != nil || len(s.Body.List) == 0 || !c.exactCheck(s.Cond, lc, send) {
		return nil
	}
	first := s.Body.List[0]
	if !c.isOpStmt(first, lc.key, send) {
		return nil
	}
	hasBreak := false
	ast.Inspect(s.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.BREAK {
				hasBreak = true
			}
		}
		return !hasBreak
	})
	if hasBreak {
		return nil
	}
	what := "receive"
	if send {
		what = "send"
	}
	// Small edits around what stays, so that comments survive.
	return []analysis.SuggestedFix{{
		Message: "Use select with default for a non-blocking " + what,
		TextEdits: []analysis.TextEdit{
			{Pos: s.If, End: s.Body.Lbrace + 1, NewText: []byte("select {")},
			{Pos: first.Pos(), End: first.Pos(), NewText: []byte("case ")},
			{Pos: first.End(), End: first.End(), NewText: []byte(":")},
			{Pos: s.Body.Rbrace, End: s.Body.Rbrace, NewText: []byte("default:\n")},
		},
	}}
}

// exactCheck reports whether cond is only the emptiness check (receive:
// len(ch) > 0, len(ch) != 0, len(ch) >= 1, 0 < len(ch)) or the fullness
// check (send: len(ch) < cap(ch), cap(ch) > len(ch), len(ch) != cap(ch)).
func (c *checker) exactCheck(cond ast.Expr, lc lenCall, send bool) bool {
	b, ok := astutil.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	x, y, op := astutil.Unparen(b.X), astutil.Unparen(b.Y), b.Op
	if y == lc.call {
		x, y = y, x
		switch op {
		case token.LSS:
			op = token.GTR
		case token.GTR:
			op = token.LSS
		case token.LEQ:
			op = token.GEQ
		case token.GEQ:
			op = token.LEQ
		}
	}
	if x != lc.call {
		return false
	}
	if send {
		call, ok := y.(*ast.CallExpr)
		if !ok {
			return false
		}
		name, ch := syncop.ChanBuiltin(c.pass.TypesInfo, call)
		return name == "cap" && c.same(ch, lc.key) && (op == token.LSS || op == token.NEQ)
	}
	tv, ok := c.pass.TypesInfo.Types[y]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(tv.Value)
	return exact && (n == 0 && (op == token.GTR || op == token.NEQ) || n == 1 && op == token.GEQ)
}

// isOpStmt reports whether s is, by itself, a receive from (<-ch, v := <-ch,
// v, ok = <-ch) or a send on the channel key.
func (c *checker) isOpStmt(s ast.Stmt, key string, send bool) bool {
	if send {
		ss, ok := s.(*ast.SendStmt)
		return ok && c.same(ss.Chan, key)
	}
	var rhs ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		rhs = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 || (s.Tok != token.DEFINE && s.Tok != token.ASSIGN) {
			return false
		}
		rhs = s.Rhs[0]
	default:
		return false
	}
	u, ok := rhs.(*ast.UnaryExpr) // no parentheses: a select case takes none
	return ok && u.Op == token.ARROW && c.same(u.X, key)
}
