package sleepwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/syncop"
)

//go:embed doc.go
var doc string

// Analyzer reports time.Sleep calls that stand in for a join, a readiness
// signal or a condition variable.
var Analyzer = &analysis.Analyzer{
	Name:     "sleepwait",
	Doc:      analysisutil.MustExtractDoc(doc, "sleepwait"),
	URL:      analysisutil.URL("sleepwait"),
	Requires: []*analysis.Analyzer{Finder},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, d := range pass.ResultOf[Finder].(*Sleeps).Findings {
			pass.Report(d)
		}
		return nil, nil
	},
}

// Finder finds the time.Sleep calls that stand in for synchronization and
// the goroutines they wait for, and reports nothing itself: Analyzer
// reports its findings, and unjoined and sharedwrite, which would describe
// the same missing wait from the goroutine's side, stay silent on the
// goroutines it owns. (Passes cannot require Analyzer itself: the command
// wraps it to apply suppressions.)
var Finder = &analysis.Analyzer{
	Name:       "sleepwaitfinder",
	Doc:        "find time.Sleep calls used to wait for other goroutines (the analysis behind sleepwait)",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, goroutines.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Sleeps](),
}

// Sleeps is what Finder found in a package.
type Sleeps struct {
	// Findings are sleepwait's diagnostics, in source order.
	Findings []analysis.Diagnostic
	// Owned are the goroutine starts whose missing wait a finding is
	// about: a Sleep used to wait for them to finish, or a poll of what
	// they write.
	Owned map[*goroutines.Spawn]bool
}

// The pass works on the AST for shapes, and asks internal/goroutines about
// happens-before. What tells a waiting sleep from a pacing one is shape:
// is the Sleep lexically after a go statement of the same function, in the
// same block or one that follows it; is it inside a loop whose body does
// nothing but sleep and re-check a condition; is it inside the goroutine's
// own function literal; is it on an error branch. SSA lowers loops and
// branches to blocks and phis and would have to rebuild all of this. What
// the goroutine does is the engine's answer, through calls and across
// packages: whether the starter waits for anything after the start
// (Result.WaitsAfter), whether the goroutine signals its end (Summary),
// what it writes (Result.Writes) and so who writes a polled variable.

// Categories, one per kind of report.
const (
	catJoin    = "join"    // sleep instead of waiting for a goroutine to finish
	catStart   = "start"   // sleep right after go, to let the goroutine start
	catPoll    = "poll"    // sleep in a loop polling a flag another goroutine sets
	catRequest = "request" // sleep after sending a goroutine work, to let it finish
)

// A write is a place that stores to a variable or field, found in the
// AST: which functions of the package write a polled variable, when no
// goroutine the engine knows of does.
type write struct {
	expr ast.Expr // what is written
	fn   ast.Node // the innermost FuncDecl or FuncLit holding the write
}

// A goWrite is a write the engine found in a goroutine's walk.
type goWrite struct {
	s     *goroutines.Spawn
	instr ssa.Instruction
}

type checker struct {
	pass   *analysis.Pass
	g      *goroutines.Result
	out    *Sleeps
	goPos  map[token.Pos]*goroutines.Spawn // go statements' starts, by the position of "go"
	vars   map[token.Pos]types.Object      // variables, by the position of their declaration
	goWr   map[types.Object][]goWrite      // what goroutines write, for polls; nil until needed
	writes map[types.Object][]write
	decls  map[*types.Func]*ast.FuncDecl
	timing map[*ast.FuncDecl]bool
	starts map[*ast.BlockStmt][]start                  // memo of startsIn
	lifted map[token.Pos]*goroutines.Spawn             // lifted starts, by the position of the call
	recvs  map[*goroutines.Spawn]map[types.Object]bool // memo of receivesFrom
	reads  map[*types.Func]map[types.Object]bool       // what functions of the package read, through calls
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	g := pass.ResultOf[goroutines.Analyzer].(*goroutines.Result)
	c := &checker{
		pass:   pass,
		g:      g,
		out:    &Sleeps{Owned: map[*goroutines.Spawn]bool{}},
		goPos:  map[token.Pos]*goroutines.Spawn{},
		writes: map[types.Object][]write{},
		decls:  map[*types.Func]*ast.FuncDecl{},
		timing: map[*ast.FuncDecl]bool{},
		starts: map[*ast.BlockStmt][]start{},
		reads:  map[*types.Func]map[types.Object]bool{},
		recvs:  map[*goroutines.Spawn]map[types.Object]bool{},
	}
	for _, s := range g.Spawns {
		if s.Kind == goroutines.GoStmt {
			c.goPos[s.Pos()] = s
		}
	}
	c.index(insp)
	insp.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		if syncop.CallKind(pass.TypesInfo, call) == syncop.Sleep {
			c.sleep(call, stack)
		}
		return true
	})
	return c.out, nil
}

// innermostFunc returns the index in stack of the innermost FuncDecl or
// FuncLit, or -1.
func innermostFunc(stack []ast.Node) int {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return i
		}
	}
	return -1
}

// index records every function declaration and every write to a variable
// or field of the package, with the function that performs it.
func (c *checker) index(insp *inspector.Inspector) {
	info := c.pass.TypesInfo
	filter := []ast.Node{
		(*ast.FuncDecl)(nil), (*ast.AssignStmt)(nil), (*ast.IncDecStmt)(nil),
		(*ast.RangeStmt)(nil), (*ast.CallExpr)(nil),
	}
	insp.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		fnIdx := innermostFunc(stack[:len(stack)-1])
		var fn ast.Node
		if fnIdx >= 0 {
			fn = stack[fnIdx]
		}
		add := func(e ast.Expr) {
			if obj := c.root(e); obj != nil {
				c.writes[obj] = append(c.writes[obj], write{expr: e, fn: fn})
			}
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if f, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				c.decls[f] = n
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					add(l)
				}
			}
		case *ast.IncDecStmt:
			add(n.X)
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					add(n.Key)
				}
				if n.Value != nil {
					add(n.Value)
				}
			}
		case *ast.CallExpr:
			if target, ok := c.atomicStore(n); ok {
				add(target)
			}
		}
		return true
	})
}

