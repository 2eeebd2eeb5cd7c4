package missingunlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/lockset"
)

//go:embed doc.go
var doc string

// Analyzer reports locks and semaphores not released on some path out of
// the function that acquired them.
var Analyzer = &analysis.Analyzer{
	Name:     "missingunlock",
	Doc:      analysisutil.MustExtractDoc(doc, "missingunlock"),
	URL:      analysisutil.URL("missingunlock"),
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run:      run,
}

// The pass reads the lockset engine's results, computed on SSA: whether a
// lock is still held at a return is a question about paths (branches,
// loops, defers, TryLock edges), which SSA's control-flow graph answers.
// The suggested fix is built on the AST, where statements are.

// Categories, one per kind of report.
const (
	catUnlock  = "unlock"  // a mutex not unlocked on some return
	catRelease = "release" // a semaphore not released on some return
)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	c := &checker{
		pass:     pass,
		released: releasedClasses(res),
		family:   map[*ssa.Function]map[string][]*ssa.Function{},
	}
	for _, f := range res.Funcs {
		root := familyRoot(f.Fn)
		if c.family[root] == nil {
			c.family[root] = map[string][]*ssa.Function{}
		}
		if f.Summary == nil {
			continue
		}
		// Only a release of a lock the function does not take itself
		// (a net release, in its summary) hands a lock over: a closure
		// that leaks a lock its enclosing function locks and unlocks
		// in a balanced way of its own is not excused by it.
		for _, r := range f.Summary.Releases {
			c.family[root][r.Lock.Key()] = append(c.family[root][r.Lock.Key()], f.Fn)
		}
	}
	for _, f := range res.Funcs {
		if f.Imprecise || f.Fn.Syntax() == nil {
			continue
		}
		c.check(f)
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	released map[string]bool                              // classes released by a helper, by mode (modeKey)
	family   map[*ssa.Function]map[string][]*ssa.Function // top-level function -> lock key -> functions releasing it for another
}

