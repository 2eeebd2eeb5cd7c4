package sleepwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"reflect"

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
	catJoin  = "join"  // sleep instead of waiting for a goroutine to finish
	catStart = "start" // sleep right after go, to let the goroutine start
	catPoll  = "poll"  // sleep in a loop polling a flag another goroutine sets
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
	gos    map[*ast.BlockStmt][]*ast.GoStmt // memo of goStmts
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
		gos:    map[*ast.BlockStmt][]*ast.GoStmt{},
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

	// The last go statement of fn that runs before the Sleep.
	var g *ast.GoStmt
	gs, ok := c.gos[body]
	if !ok { // once per function: a switch of 5,000 cases may sleep in many
		gs = goStmts(body)
		c.gos[body] = gs
	}
	for _, cand := range gs {
		if cand.Pos() < sleep.Pos() && precedes(pathTo(fn, cand), spath) {
			g = cand
		}
	}
	if g == nil {
		return
	}
	// The engine's answers hold through calls and across packages: a
	// wait in a helper of another package counts as one here.
	st := c.goPos[g.Go]
	if st == nil || c.g.WaitsAfter(st) {
		return
	}
	// The go statement's position is in Related, not in the message.
	related := []analysis.RelatedInformation{{Pos: g.Pos(), End: g.End(), Message: "goroutine started here"}}
	joinMsg := "time.Sleep used to wait for a goroutine; use sync.WaitGroup or a channel"

	if use := c.useOfOutput(st, g, body, sleep.End()); use != nil {
		related = append(related, analysis.RelatedInformation{
			Pos: use.Pos(), End: use.End(),
			Message: use.Name + " is written by the goroutine and read here",
		})
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
	if tail && c.endsProgram(fn) {
		// The end of main or of a test: the goroutine must be done by now.
		c.report(sleep, catJoin, joinMsg, related)
		c.out.Owned[st] = true
		return
	}
	// Right after the go statement, in the same block.
	if stmt, ok := spath[len(spath)-2].(*ast.ExprStmt); ok {
		list := stmtList(spath[len(spath)-3])
		for i, s := range list {
			if s == stmt && i > 0 && list[i-1] == g {
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

// goStmts returns the go statements of a function body, not those of the
// function literals inside it.
func goStmts(body *ast.BlockStmt) []*ast.GoStmt {
	var gs []*ast.GoStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			gs = append(gs, n)
		}
		return true
	})
	return gs
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

// useOfOutput returns the first identifier after pos in body that reads a
// variable or field the goroutine of st (started by g) writes, through
// whatever calls it makes: a captured variable, a field, what a pointer,
// slice or map passed to it refers to.
func (c *checker) useOfOutput(st *goroutines.Spawn, g *ast.GoStmt, body *ast.BlockStmt, pos token.Pos) *ast.Ident {
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
	var use *ast.Ident
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
				use = n
			}
		}
		return use == nil
	})
	return use
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
	conds    []ast.Expr // the loop's condition and those of its if statements
	depth    int        // of accessors looked into
	chans    []ref      // len(ch) and cap(ch) calls, with the channel
}

type ref struct {
	obj  types.Object
	expr ast.Expr
}

// poll reports a Sleep in a loop that only sleeps and re-checks variables
// or fields, one of which another function (another goroutine) writes.
func (c *checker) poll(sleep *ast.CallExpr, loop ast.Node, fn ast.Node) {
	p := &pollScan{c: c, loop: loop, assigned: map[types.Object]bool{}}
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
	default:
		return
	}
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
		if p.assigned[r.obj] || bounds[r.obj] || r.obj.Pos() >= loop.Pos() && r.obj.Pos() < loop.End() || !pollable(r.obj) {
			continue
		}
		name := analysisutil.Render(c.pass.Fset, r.expr)
		msg := fmt.Sprintf("time.Sleep polls %s, which another goroutine sets; wait on a channel or sync.Cond instead", name)
		// A goroutine that writes it, as the engine sees through calls.
		var gw *goWrite
		for i, w := range c.goWrites()[r.obj] {
			if w.instr.Parent().Syntax() != fn { // not the polling function's own write
				gw = &c.goWrites()[r.obj][i]
				break
			}
		}
		if gw != nil {
			rel := []analysis.RelatedInformation{
				{Pos: gw.instr.Pos(), Message: name + " is set here, by a goroutine"},
				{Pos: gw.s.Pos(), Message: "goroutine started here"},
			}
			if !gw.instr.Pos().IsValid() {
				rel = []analysis.RelatedInformation{{Pos: gw.s.Pos(), Message: "the goroutine started here sets " + name}}
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
		if p.assigned[r.obj] || r.obj.Pos() >= loop.Pos() && r.obj.Pos() < loop.End() {
			continue
		}
		c.report(sleep, catPoll, fmt.Sprintf(
			"time.Sleep polls %s, which only other goroutines change; wait for them on a channel or sync.WaitGroup instead",
			analysisutil.Render(c.pass.Fset, r.expr)), nil)
		return
	}
}

// accessor returns the result expression of fn when fn, declared in this
// package, is a getter: its body is at most a Lock, a deferred or plain
// Unlock, and a return of one value.
func (c *checker) accessor(fn *types.Func) (ast.Expr, *ast.FuncDecl) {
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
		default:
			return nil, nil
		}
	}
	return ret.Results[0], decl
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
		for _, l := range s.Lhs {
			if o := p.c.root(l); o != nil {
				p.assigned[o] = true
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
		}
		_, ok := astutil.Unparen(s.X).(*ast.Ident)
		return ok
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return false
		}
		for _, spec := range gd.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				if !p.expr(v) {
					return false
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
						p.chans = append(p.chans, ref{o, call})
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
	case syncop.Sleep, syncop.Lock, syncop.Unlock, syncop.RLock, syncop.RUnlock:
		return true
	case syncop.Atomic:
		fn := p.c.atomicFunc(call)
		if !strings.HasPrefix(fn.Name(), "Load") {
			return false
		}
		if x := atomicOperand(fn, call); x != nil {
			if o := p.c.root(x); o != nil {
				p.refs = append(p.refs, ref{o, x})
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
		sub := &pollScan{c: p.c, loop: p.loop, assigned: map[types.Object]bool{}, depth: p.depth + 1}
		if !sub.expr(res) {
			return false
		}
		for _, r := range sub.refs {
			if r.obj.Pos() < decl.Pos() || r.obj.Pos() >= decl.End() { // not its parameters
				p.refs = append(p.refs, ref{r.obj, call})
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
					p.refs = append(p.refs, ref{sel.Obj(), n})
				}
				return false
			}
			if v, isVar := info.Uses[n.Sel].(*types.Var); isVar {
				p.refs = append(p.refs, ref{v, n})
			}
			return false
		case *ast.Ident:
			if v, isVar := info.Uses[n].(*types.Var); isVar {
				p.refs = append(p.refs, ref{v, n})
			}
		}
		return true
	})
	return ok
}