// root returns the variable or field that a write to e stores into: x for
// x, x[i], *x and x.f when x is a variable; the field f for x.f.
func (c *checker) root(e ast.Expr) types.Object {
	info := c.pass.TypesInfo
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			return v
		}
		if v, ok := info.Defs[e].(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			if sel.Kind() == types.FieldVal {
				return sel.Obj()
			}
			return nil
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok {
			return v // a qualified package-level variable
		}
	case *ast.IndexExpr:
		return c.root(e.X)
	case *ast.StarExpr:
		return c.root(e.X)
	}
	return nil
}

// atomicFunc returns the sync/atomic function or method that call invokes.
func (c *checker) atomicFunc(call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if syncop.Classify(fn) != syncop.Atomic {
		return nil
	}
	return fn
}

// atomicOperand returns what an atomic operation works on: x for
// atomic.F(&x, ...) and for x.M(...) on an atomic type.
func atomicOperand(fn *types.Func, call *ast.CallExpr) ast.Expr {
	if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil {
		if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return sel.X
		}
		return nil
	}
	if len(call.Args) == 0 {
		return nil
	}
	if u, ok := astutil.Unparen(call.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return nil
}

// atomicStore returns the operand of an atomic operation that writes it
// (Store, Add, Swap, CompareAndSwap, And, Or).
func (c *checker) atomicStore(call *ast.CallExpr) (ast.Expr, bool) {
	fn := c.atomicFunc(call)
	if fn == nil || strings.HasPrefix(fn.Name(), "Load") {
		return nil, false
	}
	x := atomicOperand(fn, call)
	return x, x != nil
}

// sleep examines one time.Sleep call.
func (c *checker) sleep(call *ast.CallExpr, stack []ast.Node) {
	fnIdx := innermostFunc(stack)
	if fnIdx < 0 || c.testOfTime(call, stack) {
		return
	}
	if c.inBubble(stack) {
		return
	}
	fn := stack[fnIdx]
	for i := len(stack) - 2; i > fnIdx; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			// A sleep in a loop paces, retries or polls: only polling
			// stands in for synchronization.
			c.poll(call, stack[i], fn)
			return
		}
	}
	c.join(call, stack, fnIdx)
}

// synctestFunc reports whether fn is one of package testing/synctest's
// (or its internal twin's) functions named name.
func synctestFunc(fn *types.Func, names ...string) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "testing/synctest", "internal/synctest":
		for _, n := range names {
			if fn.Name() == n {
				return true
			}
		}
	}
	return false
}

// inBubble reports whether the Sleep runs in a synctest bubble: in a
// function literal passed to synctest.Run or synctest.Test. There the
// clock is fake and advances only when every goroutine of the bubble is
// blocked, so sleeping is how such a test moves time forward, and it is
// deterministic.
func (c *checker) inBubble(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		if !ok {
			continue
		}
		fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if synctestFunc(fn, "Run", "Test") {
			for _, a := range call.Args {
				if astutil.Unparen(a) == lit {
					return true
				}
			}
		}
	}
	return false
}

// testOfTime reports whether the Sleep is part of a test of time itself: in
// a test file of package time, or in a test function that measures elapsed
// durations (time.Since, time.Until, Time.Sub).
func (c *checker) testOfTime(call *ast.CallExpr, stack []ast.Node) bool {
	name := c.pass.Fset.File(call.Pos()).Name()
	if !strings.HasSuffix(name, "_test.go") {
		return false
	}
	if p := c.pass.Pkg.Path(); p == "time" || p == "time_test" {
		return true
	}
	var decl *ast.FuncDecl
	for _, n := range stack {
		if d, ok := n.(*ast.FuncDecl); ok {
			decl = d
			break
		}
	}
	if decl == nil || decl.Body == nil {
		return false
	}
	if r, ok := c.timing[decl]; ok {
		return r
	}
	measures := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if measures {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" {
				switch fn.Name() {
				case "Since", "Until", "Sub":
					measures = true
				}
			}
		}
		return true
	})
	c.timing[decl] = measures
	return measures
}

// ---- join and start ----

// join reports a Sleep, not in a loop, that follows a go statement of the
// same function when the function never waits for the goroutine and
// either uses what the goroutine writes, returns, or sleeps right after
// starting it.
func (c *checker) join(sleep *ast.CallExpr, stack []ast.Node, fnIdx int) {
	fn := stack[fnIdx]
	spath := stack[fnIdx:] // fn ... sleep
	for i := 1; i < len(spath)-1; i++ {
		if s, ok := spath[i].(*ast.IfStmt); ok && (spath[i+1] == s.Body || spath[i+1] == s.Else) && c.mentionsError(s.Cond) {
			return // a delay on an error path
		}
	}
	body := funcBody(fn)
	if body == nil {
		return
	}

	// The last start of fn that runs before the Sleep: a go statement,
	// or a call of a function of the package that starts a goroutine and
	// leaves it running.
	var last *start
	starts, ok := c.starts[body]
	if !ok { // once per function: a switch of 5,000 cases may sleep in many
		starts = c.startsIn(body)
		c.starts[body] = starts
	}
	for i, cand := range starts {
		if cand.node.Pos() < sleep.Pos() && precedes(pathTo(fn, cand.node), spath) {
			last = &starts[i]
		}
	}
	if last == nil {
		c.request(sleep, spath)
		return
	}
	// The engine's answers hold through calls and across packages: a
	// wait in a helper of another package counts as one here.
	st, g := last.st, last.g
	if c.g.WaitsAfter(st) {
		return
	}
	// The go statement's position is in Related, not in the message.
	related := []analysis.RelatedInformation{{Pos: last.node.Pos(), End: last.node.End(), Message: "goroutine started here"}}
	if g == nil {
		related[0].Message = "this call starts a goroutine"
	}
	joinMsg := "time.Sleep used to wait for a goroutine; use sync.WaitGroup or a channel"

	if use := c.useOfOutput(st, g, body, sleep.End()); use != nil {
		related = append(related, *use)
		c.report(sleep, catJoin, joinMsg, related)
		c.out.Owned[st] = true
		return
	}
	// Without a read of the goroutine's output, the evidence is the shape
	// alone. Keep it to a guessed delay (a constant) and a goroutine that
	// does not report its completion to someone else (a send, a close, a
	// WaitGroup.Done): then the wait, if any, is elsewhere.
	if !c.constant(sleep) || c.g.Summarize(st).Signals {
		return
	}
	tail := c.trivialTail(spath)
	if g == nil {
		// A call that starts a goroutine: a sleep that ends the function
		// waits for the goroutine's work on the caller's behalf.
		if tail {
			c.report(sleep, catJoin, joinMsg, related)
			c.out.Owned[st] = true
		}
		return
	}
	if tail && c.endsProgram(fn) {
		// The end of main or of a test: the goroutine must be done by now.
		c.report(sleep, catJoin, joinMsg, related)
		c.out.Owned[st] = true
		return
	}
	// Right after the go statement, in the same block, or after a loop
	// that starts goroutines (workers, subscribers) that the function
	// then sends to.
	if stmt, ok := spath[len(spath)-2].(*ast.ExprStmt); ok {
		list := stmtList(spath[len(spath)-3])
		for i, s := range list {
			if s != stmt || i == 0 {
				continue
			}
			prev := list[i-1]
			inLoop := isLoop(prev) && prev.Pos() < g.Pos() && g.End() <= prev.End()
			if prev == g || inLoop && !tail && c.sendsAfter(st, body, sleep.End()) {
				c.report(sleep, catStart,
					"time.Sleep used to let a goroutine start; have it signal readiness on a channel instead",
					related)
				return
			}
		}
	}
	if tail {
		c.report(sleep, catJoin, joinMsg, related)
		c.out.Owned[st] = true
	}
}

