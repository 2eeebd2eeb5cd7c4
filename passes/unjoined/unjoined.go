package unjoined

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/passes/sleepwait"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines whose work matters but that nothing waits for.
var Analyzer = &analysis.Analyzer{
	Name:     "unjoined",
	Doc:      analysisutil.MustExtractDoc(doc, "unjoined"),
	URL:      analysisutil.URL("unjoined"),
	Requires: []*analysis.Analyzer{Finder},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, d := range pass.ResultOf[Finder].(*Found).Findings {
			pass.Report(d)
		}
		return nil, nil
	},
}

// Finder finds the goroutines that nothing waits for and reports nothing
// itself: Analyzer reports its findings, and sharedwrite, which would
// describe the same missing wait as a race between the goroutine's write
// and the starter's read, stays silent on the starts it owns. Starts whose
// missing wait sleepwait reports (a Sleep in its place) are left to
// sleepwait. (Passes cannot require Analyzer itself: the command wraps it
// to apply suppressions.)
var Finder = &analysis.Analyzer{
	Name:       "unjoinedfinder",
	Doc:        "find goroutines whose result is used but never awaited (the analysis behind unjoined)",
	Requires:   []*analysis.Analyzer{goroutines.Analyzer, lockset.Analyzer, sleepwait.Finder},
	Run:        run,
	ResultType: reflect.TypeFor[*Found](),
}

// Found is what Finder found in a package.
type Found struct {
	// Findings are unjoined's diagnostics.
	Findings []analysis.Diagnostic
	// Owned are the starts that a finding of unjoined or of sleepwait is
	// about.
	Owned map[*goroutines.Spawn]bool
}

// The question is about paths and values (can a return be reached from
// the go statement without a join? is the variable the goroutine writes
// the one the starter reads?), so the pass works on SSA through the
// goroutines engine rather than on the AST.

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[goroutines.Analyzer].(*goroutines.Result)
	ls := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	sleeps := pass.ResultOf[sleepwait.Finder].(*sleepwait.Sleeps)
	out := &Found{Owned: map[*goroutines.Spawn]bool{}}
	for s := range sleeps.Owned {
		out.Owned[s] = true
	}
	for _, s := range r.Spawns {
		if s.Kind != goroutines.GoStmt && !(s.Kind == goroutines.ParamSpawn && !s.Signals) {
			continue
		}
		if sleeps.Owned[s] {
			continue // a Sleep stands in for its join: sleepwait's finding
		}
		n := len(out.Findings)
		check(pass, out, r, ls, s)
		if len(out.Findings) > n {
			out.Owned[s] = true
		}
	}
	return out, nil
}

// An access is a write the goroutine makes to memory its starter can see.
type access struct {
	loc   goroutines.Loc
	instr ssa.Instruction
	held  []goroutines.HeldLock
}