func familyRoot(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// releasedClasses returns the lock classes some function of the package
// releases for its caller (an unlock helper).
func releasedClasses(res *lockset.Result) map[string]bool {
	out := map[string]bool{}
	for _, f := range res.Funcs {
		if f.Summary == nil {
			continue
		}
		for _, r := range f.Summary.Releases {
			if r.Lock.Class == "" {
				continue
			}
			// The mode is the release's: Unlock or RUnlock.
			for _, x := range f.Releases {
				if x.Lock.Key() == r.Lock.Key() {
					out[modeKey(r.Lock.Class, x.Shared)] = true
				}
			}
		}
	}
	return out
}

// A leak is one acquisition not released on some returns.
type leak struct {
	held  lockset.HeldLock
	exits []*lockset.Exit
}

func (c *checker) check(f *lockset.Func) {
	var leaks []*leak
	index := map[string]*leak{}
	for _, e := range f.Exits {
		for _, h := range e.Leaks {
			k := fmt.Sprintf("%s@%p", h.Lock.Key(), h.Site)
			l := index[k]
			if l == nil {
				l = &leak{held: h}
				index[k] = l
				leaks = append(leaks, l)
			}
			l.exits = append(l.exits, e)
		}
	}
	for _, l := range leaks {
		if c.excused(f, l) {
			continue
		}
		report(c.pass, f, l)
	}
}

// excused reports whether the function returns holding the lock by
// contract: documented so, or named like a lock helper (lock…, …Locked)
// and paired with a function of the package that releases it.
func (c *checker) excused(f *lockset.Func, l *leak) bool {
	lock := l.held.Lock
	// Released by another function of the family: handed over to a
	// goroutine or a callback that unlocks it.
	for _, g := range c.family[familyRoot(f.Fn)][lock.Key()] {
		if g != f.Fn {
			return true
		}
	}
	// Hand-over-hand locking along a list or tree: the engine cannot
	// tell which node a loop variable holds, so a release of the same
	// class through another name may well be this lock's.
	if lock.Class != "" {
		for _, r := range f.Releases {
			if r.Lock.Class == lock.Class && r.Lock.Key() != lock.Key() &&
				(lock.Root == lockset.RootOther || r.Lock.Root == lockset.RootOther) {
				return true
			}
		}
	}
	// Paired: a helper of the package releases the class in the mode
	// held (an RUnlock helper pairs with RLock helpers only).
	paired := lock.Class != "" && c.released[modeKey(lock.Class, l.held.Shared)]
	if paired && (returnsFunc(f.Fn) || setsFlag(f.Fn, lock)) {
		// Returns a release function, or records in a flag of the
		// lock's owner that the lock is kept (sql.Rows.Scan's
		// closemuScanHold): another function of the package releases it.
		return true
	}
	if escapesToGoroutine(lock) {
		return true
	}
	always := false
	if f.Summary != nil {
		for _, a := range f.Summary.Acquires {
			if a.Lock.Key() == l.held.Lock.Key() {
				always = true
			}
		}
	}
	if always && f.Fn.Parent() != nil {
		return true // a closure used as a lock helper: its caller is checked
	}
	if lock.Root == lockset.RootLocal && (always || len(l.exits) == returns(f.Fn)) {
		// A local mutex held on every return (the summary leaves out
		// what callers cannot name): nobody locks it after the return;
		// a test's final Lock before reading what goroutines wrote.
		return true
	}
	if contractDoc(f.Fn) {
		return true
	}
	// Named like a lock helper, or holding the lock on every return,
	// and paired with an unlock helper.
	return (contractName(f.Fn.Name()) || always) && paired || contractName(f.Fn.Name()) && always
}

// modeKey names a lock class in a mode, exclusive or shared.
func modeKey(class string, shared bool) string {
	if shared {
		return class + "(R)"
	}
	return class
}

// returns counts fn's return instructions.
func returns(fn *ssa.Function) int {
	n := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) > 0 {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				n++
			}
		}
	}
	return n
}

// returnsFunc reports whether fn has a result of function type.
func returnsFunc(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if _, ok := res.At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// setsFlag reports whether fn stores true into a boolean field of the
// variable the lock belongs to.
func setsFlag(fn *ssa.Function, lock *lockset.Lock) bool {
	root := lock.RootValue()
	if root == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			c, ok := st.Val.(*ssa.Const)
			if !ok || c.Value == nil || c.Value.Kind() != constant.Bool || !constant.BoolVal(c.Value) {
				continue
			}
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && fa.X == root {
				return true
			}
		}
	}
	return false
}

// escapesToGoroutine reports whether the local variable holding the lock
// is handed to a go statement, which may unlock it.
func escapesToGoroutine(lock *lockset.Lock) bool {
	if lock.Root != lockset.RootLocal || lock.RootValue() == nil {
		return false
	}
	refs := lock.RootValue().Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Go:
			return true
		case *ssa.MakeClosure:
			if crefs := r.Referrers(); crefs != nil {
				for _, cr := range *crefs {
					if _, ok := cr.(*ssa.Go); ok {
						return true
					}
				}
			}
		}
	}
	return false
}

// contractName reports whether a function's name says it returns with a
// lock held: lock…, rlock…, acquire…, …Lock, …Locked.
func contractName(name string) bool {
	n := strings.ToLower(name)
	for _, p := range []string{"lock", "rlock", "trylock", "acquire", "mustlock"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return strings.HasSuffix(n, "lock") || strings.HasSuffix(n, "locked") || strings.HasSuffix(n, "acquire")
}

// contractDoc reports whether the function's doc comment says that it
// returns with a lock held, for the caller to release.
func contractDoc(fn *ssa.Function) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return false
	}
	text := strings.ToLower(decl.Doc.Text())
	for _, w := range []string{
		"with the lock held", "with lock held", "with the mutex held", "with the lock still held",
		"returns locked", "returns with", "locked on return", "remains locked", "remains held",
		"caller must unlock", "caller must release", "caller must call", "caller is responsible",
		"must be unlocked by", "must be released by",
	} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