func isLoop(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		return true
	}
	return false
}

// A start is a go statement, or a call of a function of the package that
// starts a goroutine which outlives it (a lifted start of the engine).
type start struct {
	node ast.Node    // the go statement or the call
	g    *ast.GoStmt // the go statement, or nil
	st   *goroutines.Spawn
}

// startsIn returns the starts of a function body, not those of the
// function literals inside it, in source order.
func (c *checker) startsIn(body *ast.BlockStmt) []start {
	if c.lifted == nil {
		c.lifted = map[token.Pos]*goroutines.Spawn{}
		for _, s := range c.g.Lifted() {
			if _, seen := c.lifted[s.Pos()]; !seen {
				c.lifted[s.Pos()] = s
			}
		}
	}
	var out []start
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			if st := c.goPos[n.Go]; st != nil {
				out = append(out, start{n, n, st})
			}
			return false
		case *ast.CallExpr:
			if st := c.lifted[n.Lparen]; st != nil && alwaysStarts(st) {
				out = append(out, start{node: n, st: st})
			}
		}
		return true
	})
	return out
}

// alwaysStarts reports whether a call lifted to st starts the goroutine
// whenever it returns: the start inside each callee is on every path to
// its returns. A function that starts the goroutine only in some cases
// (after early returns) may not start it at all, and a test that sleeps
// after calling it may be checking that it did not.
func alwaysStarts(st *goroutines.Spawn) bool {
	for s := st; s.Via != nil; s = s.Via {
		site := s.Via.Site.Block()
		for _, b := range s.Via.Parent.Blocks {
			if len(b.Instrs) == 0 {
				continue
			}
			if _, ret := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ret && !site.Dominates(b) {
				return false
			}
		}
	}
	return true
}

// request reports a constant Sleep that ends a function declaration
// right after a send on a channel (a field or a variable) that a goroutine
// of the package receives from, when the function waits for nothing: it
// hands work to that goroutine and guesses when the work is done.
func (c *checker) request(sleep *ast.CallExpr, spath []ast.Node) {
	decl, ok := spath[0].(*ast.FuncDecl)
	if !ok || len(spath) < 3 || !c.constant(sleep) || c.endsProgram(decl) || !c.trivialTail(spath) {
		return
	}
	stmt, ok := spath[len(spath)-2].(*ast.ExprStmt)
	if !ok {
		return
	}
	list := stmtList(spath[len(spath)-3])
	i := slices.Index(list, ast.Stmt(stmt))
	if i < 1 {
		return
	}
	send, ok := list[i-1].(*ast.SendStmt)
	if !ok || c.waitsIn(decl.Body) {
		return
	}
	ch := c.root(send.Chan)
	if ch == nil {
		return
	}
	for _, st := range c.g.Spawns {
		if st.Parent.Syntax() == decl || !c.receivesFrom(st)[ch] {
			continue
		}
		c.report(sleep, catRequest,
			"time.Sleep used to wait for the work a send requests; send a channel with it that the worker closes when done",
			[]analysis.RelatedInformation{
				{Pos: send.Pos(), End: send.End(), Message: "work requested here"},
				{Pos: st.Pos(), Message: "the goroutine started here receives it"},
			})
		return
	}
}

// waitsIn reports whether body receives from a channel or selects.
func (c *checker) waitsIn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.SelectStmt:
			found = true
		case *ast.RangeStmt:
			if tv, ok := c.pass.TypesInfo.Types[n.X]; ok && syncop.IsChan(tv.Type) {
				found = true
			}
		}
		return !found
	})
	return found
}

// receivesFrom returns the variables and fields holding the channels that
// the goroutine of st receives from (a receive, a range, a select case),
// named as the starter names them.
func (c *checker) receivesFrom(st *goroutines.Spawn) map[types.Object]bool {
	if r, ok := c.recvs[st]; ok {
		return r
	}
	var g *ast.GoStmt
	if st.Kind == goroutines.GoStmt {
		g = c.goStmtAt(st.Pos())
	}
	r := map[types.Object]bool{}
	add := func(fr *goroutines.Frame, ch ssa.Value) {
		for _, o := range c.written(st, g, fr, ch) {
			r[o] = true
		}
	}
	c.g.Walk(st, func(fr *goroutines.Frame, instr ssa.Instruction) {
		switch in := instr.(type) {
		case *ssa.UnOp:
			if in.Op == token.ARROW {
				add(fr, in.X)
			}
		case *ssa.Select:
			for _, s := range in.States {
				if s.Dir == types.RecvOnly {
					add(fr, s.Chan)
				}
			}
		case *ssa.Range:
			if syncop.IsChan(in.X.Type()) {
				add(fr, in.X)
			}
		}
	})
	c.recvs[st] = r
	return r
}

