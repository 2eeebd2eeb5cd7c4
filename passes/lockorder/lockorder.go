package lockorder

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/internal/ssaval"
)

//go:embed doc.go
var doc string

// Analyzer reports cycles in the lock-order graph.
var Analyzer = &analysis.Analyzer{
	Name:       "lockorder",
	Doc:        analysisutil.MustExtractDoc(doc, "lockorder"),
	URL:        analysisutil.URL("lockorder"),
	Requires:   []*analysis.Analyzer{lockset.Analyzer},
	FactTypes:  []analysis.Fact{new(Edges)},
	ResultType: reflect.TypeFor[*Edges](),
	Run:        run,
}

// The pass works on the lockset engine's results (SSA): which locks are
// held at an acquisition is a question of paths and calls, not of shape.

// An Edge says that lock To was acquired while lock From was held.
type Edge struct {
	From, To     string // lock classes, "(*pkg.Cache).mu" or "pkg.mu"
	FromName     string // how the source names the outer lock, "c.mu"
	ToName       string // how the source names the inner lock
	Func         string // the function holding From, "(*pkg.Cache).Put"
	Inner        token.Position
	Outer        token.Position
	inner, outer token.Pos // in this process's FileSet; NoPos for imported edges
	innerEnd     token.Pos
	// via is where a callee called at inner takes the inner lock, when it
	// is not inner itself and in this process's FileSet.
	via    token.Pos
	callee string
	uses   int // how many acquisitions of the package take this order
	local  bool
}

// Edges is the package fact listing the lock-order edges made by a
// package's functions, and the pass's result.
type Edges struct {
	List []Edge
}

// AFact marks Edges as a fact.
func (*Edges) AFact() {}

// String lists the edges in a stable form tests assert.
func (e *Edges) String() string {
	parts := make([]string, len(e.List))
	for i, x := range e.List {
		parts[i] = x.From + " -> " + x.To
	}
	return "edges(" + strings.Join(parts, ", ") + ")"
}

// maxEdgesPerPair bounds the edges kept for one pair of classes: the
// first (by position) is enough to name the order.
const maxEdges = 2000

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	local := collect(pass, res)

	// The graph: this package's edges and those of every dependency.
	var all []Edge
	all = append(all, local...)
	// Dependencies in path order: the drivers list facts in map order,
	// and the order of the edges decides which of two shortest cycles is
	// reported.
	facts := pass.AllPackageFacts()
	sort.Slice(facts, func(i, j int) bool { return facts[i].Package.Path() < facts[j].Package.Path() })
	for _, f := range facts {
		if f.Package == pass.Pkg {
			continue
		}
		if es, ok := f.Fact.(*Edges); ok {
			for _, e := range es.List {
				// An in-memory driver hands over the fact as exported,
				// unexported fields and all; go vet's, serialized,
				// drops them. Drop them here too, so that an imported
				// edge is never taken for a local one whatever the
				// driver.
				e.local, e.inner, e.outer, e.innerEnd = false, token.NoPos, token.NoPos, token.NoPos
				all = append(all, e)
			}
		}
	}
	reportCycles(pass, local, all)

	out := &Edges{List: local}
	if len(local) > 0 && analysisutil.Importable(pass.Pkg) {
		pass.ExportPackageFact(out)
	}
	return out, nil
}

// collect returns the package's lock-order edges, one per pair of
// classes (the first by position), and reports the nesting of two
// instances of one class through swappable parameters.
func collect(pass *analysis.Pass, res *lockset.Result) []Edge {
	seen := map[[2]string]bool{}
	uses := map[[2]string]int{} // acquisitions per order, also those of pairs already seen
	var edges []Edge
	for _, f := range res.Funcs {
		if f.Imprecise {
			continue
		}
		var swaps []*lockset.Acquire // same-class nestings of two parameters
		reverse := map[[2]int]bool{}
		for _, a := range f.Acquires {
			if a.Try || a.Lock.Kind.IsSem() {
				continue
			}
			if a.Panics {
				// Every path on from here panics: code that reports a
				// misuse (net/http's "invalid concurrent Body.Read
				// call"), not an order the program keeps.
				continue
			}
			for _, h := range a.Held {
				if h.Lock.Kind.IsSem() || h.Lock.Key() == a.Lock.Key() {
					continue // doublelock's business
				}
				if h.Lock.Class == "" || a.Lock.Class == "" {
					continue
				}
				if ssaval.Unpublished(h.Lock.RootValue(), a.Instr) || ssaval.Unpublished(a.Lock.RootValue(), a.Instr) {
					// A lock of an object the function has just made and
					// not yet handed to anyone: no other goroutine can
					// hold it, so it orders nothing.
					continue
				}
				if h.Lock.Class == a.Lock.Class {
					if i, j, ok := swappable(f.Fn, h.Lock, a.Lock); ok {
						reverse[[2]int{i, j}] = true
						swaps = append(swaps, a)
					}
					continue
				}
				key := [2]string{h.Lock.Class, a.Lock.Class}
				uses[key]++
				if seen[key] || len(edges) >= maxEdges {
					continue
				}
				seen[key] = true
				edges = append(edges, makeEdge(pass, f.Fn, h, a))
			}
		}
		reportSwaps(pass, f.Fn, swaps, reverse)
	}
	for i := range edges {
		edges[i].uses = uses[[2]string{edges[i].From, edges[i].To}]
	}
	return edges
}