func report(pass *analysis.Pass, f *lockset.Func, l *leak) {
	h := l.held
	var acq *lockset.Acquire
	for _, a := range f.Acquires {
		if a.Instr == h.Site && a.Lock.Key() == h.Lock.Key() {
			acq = a
			break
		}
	}
	if acq == nil || !acq.Pos.IsValid() {
		return
	}
	name := lockName(pass, acq)
	sort.Slice(l.exits, func(i, j int) bool { return l.exits[i].Pos < l.exits[j].Pos })
	// The message counts the leaking returns; their positions are in
	// Related.
	var related []analysis.RelatedInformation
	seen := map[int]bool{}
	for _, e := range l.exits {
		line := analysisutil.Line(pass.Fset, e.Pos)
		if seen[line] {
			continue
		}
		seen[line] = true
		related = append(related, analysis.RelatedInformation{
			Pos: e.Pos, Message: "returns here with " + name + " still held",
		})
	}
	where := "on a return"
	if len(related) > 1 {
		where = fmt.Sprintf("on %d returns", len(related))
	}
	what := "locked"
	release := "defer " + name + ".Unlock()"
	cat := catUnlock
	switch {
	case h.Lock.Kind.IsSem():
		what, cat = "acquired", catRelease
		release = "with a deferred release"
	case h.Shared:
		what = "read-locked"
		release = "defer " + name + ".RUnlock()"
	}
	verb := "is " + what + " here"
	if acq.Via != nil {
		verb = "is " + what + " here by " + acq.Via.Callee
	}
	msg := fmt.Sprintf("%s %s but not %s %s; release it on every path, e.g. %s",
		name, verb, map[bool]string{true: "released", false: "unlocked"}[h.Lock.Kind.IsSem()], where, release)
	d := analysis.Diagnostic{
		Pos: acq.Pos, End: acq.End, Category: cat, Message: msg, Related: related,
	}
	if fix := deferFix(pass, f, acq, name); fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	pass.Report(d)
}

// lockName renders the lock as the acquisition spells it: the receiver
// of the Lock call, the channel of the send.
func lockName(pass *analysis.Pass, a *lockset.Acquire) string {
	if a.Via == nil {
		if n := nodeAt(pass, a.Pos, a.End); n != nil {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := astutil.Unparen(x.Fun).(*ast.SelectorExpr); ok {
					return analysisutil.Render(pass.Fset, sel.X)
				}
			case *ast.SendStmt:
				return analysisutil.Render(pass.Fset, x.Chan)
			}
		}
	}
	return a.Lock.Name
}