// sendsAfter reports whether, after pos in body, the function sends on
// or closes a channel that the goroutine of st receives from: it talks to
// the goroutine that the Sleep let start.
func (c *checker) sendsAfter(st *goroutines.Spawn, body *ast.BlockStmt, pos token.Pos) bool {
	recv := c.receivesFrom(st)
	if len(recv) == 0 {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			found = n.Pos() > pos && recv[c.root(n.Chan)]
		case *ast.CallExpr:
			if id, ok := astutil.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 1 && n.Pos() > pos {
				if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
					found = recv[c.root(n.Args[0])]
				}
			}
		}
		return !found
	})
	return found
}

// endsProgram reports whether fn is func main of package main or a test,
// benchmark, fuzz test or example function: when it returns, the program
// or the test is over.
func (c *checker) endsProgram(fn ast.Node) bool {
	decl, ok := fn.(*ast.FuncDecl)
	if !ok || decl.Recv != nil {
		return false
	}
	name := decl.Name.Name
	if name == "main" && c.pass.Pkg.Name() == "main" {
		return true
	}
	if !strings.HasSuffix(c.pass.Fset.File(decl.Pos()).Name(), "_test.go") {
		return false
	}
	for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func (c *checker) report(sleep *ast.CallExpr, cat, msg string, related []analysis.RelatedInformation) {
	c.out.Findings = append(c.out.Findings, analysis.Diagnostic{
		Pos: sleep.Pos(), End: sleep.End(), Category: cat, Message: msg, Related: related,
	})
}

func funcBody(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// stmtList returns the statement list of a block-like node.
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

// pathTo returns the nodes from root down to target, both included.
func pathTo(root, target ast.Node) []ast.Node {
	var stack, found []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n.Pos() > target.Pos() || n.End() < target.End() {
			return false
		}
		stack = append(stack, n)
		if n == target {
			found = append([]ast.Node(nil), stack...)
			return false
		}
		return true
	})
	return found
}

// precedes reports whether the statement on path a (from the function
// down) runs before the one on path b whenever both run: they part ways in
// one statement list, a's statement first. Statements in different
// branches of an if or a switch do not precede one another.
func precedes(a, b []ast.Node) bool {
	k := 0
	for k < len(a) && k < len(b) && a[k] == b[k] {
		k++
	}
	if k == 0 || k >= len(a) || k >= len(b) {
		return false
	}
	// A branch of a that returns before the paths join again does not
	// run before b: if x { go f(); return }; time.Sleep(d).
	for j := k; j < len(a)-1; j++ {
		list := stmtList(a[j])
		i := -1
		for n, s := range list {
			if ast.Node(s) == a[j+1] {
				i = n
			}
		}
		if i < 0 {
			continue
		}
		for _, s := range list[i+1:] {
			if _, ret := s.(*ast.ReturnStmt); ret {
				return false
			}
		}
	}
	if stmtList(a[k-1]) == nil {
		return false
	}
	if _, isClause := a[k].(*ast.CaseClause); isClause {
		return false
	}
	if _, isClause := a[k].(*ast.CommClause); isClause {
		return false
	}
	return a[k].Pos() < b[k].Pos()
}

// mentionsError reports whether e refers to a value of type error.
func (c *checker) mentionsError(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && !found {
			if tv, ok := c.pass.TypesInfo.Types[x]; ok && tv.IsValue() && types.Identical(tv.Type, types.Universe.Lookup("error").Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// useOfOutput returns where the function, after pos in body, first reads
// a variable or field the goroutine of st (started by g, nil for a call
// that starts it) writes, through whatever calls it makes: a captured
// variable, a field, what a pointer, slice or map passed to it refers
// to; directly or in a call of a function of the package that reads it.
func (c *checker) useOfOutput(st *goroutines.Spawn, g *ast.GoStmt, body *ast.BlockStmt, pos token.Pos) *analysis.RelatedInformation {
	info := c.pass.TypesInfo
	out := map[types.Object]bool{}
	for _, w := range c.g.Writes(st) {
		for _, o := range c.written(st, g, w.Fr, w.Addr) {
			out[o] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	var use *analysis.RelatedInformation
	ast.Inspect(body, func(n ast.Node) bool {
		if use != nil || n == nil || n.End() <= pos {
			return false // found, or entirely before the Sleep
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			if _, isLit := astutil.Unparen(n.Call.Fun).(*ast.FuncLit); isLit {
				return false
			}
		case *ast.Ident:
			if n.Pos() > pos && out[info.Uses[n]] {
				use = &analysis.RelatedInformation{Pos: n.Pos(), End: n.End(), Message: n.Name + " is written by the goroutine and read here"}
			}
		case *ast.CallExpr:
			if n.Pos() <= pos {
				break
			}
			fn, _ := typeutil.Callee(info, n).(*types.Func)
			if fn == nil {
				break
			}
			for o := range c.readsOf(fn, 0) {
				if out[o] {
					use = &analysis.RelatedInformation{Pos: n.Pos(), End: n.End(),
						Message: o.Name() + " is written by the goroutine and read by this call"}
					break
				}
			}
		}
		return use == nil
	})
	return use
}

// readsOf returns the variables and fields that fn, a function of the
// package, reads, directly or through the functions of the package it
// calls (one call deep: what a large function reaches through its calls
// is not what it reports).
func (c *checker) readsOf(fn *types.Func, depth int) map[types.Object]bool {
	fn = fn.Origin()
	if r, ok := c.reads[fn]; ok {
		return r
	}
	decl := c.decls[fn]
	if decl == nil || depth > 1 {
		return nil // a getter, or a function that calls one
	}
	info := c.pass.TypesInfo
	r := map[types.Object]bool{}
	c.reads[fn] = r // a recursive call adds nothing
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok {
				r[v] = true
			}
		case *ast.CallExpr:
			if callee, ok := typeutil.Callee(info, n).(*types.Func); ok {
				for o := range c.readsOf(callee, depth+1) {
					r[o] = true
				}
			}
		}
		return true
	})
	return r
}

// written returns the variables and fields that a write to addr, a value
// of frame fr of the walk of st, stores into, as the source of the
// starter names them: the field for x.f; for x, x[i] and *x the variable
// x, in the goroutine's function and in every function the value comes
// from up to the starter (a captured variable, the variable whose address
// or value the go statement g passes).
func (c *checker) written(st *goroutines.Spawn, g *ast.GoStmt, fr *goroutines.Frame, addr ssa.Value) []types.Object {
	var out []types.Object
	v := addr
	for i := 0; i < 32; i++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			if f := fieldVar(x.X.Type(), x.Field); f != nil {
				out = append(out, f)
			}
			return out
		case *ssa.Field:
			if f := fieldVar(x.X.Type(), x.Field); f != nil {
				out = append(out, f)
			}
			return out
		case *ssa.IndexAddr:
			v = x.X
			continue
		case *ssa.Slice:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.Global:
			if o := x.Object(); o != nil {
				out = append(out, o)
			}
			return out
		case *ssa.Alloc, *ssa.FreeVar:
			if o := c.varAt(x.Pos()); o != nil {
				out = append(out, o)
			}
		case *ssa.Parameter:
			if fr.Parent == nil {
				if o := x.Object(); o != nil {
					out = append(out, o)
				}
			}
		}
		nv, nfr := fr.Resolve(v)
		if nv == v && nfr == fr {
			break
		}
		v, fr = nv, nfr
	}
	// A value the go statement passes: the variable the source names there.
	if fr.Parent == nil && g != nil && st.Call != nil && len(st.Call.Args) == len(g.Call.Args) {
		for i, a := range st.Call.Args {
			if a != v {
				continue
			}
			if id, ok := astutil.Unparen(g.Call.Args[i]).(*ast.Ident); ok {
				if o, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
					out = append(out, o)
				}
			}
		}
	}
	return out
}