func makeEdge(pass *analysis.Pass, fn *ssa.Function, h lockset.HeldLock, a *lockset.Acquire) Edge {
	e := Edge{
		From: h.Lock.Class, To: a.Lock.Class,
		FromName: h.Lock.Name, ToName: a.Lock.Name,
		Func:  funcName(fn),
		inner: a.Pos, innerEnd: a.End,
		local: true,
	}
	if h.Site != nil {
		e.outer = h.Site.Pos()
	}
	if a.Via != nil && a.Via.Op.Pos().IsValid() && a.Via.Op.Pos() != a.Pos {
		e.via, e.callee = a.Via.Op.Pos(), shorten(a.Via.Callee)
	}
	e.Inner = pass.Fset.Position(e.inner)
	if e.outer.IsValid() {
		e.Outer = pass.Fset.Position(e.outer)
	}
	// Positions travel to other packages with the file's base name only:
	// facts must not depend on where the source lives.
	e.Inner.Filename = filepath.Base(e.Inner.Filename)
	e.Outer.Filename = filepath.Base(e.Outer.Filename)
	return e
}

// swappable reports whether outer and inner are the same field path of
// two different parameters of fn with identical types, neither the
// receiver, and fn is exported: any caller can pass the arguments in
// either order. (An unexported helper such as a test's equal(p, q) is
// called the way its package calls it: no evidence of both orders.)
func swappable(fn *ssa.Function, outer, inner *lockset.Lock) (int, int, bool) {
	if !exported(fn) {
		return 0, 0, false
	}
	if outer.Root != lockset.RootParam || inner.Root != lockset.RootParam || outer.Param == inner.Param {
		return 0, 0, false
	}
	if strings.Join(outer.Path, ".") != strings.Join(inner.Path, ".") {
		return 0, 0, false
	}
	params := fn.Params
	first := 0
	if fn.Signature.Recv() != nil {
		first = 1
	}
	i, j := outer.Param, inner.Param
	if i < first || j < first || i >= len(params) || j >= len(params) {
		return 0, 0, false
	}
	if !types.Identical(params[i].Type(), params[j].Type()) {
		return 0, 0, false
	}
	return i, j, true
}

// exported reports whether fn can be called from other packages: an
// exported function, or an exported method of an exported type.
func exported(fn *ssa.Function) bool {
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || !obj.Exported() {
		return false
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Exported()
	}
	return true
}

// reportSwaps reports the nesting of two parameters' locks of one class,
// unless the function also nests them the other way (an order chosen at
// run time).
func reportSwaps(pass *analysis.Pass, fn *ssa.Function, swaps []*lockset.Acquire, reverse map[[2]int]bool) {
	done := map[[2]int]bool{}
	for _, a := range swaps {
		for _, h := range a.Held {
			i, j, ok := swappable(fn, h.Lock, a.Lock)
			if !ok || h.Lock.Class != a.Lock.Class || reverse[[2]int{j, i}] || done[[2]int{i, j}] {
				continue
			}
			done[[2]int{i, j}] = true
			d := analysis.Diagnostic{
				Pos: a.Pos, End: a.End,
				Category: "swap",
				Message: fmt.Sprintf("%s then %s here, two locks of class %s in argument order; order them by ID or address",
					h.Lock.Name, a.Lock.Name, shorten(a.Lock.Class)),
			}
			if h.Site != nil {
				d.Related = []analysis.RelatedInformation{{Pos: h.Site.Pos(), Message: h.Lock.Name + " acquired here"}}
			}
			pass.Report(d)
		}
	}
}