// nodeAt returns the call expression or send statement spanning pos-end.
func nodeAt(pass *analysis.Pass, pos, end token.Pos) ast.Node {
	file := fileOf(pass, pos)
	if file == nil || !end.IsValid() {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, end)
	for _, n := range path {
		if n.Pos() == pos && n.End() == end {
			switch n.(type) {
			case *ast.CallExpr, *ast.SendStmt:
				return n
			}
		}
	}
	return nil
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// deferFix returns the fix "Add defer mu.Unlock()" when it is safe: the
// Lock is a statement outside any loop, it is the function's only
// acquisition of that lock, and every existing unlock of it is right
// before a return (or ends the function), so deferring the unlock does
// not lengthen any critical section. The fix adds the defer after the
// Lock and removes those unlocks.
func deferFix(pass *analysis.Pass, f *lockset.Func, a *lockset.Acquire, name string) *analysis.SuggestedFix {
	if a.Via != nil || a.Try || a.Lock.Kind.IsSem() || !a.End.IsValid() {
		return nil
	}
	for _, o := range f.Acquires {
		if o != a && o.Lock.Key() == a.Lock.Key() && o.Via == nil {
			return nil
		}
	}
	file := fileOf(pass, a.Pos)
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, a.Pos, a.End)
	var lockStmt *ast.ExprStmt
	var body *ast.BlockStmt
	for i, n := range path {
		switch x := n.(type) {
		case *ast.ExprStmt:
			if lockStmt == nil && i > 0 && x.X == path[i-1] {
				lockStmt = x
			}
		case *ast.ForStmt, *ast.RangeStmt:
			if body == nil {
				return nil // a defer in a loop piles up
			}
		case *ast.FuncLit:
			if body == nil {
				body = x.Body
			}
		case *ast.FuncDecl:
			if body == nil {
				body = x.Body
			}
		}
	}
	if lockStmt == nil || body == nil {
		return nil
	}
	unlockName := "Unlock"
	if a.Shared {
		unlockName = "RUnlock"
	}
	var remove []ast.Stmt
	for _, r := range f.Releases {
		if r.Lock.Key() != a.Lock.Key() {
			continue
		}
		if r.Deferred || r.Via != nil || r.Pos < a.End {
			return nil
		}
		stmt := releaseBeforeReturn(file, body, r.Pos, r.End)
		if stmt == nil {
			return nil
		}
		remove = append(remove, stmt)
	}
	src, err := pass.ReadFile(pass.Fset.File(a.Pos).Name())
	if err != nil {
		return nil
	}
	tf := pass.Fset.File(a.Pos)
	indent := lineIndent(src, tf, lockStmt.Pos())
	// After the Lock statement's line, past any trailing comment.
	eol := tf.Offset(lockStmt.End())
	for eol < len(src) && src[eol] != '\n' {
		eol++
	}
	at := tf.Pos(eol)
	edits := []analysis.TextEdit{{
		Pos: at, End: at,
		NewText: []byte("\n" + indent + "defer " + name + "." + unlockName + "()"),
	}}
	for _, s := range remove {
		pos, end := wholeLines(src, tf, s)
		edits = append(edits, analysis.TextEdit{Pos: pos, End: end})
	}
	return &analysis.SuggestedFix{
		Message:   "Add defer " + name + "." + unlockName + "()",
		TextEdits: edits,
	}
}

// releaseBeforeReturn returns the statement of the release at pos-end if
// it is an expression statement followed by a return in its block, or the
// last statement of the function body.
func releaseBeforeReturn(file *ast.File, body *ast.BlockStmt, pos, end token.Pos) ast.Stmt {
	path, _ := astutil.PathEnclosingInterval(file, pos, end)
	for i, n := range path {
		stmt, ok := n.(*ast.ExprStmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		var list []ast.Stmt
		switch p := path[i+1].(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			return nil
		}
		for j, s := range list {
			if s != stmt {
				continue
			}
			if j+1 < len(list) {
				if _, ok := list[j+1].(*ast.ReturnStmt); ok {
					return stmt
				}
				return nil
			}
			if path[i+1] == body {
				return stmt
			}
		}
		return nil
	}
	return nil
}

// lineIndent returns the whitespace that starts the line of pos.
func lineIndent(src []byte, tf *token.File, pos token.Pos) string {
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// wholeLines extends the extent of s to its whole lines when nothing
// else shares them, so that removing it leaves no blank line.
func wholeLines(src []byte, tf *token.File, s ast.Stmt) (token.Pos, token.Pos) {
	pos, end := s.Pos(), s.End()
	lineStart := tf.LineStart(tf.Line(pos))
	before := string(src[tf.Offset(lineStart):tf.Offset(pos)])
	endOff := tf.Offset(end)
	after := endOff
	for after < len(src) && src[after] != '\n' {
		after++
	}
	if strings.TrimSpace(before) != "" || strings.TrimSpace(string(src[endOff:after])) != "" || after >= len(src) {
		return pos, end
	}
	return lineStart, tf.Pos(after + 1)
}