// fieldVar returns field i of the struct that t, a struct or a pointer to
// one, is or points to.
func fieldVar(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// varAt returns the variable declared at pos (SSA's allocations and free
// variables carry the position of the variable they stand for).
func (c *checker) varAt(pos token.Pos) types.Object {
	if !pos.IsValid() {
		return nil
	}
	if c.vars == nil {
		c.vars = map[token.Pos]types.Object{}
		for id, o := range c.pass.TypesInfo.Defs {
			if v, ok := o.(*types.Var); ok && !v.IsField() {
				c.vars[id.Pos()] = v
			}
		}
	}
	return c.vars[pos]
}

// goWrites returns, for each variable or field some goroutine of the
// package writes (through the calls it makes), those writes.
func (c *checker) goWrites() map[types.Object][]goWrite {
	if c.goWr != nil {
		return c.goWr
	}
	c.goWr = map[types.Object][]goWrite{}
	for _, st := range c.g.Spawns {
		var g *ast.GoStmt
		if st.Kind == goroutines.GoStmt {
			g = c.goStmtAt(st.Pos())
		}
		for _, w := range c.g.Writes(st) {
			for _, o := range c.written(st, g, w.Fr, w.Addr) {
				c.goWr[o] = append(c.goWr[o], goWrite{st, w.Instr})
			}
		}
	}
	return c.goWr
}

// goStmtAt returns the go statement whose keyword is at pos.
func (c *checker) goStmtAt(pos token.Pos) *ast.GoStmt {
	for _, n := range analysisutil.PathAt(c.pass.Files, pos) {
		if g, ok := n.(*ast.GoStmt); ok && g.Go == pos {
			return g
		}
	}
	return nil
}

// constant reports whether the Sleep's duration is a constant: a guess
// written in the code, not a configured or computed delay.
func (c *checker) constant(sleep *ast.CallExpr) bool {
	if len(sleep.Args) != 1 {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[sleep.Args[0]]
	return ok && tv.Value != nil
}

// trivialTail reports whether nothing but returns and printing follows the
// statement at the end of path (from the function down) before the
// function returns.
func (c *checker) trivialTail(path []ast.Node) bool {
	for i := len(path) - 1; i > 0; i-- {
		node, parent := path[i], path[i-1]
		switch node.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // the other clauses are alternatives, not what follows
		}
		list := stmtList(parent)
		if list == nil {
			continue
		}
		after := false
		for _, s := range list {
			if after && !c.trivial(s) {
				return false
			}
			if s == node {
				after = true
			}
		}
	}
	return true
}

// trivial reports whether s is a return, an empty statement or a call that
// only prints or exits.
func (c *checker) trivial(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.EmptyStmt:
		return true
	case *ast.ExprStmt:
		call, ok := astutil.Unparen(s.X).(*ast.CallExpr)
		return ok && c.printOrExit(call)
	}
	return false
}

// printOrExit reports whether call prints (fmt, log, print, println,
// testing's Log) or ends the program or test (panic, os.Exit, log.Fatal,
// testing's Fatal and Skip).
func (c *checker) printOrExit(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "print", "println", "panic":
				return true
			}
		}
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "fmt":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")
	case "log":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	case "os":
		return name == "Exit"
	case "testing":
		for _, p := range []string{"Log", "Fatal", "Error", "Skip", "Fail", "Helper"} {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
	}
	return false
}

// ---- poll ----

// A pollScan checks that a loop does nothing but sleep and re-check a
// condition, and collects the variables and fields that condition reads.
type pollScan struct {
	c        *checker
	loop     ast.Node
	refs     []ref
	assigned map[types.Object]bool
	counted  map[types.Object]bool // incremented or decremented: counters
	conds    []ast.Expr            // the loop's condition and those of its if statements
	depth    int                   // of accessors looked into
	chans    []ref                 // len(ch) and cap(ch) calls, with the channel
	locks    bool                  // it locks a mutex
	flows    []flow                // what variables are assigned
}

type ref struct {
	obj  types.Object
	expr ast.Expr
	// sync: read through sync/atomic, or by a loop or getter that locks.
	sync bool
}