func check(pass *analysis.Pass, out *Found, r *goroutines.Result, ls *lockset.Result, s *goroutines.Spawn) {
	sum := r.Summarize(s)
	if sum.Signals || sum.Receives || sum.AtomicWrites || !r.Outlives(s) {
		return
	}
	starter := name(s.Parent)
	if sum.Unknown {
		if s.Call != nil && isMain(s.Parent) && !s.Many && printCall(s.Call) {
			report(out, s, "mainexit", "main may return before this goroutine prints; "+fix, nil)
		}
		return
	}

	// What the goroutine writes that outlives it.
	var writes []access
	for _, w := range r.Writes(s) {
		writes = append(writes, access{w.Loc, w.Instr, goroutines.Held(ls, w.Fr, w.Instr)})
	}

	// The starter reading one of them after the start.
	if len(writes) > 0 {
		var found *access
		var read ssa.Instruction
		r.WalkAfter(s, func(fr *goroutines.Frame, instr ssa.Instruction) {
			if found != nil || fr.InGoroutine() != nil {
				return
			}
			var l goroutines.Loc
			switch in := instr.(type) {
			case *ssa.UnOp:
				if in.Op != token.MUL {
					return
				}
				l = fr.Addr(in.X)
			case *ssa.Lookup:
				if _, ok := in.X.Type().Underlying().(*types.Map); !ok {
					return
				}
				l = fr.Addr(in.X)
				l.Path += "{}"
			default:
				return
			}
			if !l.Shared() {
				return
			}
			var held []goroutines.HeldLock
			for i := range writes {
				if !writes[i].loc.Overlaps(l) {
					continue
				}
				// A lock around both: the starter reads a state the
				// goroutine updates when it can, by design.
				if held == nil {
					held = goroutines.Held(ls, fr, instr)
				}
				if goroutines.CommonLock(writes[i].held, held) != nil {
					continue
				}
				found, read = &writes[i], instr
				return
			}
		})
		if found != nil {
			pos := posOf(pass, read, s)
			report(out, s, "unwaitedwrite",
				fmt.Sprintf("this goroutine writes %s, read by %s without waiting; %s", found.loc, starter, fix),
				[]analysis.RelatedInformation{
					{Pos: posOf(pass, found.instr, s), Message: "written by the goroutine here"},
					{Pos: pos, Message: "read here, without waiting"},
				})
			return
		}

		// Writing into what the starter returns, with no method to wait.
		if w := intoResult(s, writes); w != nil && !canWait(r, w.loc.Root.Type()) {
			report(out, s, "unwaitedresult",
				fmt.Sprintf("this goroutine writes %s into what %s returns without waiting; %s", w.loc, starter, fix),
				[]analysis.RelatedInformation{{Pos: posOf(pass, w.instr, s), Message: "written by the goroutine here"}})
			return
		}
	}

	if isMain(s.Parent) && !serverLoop(s) {
		what := "" // what the goroutine is still doing when main returns
		var rel []analysis.RelatedInformation
		if len(sum.Prints) > 0 {
			what = "printing"
			rel = append(rel, analysis.RelatedInformation{Pos: sum.Prints[0].Pos(), Message: "output here"})
		} else {
			for _, w := range writes {
				if _, ok := w.loc.Root.(*ssa.Global); ok {
					what = "writing " + w.loc.String()
					rel = append(rel, analysis.RelatedInformation{Pos: posOf(pass, w.instr, s), Message: "written here"})
					break
				}
			}
		}
		if what != "" {
			report(out, s, "mainexit",
				fmt.Sprintf("main may return before this goroutine finishes %s; %s", what, fix),
				rel)
			return
		}
	}

	if test := testFunc(s.Parent); test != "" && len(sum.Testing) > 0 && !sum.IO {
		call := sum.Testing[0]
		for _, c := range sum.Testing {
			if testMethod(c) != "t.Helper" {
				call = c
				break
			}
		}
		report(out, s, "testexit",
			fmt.Sprintf("this goroutine calls %s, but %s may return first; %s", testMethod(call), test, fix),
			[]analysis.RelatedInformation{{Pos: call.Pos(), Message: "called by the goroutine here"}})
	}
}

// fix is what every message of the pass tells to do. The messages say
// what happened in one clause; the positions of the write and the read
// are in Related.
const fix = "wait with a sync.WaitGroup or a done channel"

func report(out *Found, s *goroutines.Spawn, category, msg string, related []analysis.RelatedInformation) {
	out.Findings = append(out.Findings, analysis.Diagnostic{
		Pos:      s.Pos(),
		Category: category,
		Message:  msg,
		Related:  related,
	})
}

// posOf returns the position of instr, or of the start if it has none.
func posOf(pass *analysis.Pass, instr ssa.Instruction, s *goroutines.Spawn) token.Pos {
	if p := instr.Pos(); p.IsValid() {
		return p
	}
	return s.Pos()
}