// reportCycles reports every cycle of the graph that goes through at
// least one of the package's own edges (cycles of dependencies alone were
// reported there), once, at the first local edge of the cycle.
func reportCycles(pass *analysis.Pass, local, all []Edge) {
	succ := map[string][]int{} // class -> indices in all of edges from it
	for i, e := range all {
		succ[e.From] = append(succ[e.From], i)
	}
	for _, s := range succ {
		sort.Ints(s)
	}
	// One finding per place: the cycles that break at the same
	// acquisition (a lock taken under a widely used one closes a cycle
	// with each of its orders) are one mistake, reported with the
	// shortest of them, the first found among equals.
	var order []token.Pos
	best := map[token.Pos][]int{}
	seen := map[string]bool{}
	for li := range local {
		e := local[li]
		path := shortestPath(all, succ, e.To, e.From)
		if path == nil {
			continue
		}
		cycle := breakAt(all, append([]int{li}, path...))
		key := cycleKey(all, cycle)
		if seen[key] {
			continue
		}
		seen[key] = true
		at := all[cycle[0]].inner
		old, ok := best[at]
		if !ok {
			order = append(order, at)
		}
		if !ok || len(cycle) < len(old) {
			best[at] = cycle
		}
	}
	for _, at := range order {
		report(pass, all, best[at])
	}
}

// shortestPath returns the indices of the edges of a shortest path from
// class from to class to, or nil. Breadth-first: deterministic, bounded
// by the number of classes.
func shortestPath(all []Edge, succ map[string][]int, from, to string) []int {
	prev := map[string]int{from: -1}
	queue := []string{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == to {
			var path []int
			for c != from {
				i := prev[c]
				path = append([]int{i}, path...)
				c = all[i].From
			}
			return path
		}
		for _, i := range succ[c] {
			n := all[i].To
			if _, ok := prev[n]; !ok {
				prev[n] = i
				queue = append(queue, n)
			}
		}
	}
	return nil
}

// cycleKey names a cycle by its set of edges, whichever edge it starts at.
func cycleKey(all []Edge, cycle []int) string {
	keys := make([]string, len(cycle))
	for i, c := range cycle {
		keys[i] = all[c].From + "->" + all[c].To
	}
	sort.Strings(keys)
	return strings.Join(keys, ";")
}

// breakAt rotates cycle (indices into all; the first is a local edge) to
// start at the local edge that breaks the usual order, where it is
// reported: of the local edges, the one whose order the package's code
// takes least often, and of those the first in the file.
func breakAt(all []Edge, cycle []int) []int {
	start := 0
	rank := func(i int) int { return all[i].uses }
	for k, i := range cycle {
		if !all[i].local {
			continue
		}
		cur := cycle[start]
		if rank(i) < rank(cur) || rank(i) == rank(cur) && all[i].inner < all[cur].inner {
			start = k
		}
	}
	return append(append([]int(nil), cycle[start:]...), cycle[:start]...)
}

// report reports cycle, rotated by breakAt, at the inner acquisition of
// its first edge.
func report(pass *analysis.Pass, all []Edge, cycle []int) {
	here := all[cycle[0]]
	var others []string
	var related []analysis.RelatedInformation
	if here.outer.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: here.outer, Message: shorten(here.From) + " acquired here"})
	}
	if here.via.IsValid() {
		related = append(related, analysis.RelatedInformation{Pos: here.via, Message: shorten(here.To) + " acquired here, in " + here.callee})
	}
	for _, i := range cycle[1:] {
		o := all[i]
		others = append(others, fmt.Sprintf("%s then %s in %s", shorten(o.From), shorten(o.To), o.Func))
		if o.local {
			related = append(related, analysis.RelatedInformation{Pos: o.inner, Message: fmt.Sprintf("%s acquired here while holding %s", shorten(o.To), shorten(o.From))})
			if o.via.IsValid() {
				related = append(related, analysis.RelatedInformation{Pos: o.via, Message: shorten(o.To) + " acquired here, in " + o.callee})
			}
		}
	}
	// The message names the other edges' functions; their positions are
	// in Related (those of this package) and why it deadlocks in the doc.
	but := strings.Join(others, ", and ")
	if len(cycle) == 2 {
		but = "the reverse in " + all[cycle[1]].Func
	}
	pass.Report(analysis.Diagnostic{
		Pos: here.inner, End: here.innerEnd,
		Category: "cycle",
		Message: fmt.Sprintf("%s then %s here, but %s; use one global order",
			shorten(here.From), shorten(here.To), but),
		Related: related,
	})
}

// funcName names fn for messages, with package paths shortened:
// "(*store.Store).Set", "a.thread2", "a.f$1".
func funcName(fn *ssa.Function) string {
	return shorten(fn.RelString(nil))
}

// shorten shortens package paths in a class or function name.
func shorten(s string) string { return analysisutil.ShortenPaths(s) }