// A flow is an assignment of the value of rhs to the variable lhs.
type flow struct {
	lhs types.Object
	rhs ast.Expr
}

// poll reports a Sleep in a loop that only sleeps and re-checks variables
// or fields, one of which another function (another goroutine) writes.
func (c *checker) poll(sleep *ast.CallExpr, loop ast.Node, fn ast.Node) {
	p := &pollScan{c: c, loop: loop, assigned: map[types.Object]bool{}, counted: map[types.Object]bool{}}
	bounded := false
	switch l := loop.(type) {
	case *ast.ForStmt:
		if l.Cond != nil {
			p.conds = append(p.conds, l.Cond)
		}
		if l.Init != nil && !p.stmt(l.Init) || l.Cond != nil && !p.expr(l.Cond) ||
			l.Post != nil && !p.stmt(l.Post) || !p.stmts(l.Body.List) {
			return
		}
	case *ast.RangeStmt:
		// for range n { ... }: a bounded poll.
		tv, ok := c.pass.TypesInfo.Types[l.X]
		if !ok {
			return
		}
		if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return
		}
		if !p.stmts(l.Body.List) {
			return
		}
		bounded = true
	default:
		return
	}
	if p.locks {
		for i := range p.refs {
			p.refs[i].sync = true // read in a loop that locks
		}
	}
	bounded = bounded || p.bounded()
	// In a test, a bounded loop over a synchronized condition is how one
	// waits for state that the code under test does not signal: polling
	// done right. Library code could wait on a signal instead.
	inTest := c.inTest(fn)
	testPoll := bounded && inTest
	waited := p.waited()
	// A delay that changes from round to round is a backoff.
	grows := false
	ast.Inspect(sleep, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && p.assigned[c.pass.TypesInfo.Uses[id]] {
			grows = true
		}
		return !grows
	})
	if grows {
		return
	}
	bounds := p.bounds()
	for _, r := range p.refs {
		if !waited(r.expr) || testPoll && r.sync {
			continue
		}
		if p.assigned[r.obj] || bounds[r.obj] || r.obj.Pos() >= loop.Pos() && r.obj.Pos() < loop.End() || !pollable(r.obj) {
			continue
		}
		name := analysisutil.Render(c.pass.Fset, r.expr)
		msg := fmt.Sprintf("time.Sleep polls %s, which another goroutine sets; wait on a channel or sync.Cond instead", name)
		if inTest && r.sync {
			// Polled right but for the bound: a test that hangs until
			// its timeout when the condition never comes.
			msg = fmt.Sprintf("time.Sleep polls %s with no bound; give up after a deadline so the test fails instead of hanging", name)
		}
		// A goroutine that writes it, as the engine sees through calls.
		var gw *goWrite
		for i, w := range c.goWrites()[r.obj] {
			if w.instr.Parent().Syntax() != fn { // not the polling function's own write
				gw = &c.goWrites()[r.obj][i]
				break
			}
		}
		if gw != nil {
			set := name
			if _, getter := r.expr.(*ast.CallExpr); getter {
				set = r.obj.Name() // what the getter reads
			}
			rel := []analysis.RelatedInformation{
				{Pos: gw.instr.Pos(), Message: set + " is set here, by a goroutine"},
				{Pos: gw.s.Pos(), Message: "goroutine started here"},
			}
			if !gw.instr.Pos().IsValid() {
				rel = []analysis.RelatedInformation{{Pos: gw.s.Pos(), Message: "the goroutine started here sets " + set}}
			}
			c.report(sleep, catPoll, msg, rel)
			c.out.Owned[gw.s] = true
			return
		}
		// Another function of the package, which callers may run in
		// another goroutine.
		var best *write
		for i, w := range c.writes[r.obj] {
			if w.fn != nil && w.fn != fn {
				best = &c.writes[r.obj][i]
				break
			}
		}
		if best == nil {
			continue
		}
		c.report(sleep, catPoll, msg, []analysis.RelatedInformation{{
			Pos: best.expr.Pos(), End: best.expr.End(),
			Message: analysisutil.Render(c.pass.Fset, best.expr) + " is set here",
		}})
		return
	}
	// The length of a channel that the loop neither sends on nor
	// receives from changes only through other goroutines.
	for _, r := range p.chans {
		if !waited(r.expr) || testPoll {
			continue
		}
		if p.assigned[r.obj] || r.obj.Pos() >= loop.Pos() && r.obj.Pos() < loop.End() {
			continue
		}
		c.report(sleep, catPoll, fmt.Sprintf(
			"time.Sleep polls %s, which only other goroutines change; wait for them on a channel or sync.WaitGroup instead",
			analysisutil.Render(c.pass.Fset, r.expr)), nil)
		return
	}
}

// accessor returns what fn, declared in this package, computes its
// result from when fn is a getter: its body is at most a Lock, a deferred
// or plain Unlock, if statements that return one value, and a return of
// one value. The expressions are those conditions and results.
func (c *checker) accessor(fn *types.Func) ([]ast.Expr, *ast.FuncDecl) {
	decl := c.decls[fn.Origin()]
	if decl == nil || len(decl.Body.List) == 0 {
		return nil, nil
	}
	list := decl.Body.List
	ret, ok := list[len(list)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, nil
	}
	lockOp := func(call *ast.CallExpr) bool {
		switch syncop.CallKind(c.pass.TypesInfo, call) {
		case syncop.Lock, syncop.Unlock, syncop.RLock, syncop.RUnlock:
			return true
		}
		return false
	}
	var exprs []ast.Expr
	for _, st := range list[:len(list)-1] {
		switch st := st.(type) {
		case *ast.ExprStmt:
			call, ok := astutil.Unparen(st.X).(*ast.CallExpr)
			if !ok || !lockOp(call) {
				return nil, nil
			}
		case *ast.DeferStmt:
			if !lockOp(st.Call) {
				return nil, nil
			}
		case *ast.IfStmt:
			if st.Init != nil || st.Else != nil || len(st.Body.List) != 1 {
				return nil, nil
			}
			r, ok := st.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(r.Results) != 1 {
				return nil, nil
			}
			exprs = append(exprs, st.Cond, r.Results[0])
		default:
			return nil, nil
		}
	}
	return append(exprs, ret.Results[0]), decl
}