// intoResult returns a write of the goroutine into an object that the
// starter returns, or nil.
func intoResult(s *goroutines.Spawn, writes []access) *access {
	root := &goroutines.Frame{Fn: s.Parent}
	for _, b := range s.Parent.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for _, v := range ret.Results {
			if !isPointerLike(v.Type()) {
				continue
			}
			l := root.Addr(v)
			if !l.Shared() {
				continue
			}
			if _, ok := l.Root.(*ssa.Global); ok {
				continue
			}
			for i := range writes {
				w := &writes[i]
				if w.loc.Root == l.Root && strings.HasPrefix(w.loc.Path, l.Path) && len(w.loc.Path) > len(l.Path) {
					return w
				}
			}
		}
	}
	return nil
}

func isPointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice:
		return true
	}
	return false
}

// name returns the name of fn for messages: its own, or for a closure the
// name of the function it is declared in.
func name(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}

// isMain reports whether fn is main.main.
func isMain(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "main" && fn.Pkg != nil &&
		fn.Pkg.Pkg.Name() == "main" && fn.Signature.Recv() == nil
}

// testFunc returns the name of the test fn is, or is a subtest closure of;
// "" if it is neither.
func testFunc(fn *ssa.Function) string {
	if fn.Signature.Params().Len() != 1 || !isTestingPtr(fn.Signature.Params().At(0).Type()) {
		return ""
	}
	if fn.Parent() == nil {
		n := fn.Name()
		for _, p := range []string{"Test", "Benchmark", "Fuzz"} {
			if strings.HasPrefix(n, p) {
				return n
			}
		}
		return ""
	}
	return "the test"
}

func isTestingPtr(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch n.Obj().Name() {
	case "T", "B", "F":
		return true
	}
	return false
}

// testMethod renders the testing method called by instr ("t.Errorf").
func testMethod(instr ssa.Instruction) string {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return "t"
	}
	cc := c.Common()
	if cc.IsInvoke() {
		return "t." + cc.Method.Name()
	}
	if f := cc.StaticCallee(); f != nil {
		return "t." + f.Name()
	}
	return "t"
}

// printCall reports whether the go statement's call itself prints
// (go fmt.Println(x)).
func printCall(cc *ssa.CallCommon) bool {
	if b, ok := cc.Value.(*ssa.Builtin); ok {
		return b.Name() == "print" || b.Name() == "println"
	}
	f := cc.StaticCallee()
	if f == nil || f.Pkg == nil {
		return false
	}
	switch f.Pkg.Pkg.Path() {
	case "fmt":
		return f.Name() == "Print" || f.Name() == "Printf" || f.Name() == "Println"
	case "log":
		return f.Name() == "Print" || f.Name() == "Printf" || f.Name() == "Println"
	}
	return false
}

// serverLoop reports whether s starts one goroutine per accepted
// connection: it is in a loop that calls an Accept method.
func serverLoop(s *goroutines.Spawn) bool {
	if !s.Many {
		return false
	}
	sb := s.Site.Block()
	for _, b := range s.Parent.Blocks {
		// b is in the loop of the start: each reaches the other.
		if !ssaval.BlockReaches(sb, b) || !ssaval.BlockReaches(b, sb) {
			continue
		}
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			cc := c.Common()
			var n string
			if cc.IsInvoke() {
				n = cc.Method.Name()
			} else if f := cc.StaticCallee(); f != nil && f.Signature.Recv() != nil {
				n = f.Name()
			}
			if strings.HasPrefix(n, "Accept") {
				return true
			}
		}
	}
	return false
}

// canWait reports whether the type t (of the value a function returns)
// has a method of this package that waits (on a WaitGroup, a channel...):
// its users have a way to wait for the goroutine.
func canWait(r *goroutines.Result, t types.Type) bool {
	if r.Pkg == nil {
		return false
	}
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		t = types.NewPointer(t)
	}
	ms := r.Pkg.Prog.MethodSets.MethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		fn := r.Pkg.Prog.MethodValue(ms.At(i))
		if f := r.Fact(fn); f != nil && f.Waits {
			return true
		}
	}
	return false
}