// bounds returns the variables compared with a counter of the loop, as in
// i < b.N: they bound a counted loop rather than signal an event.
func (p *pollScan) bounds() map[types.Object]bool {
	info := p.c.pass.TypesInfo
	mentions := func(e ast.Expr, set map[types.Object]bool) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && set[info.Uses[id]] {
				found = true
			}
			return !found
		})
		return found
	}
	out := map[types.Object]bool{}
	addAll := func(e ast.Expr) {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if o := info.Uses[n]; o != nil {
					out[o] = true
				}
			case *ast.SelectorExpr:
				if sel := info.Selections[n]; sel != nil {
					out[sel.Obj()] = true
				}
			}
			return true
		})
	}
	for _, cond := range p.conds {
		ast.Inspect(cond, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok {
				return true
			}
			switch b.Op {
			case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
				if mentions(b.X, p.assigned) {
					addAll(b.Y)
				}
				if mentions(b.Y, p.assigned) {
					addAll(b.X)
				}
			}
			return true
		})
	}
	return out
}

// bounded reports whether the loop gives up after a while: a condition
// compares a counter the loop increments, or reads the clock (a deadline,
// time.Since).
func (p *pollScan) bounded() bool {
	info := p.c.pass.TypesInfo
	for _, cond := range p.conds {
		found := false
		ast.Inspect(cond, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				found = p.counted[info.Uses[n]]
			case *ast.CallExpr:
				fn, _ := typeutil.Callee(info, n).(*types.Func)
				found = fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "time"
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// waited returns a test of whether an expression of the loop is one the
// loop waits on: part of a condition that ends the wait (the loop's own,
// or one of an if statement whose branch leaves the loop or sets what the
// loop's condition reads, and does not fail, or whose branch sleeps or
// continues, the wait going on), or of a value assigned to a variable
// such a condition reads. What the loop only prints, or checks
// to fail when it changes, is not waited for: a loop that watches a
// value for a fixed time is not a poll.
func (p *pollScan) waited() func(ast.Expr) bool {
	info := p.c.pass.TypesInfo
	var exits []ast.Node
	var body *ast.BlockStmt
	var loopCond ast.Expr
	switch l := p.loop.(type) {
	case *ast.ForStmt:
		body, loopCond = l.Body, l.Cond
		if l.Cond != nil {
			exits = append(exits, l.Cond)
		}
	case *ast.RangeStmt:
		body = l.Body
	}
	reads := func(e ast.Node, o types.Object) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && info.Uses[id] == o {
				found = true
			}
			return !found
		})
		return found
	}
	// leaves reports whether the branch b ends the wait without failing.
	leaves := func(b ast.Node) bool {
		if b == nil {
			return false
		}
		exit, fails := false, false
		ast.Inspect(b, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				exit = true
			case *ast.BranchStmt:
				exit = exit || n.Tok == token.BREAK || n.Tok == token.GOTO
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if o := p.c.root(l); o != nil && loopCond != nil && reads(loopCond, o) {
						exit = true
					}
				}
			case *ast.CallExpr:
				fails = fails || p.c.fails(n)
			}
			return true
		})
		return exit && !fails
	}
	// sleeps reports whether the branch b goes on waiting: it sleeps or
	// starts the next round, as in if !ready { time.Sleep(d); continue }.
	sleeps := func(b ast.Node) bool {
		found := false
		ast.Inspect(b, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BranchStmt:
				found = found || n.Tok == token.CONTINUE
			case *ast.CallExpr:
				found = found || syncop.CallKind(info, n) == syncop.Sleep
			}
			return !found
		})
		return found
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if s, ok := n.(*ast.IfStmt); ok {
			var els ast.Node
			if s.Else != nil {
				if _, chained := s.Else.(*ast.IfStmt); !chained {
					els = s.Else
				}
			}
			if leaves(s.Body) || leaves(els) || sleeps(s.Body) || els != nil && sleeps(els) {
				exits = append(exits, s.Cond)
			}
		}
		return true
	})
	// What flows into a variable an exit reads is waited on too.
	for changed := true; changed; {
		changed = false
		for _, f := range p.flows {
			if slices.Contains(exits, ast.Node(f.rhs)) {
				continue
			}
			for _, e := range exits {
				if reads(e, f.lhs) {
					exits = append(exits, f.rhs)
					changed = true
					break
				}
			}
		}
	}
	return func(x ast.Expr) bool {
		for _, e := range exits {
			if e.Pos() <= x.Pos() && x.End() <= e.End() {
				return true
			}
		}
		return false
	}
}

// inTest reports whether fn, or the function declaration around it, is
// test code: in a _test.go file, or a helper taking a *testing.T,
// *testing.B, *testing.F or testing.TB.
func (c *checker) inTest(fn ast.Node) bool {
	if strings.HasSuffix(c.pass.Fset.File(fn.Pos()).Name(), "_test.go") {
		return true
	}
	for _, n := range analysisutil.PathAt(c.pass.Files, fn.Pos()) {
		decl, ok := n.(*ast.FuncDecl)
		if !ok {
			continue
		}
		for _, f := range decl.Type.Params.List {
			if tv, ok := c.pass.TypesInfo.Types[f.Type]; ok && isTesting(tv.Type) {
				return true
			}
		}
	}
	return false
}

// isTesting reports whether t is *testing.T, *testing.B, *testing.F or
// testing.TB.
func isTesting(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch n.Obj().Name() {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}

// locks reports whether the body of decl locks a mutex.
func (c *checker) locks(decl *ast.FuncDecl) bool {
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			switch syncop.CallKind(c.pass.TypesInfo, call) {
			case syncop.Lock, syncop.RLock:
				found = true
			}
		}
		return !found
	})
	return found
}

// fails reports whether call fails the program or the test: panic,
// os.Exit, log.Fatal and log.Panic, testing's Fatal, Error, Fail and
// FailNow.
func (c *checker) fails(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
		b, ok := info.Uses[id].(*types.Builtin)
		return ok && b.Name() == "panic"
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "log":
		return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	case "os":
		return name == "Exit"
	case "testing":
		return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Error") || name == "Fail" || name == "FailNow"
	}
	return false
}

// pollable reports whether a polled variable can be a flag: not a channel,
// a time or a synchronization object.
func pollable(obj types.Object) bool {
	t := obj.Type()
	if syncop.IsChan(t) {
		return false
	}
	if n := syncop.Named(t); n != nil && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() {
		case "time", "sync", "context":
			return false
		}
	}
	return true
}

func (p *pollScan) stmts(list []ast.Stmt) bool {
	for _, s := range list {
		if !p.stmt(s) {
			return false
		}
	}
	return true
}

// stmt reports whether s only sleeps, locks, prints, re-checks or exits.
func (p *pollScan) stmt(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ExprStmt:
		call, ok := astutil.Unparen(s.X).(*ast.CallExpr)
		return ok && p.call(call)
	case *ast.IfStmt:
		p.conds = append(p.conds, s.Cond)
		return (s.Init == nil || p.stmt(s.Init)) && p.expr(s.Cond) && p.stmts(s.Body.List) &&
			(s.Else == nil || p.stmt(s.Else))
	case *ast.AssignStmt:
		for i, l := range s.Lhs {
			if o := p.c.root(l); o != nil {
				p.assigned[o] = true
				switch s.Tok {
				case token.ADD_ASSIGN, token.SUB_ASSIGN:
					p.counted[o] = true
				}
				switch {
				case len(s.Rhs) == len(s.Lhs):
					p.flows = append(p.flows, flow{o, s.Rhs[i]})
				case len(s.Rhs) == 1:
					p.flows = append(p.flows, flow{o, s.Rhs[0]})
				}
			}
			if _, ok := astutil.Unparen(l).(*ast.Ident); !ok {
				return false // a store into memory is work
			}
		}
		for _, r := range s.Rhs {
			if !p.expr(r) {
				return false
			}
		}
		return true
	case *ast.IncDecStmt:
		if o := p.c.root(s.X); o != nil {
			p.assigned[o] = true
			p.counted[o] = true
		}
		_, ok := astutil.Unparen(s.X).(*ast.Ident)
		return ok
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return false
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, v := range vs.Values {
				if !p.expr(v) {
					return false
				}
				if len(vs.Values) == len(vs.Names) {
					if o := p.c.pass.TypesInfo.Defs[vs.Names[i]]; o != nil {
						p.flows = append(p.flows, flow{o, v})
					}
				}
			}
		}
		return true
	case *ast.BranchStmt, *ast.EmptyStmt:
		return true
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			if !p.expr(r) {
				return false
			}
		}
		return true
	case *ast.BlockStmt:
		return p.stmts(s.List)
	case *ast.LabeledStmt:
		return p.stmt(s.Stmt)
	}
	return false
}

// call reports whether call is one a polling loop makes: sleeping,
// locking, atomic loads, printing, exiting, reading the clock, len, cap
// and conversions. Atomic loads are recorded as reads of their operand.
func (p *pollScan) call(call *ast.CallExpr) bool {
	info := p.c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return p.exprs(call.Args)
	}
	if id, ok := astutil.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "len", "cap":
				if tv, ok := info.Types[call.Args[0]]; ok && syncop.IsChan(tv.Type) {
					if o := p.c.root(call.Args[0]); o != nil {
						p.chans = append(p.chans, ref{o, call, true})
					}
				}
				return p.exprs(call.Args)
			case "print", "println", "panic":
				return p.exprs(call.Args)
			}
			return false
		}
	}
	switch syncop.CallKind(info, call) {
	case syncop.Lock, syncop.RLock:
		p.locks = true
		return true
	case syncop.Sleep, syncop.Unlock, syncop.RUnlock:
		return true
	case syncop.Atomic:
		fn := p.c.atomicFunc(call)
		if !strings.HasPrefix(fn.Name(), "Load") {
			return false
		}
		if x := atomicOperand(fn, call); x != nil {
			if o := p.c.root(x); o != nil {
				p.refs = append(p.refs, ref{o, x, true})
			}
		}
		return true
	}
	if p.c.printOrExit(call) {
		return p.exprs(call.Args)
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	if res, decl := p.c.accessor(fn); res != nil && p.depth < 3 {
		// A getter of this package: what it reads is polled, named by
		// the call.
		sub := &pollScan{c: p.c, loop: p.loop, assigned: map[types.Object]bool{}, counted: map[types.Object]bool{}, depth: p.depth + 1}
		if !sub.exprs(res) {
			return false
		}
		for _, r := range sub.refs {
			if r.obj.Pos() < decl.Pos() || r.obj.Pos() >= decl.End() { // not its parameters
				p.refs = append(p.refs, ref{r.obj, call, r.sync || p.c.locks(decl)})
			}
		}
		if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
			if !p.expr(sel.X) {
				return false
			}
		}
		return p.exprs(call.Args)
	}
	switch fn.Pkg().Path() {
	case "time":
		return true // the clock: Now, Since, Before, ...
	case "runtime":
		return fn.Name() == "Gosched"
	}
	return false
}

func (p *pollScan) exprs(list []ast.Expr) bool {
	for _, e := range list {
		if !p.expr(e) {
			return false
		}
	}
	return true
}

// expr reports whether e is free of work (calls other than those of call,
// receives, function literals) and records the variables and fields it
// reads.
func (p *pollScan) expr(e ast.Expr) bool {
	info := p.c.pass.TypesInfo
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.CallExpr:
			ok = p.call(n)
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[n]; sel != nil {
				if sel.Kind() == types.FieldVal {
					p.refs = append(p.refs, ref{sel.Obj(), n, false})
				}
				return false
			}
			if v, isVar := info.Uses[n.Sel].(*types.Var); isVar {
				p.refs = append(p.refs, ref{v, n, false})
			}
			return false
		case *ast.Ident:
			if v, isVar := info.Uses[n].(*types.Var); isVar {
				p.refs = append(p.refs, ref{v, n, false})
			}
		}
		return true
	})
	return ok
}
