package sharedwrite

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/goroutines"
	"github.com/syncvet/syncvet/internal/guards"
	"github.com/syncvet/syncvet/internal/lockset"
	"github.com/syncvet/syncvet/internal/syncop"
	"github.com/syncvet/syncvet/passes/unjoined"
)

//go:embed doc.go
var doc string

// Analyzer reports unsynchronized writes to memory shared between
// goroutines.
var Analyzer = &analysis.Analyzer{
	Name:     "sharedwrite",
	Doc:      analysisutil.MustExtractDoc(doc, "sharedwrite"),
	URL:      analysisutil.URL("sharedwrite"),
	Requires: []*analysis.Analyzer{goroutines.Analyzer, lockset.Analyzer, guards.Analyzer, unjoined.Finder},
	Run:      run,
}

// Whether two accesses can run at once, and whether they touch the same
// memory, are questions about values and paths (which variable does this
// closure capture? is this write after the Wait on every path? which
// locks are held here?), so the pass works on SSA, through the goroutines
// engine (starts, walks, joins) and the lockset engine (held locks).

type checker struct {
	pass     *analysis.Pass
	g        *goroutines.Result
	locks    *lockset.Result
	reported map[token.Pos]bool
	cands    map[token.Pos]*candidate
	// owned are the starts whose missing wait unjoined or sleepwait
	// reports: a write of their goroutine read by the starter is that
	// finding, not a second one.
	owned map[*goroutines.Spawn]bool
}

// A candidate is a racing pair found for the write at one position; the
// best pair for each write is reported.
type candidate struct {
	s    *goroutines.Spawn
	w, o access
	self bool
	rank int
}

func run(pass *analysis.Pass) (any, error) {
	if p := pass.Pkg.Path(); p == "runtime" || strings.HasPrefix(p, "internal/runtime/") {
		// The runtime synchronizes with its own locks, atomics and
		// stop-the-world, none of which the engines model.
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		g:        pass.ResultOf[goroutines.Analyzer].(*goroutines.Result),
		locks:    pass.ResultOf[lockset.Analyzer].(*lockset.Result),
		reported: map[token.Pos]bool{},
		cands:    map[token.Pos]*candidate{},
		owned:    pass.ResultOf[unjoined.Finder].(*unjoined.Found).Owned,
	}
	c.checkAnnotated()
	spawns := append(append([]*goroutines.Spawn(nil), c.g.Spawns...), c.g.Lifted()...)
	for _, s := range spawns {
		c.checkSpawn(s)
	}
	poss := make([]token.Pos, 0, len(c.cands))
	for p := range c.cands {
		poss = append(poss, p)
	}
	sort.Slice(poss, func(i, j int) bool { return analysisutil.Before(pass.Fset, poss[i], poss[j]) })
	for _, p := range poss {
		if c.reported[p] {
			continue // an annotated field's: reported as such
		}
		k := c.cands[p]
		c.report(k.s, k.w, k.o, p, k.self)
	}
	c.checkGuards()
	return nil, nil
}

// An access is a read or write of memory, seen from a walk.
type access struct {
	fr     *goroutines.Frame
	instr  ssa.Instruction
	loc    goroutines.Loc
	write  bool
	atomic bool
	append bool
	held   []goroutines.HeldLock
}

// accesses returns the accesses instr makes, seen from frame fr.
func (c *checker) accesses(fr *goroutines.Frame, instr ssa.Instruction) []access {
	var out []access
	add := func(addr ssa.Value, suffix string, write, atomic bool) {
		if isSyncMemory(addr, suffix) {
			return
		}
		l := fr.Addr(addr)
		l.Path += suffix
		if !l.Shared() {
			return
		}
		out = append(out, access{fr: fr, instr: instr, loc: l, write: write, atomic: atomic})
	}
	switch in := instr.(type) {
	case *ssa.Store:
		add(in.Addr, "", true, false)
		if len(out) > 0 {
			if call, ok := in.Val.(*ssa.Call); ok {
				if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
					out[0].append = true
				}
			}
		}
	case *ssa.UnOp:
		if in.Op == token.MUL {
			add(in.X, "", false, false)
		}
	case *ssa.MapUpdate:
		add(in.Map, "{}", true, false)
	case *ssa.Lookup:
		if isMap(in.X.Type()) {
			add(in.X, "{}", false, false)
		}
	case *ssa.Range:
		if isMap(in.X.Type()) {
			add(in.X, "{}", false, false)
		}
	case *ssa.Call:
		cc := &in.Call
		if b, ok := cc.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "delete":
				add(cc.Args[0], "{}", true, false)
			case "clear":
				if isMap(cc.Args[0].Type()) {
					add(cc.Args[0], "{}", true, false)
				}
			}
		} else if op := syncop.Call(cc); !op.IsMethod() {
			// A method of an atomic type works on memory isSyncMemory
			// leaves alone; a function of sync/atomic on a plain variable.
			if addr, write, ok := op.Atomic(); ok {
				add(addr, "", write, true)
			}
		}
	}
	for i := range out {
		out[i].held = goroutines.Held(c.locks, fr, instr)
	}
	return out
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// isSyncMemory reports whether addr points to a value that synchronizes
// by itself (a Mutex, an atomic.Int64, a sync.Map...) or to a channel:
// reading or writing it is not a plain data access this pass judges.
func isSyncMemory(addr ssa.Value, suffix string) bool {
	if suffix != "" {
		return false
	}
	p, ok := addr.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	return syncop.IsSyncType(p.Elem()) || syncop.IsChan(p.Elem())
}

// sharedOnly returns a lock that both a and b hold, but only for reading.
func sharedOnly(a, b access) *goroutines.HeldLock {
	for i := range a.held {
		for j := range b.held {
			if goroutines.SameLock(a.held[i], b.held[j]) {
				return &a.held[i]
			}
		}
	}
	return nil
}

// checkSpawn pairs what the goroutine of s does with what its starter
// does meanwhile, and, for a start in a loop, with what the other
// goroutines of the same start do.
func (c *checker) checkSpawn(s *goroutines.Spawn) {
	var inG, inC []access
	c.g.Walk(s, func(fr *goroutines.Frame, instr ssa.Instruction) {
		inG = append(inG, c.accesses(fr, instr)...)
	})
	if len(inG) == 0 {
		return
	}
	c.g.WalkAfter(s, func(fr *goroutines.Frame, instr ssa.Instruction) {
		inC = append(inC, c.accesses(fr, instr)...)
	})
	// Only accesses from the same root can overlap. Roots go in the
	// order of their first access, so that which of two equally good
	// pairs is reported does not vary from run to run.
	byRoot := func(as []access) (map[ssa.Value][]int, []ssa.Value) {
		m := map[ssa.Value][]int{}
		var order []ssa.Value
		for i, a := range as {
			if m[a.loc.Root] == nil {
				order = append(order, a.loc.Root)
			}
			m[a.loc.Root] = append(m[a.loc.Root], i)
		}
		return m, order
	}
	gRoots, order := byRoot(inG)
	cRoots, _ := byRoot(inC)
	for _, root := range order {
		gs := gRoots[root]
		for _, i := range gs {
			for _, j := range cRoots[root] {
				c.pair(s, inG[i], inC[j], false)
				c.pair(s, inC[j], inG[i], false)
			}
			if s.Many {
				for _, j := range gs {
					c.pair(s, inG[i], inG[j], true)
				}
			}
		}
	}
}

// pair reports w if it is a write that may race with o. self: both are in
// goroutines of the start s, in different instances.
func (c *checker) pair(s *goroutines.Spawn, w, o access, self bool) {
	if w.atomic || (!w.write && !(o.atomic && o.write)) {
		return
	}
	if !w.write && !o.write || w.atomic && o.atomic {
		return
	}
	if c.owned[s] && !self && !o.write && w.fr.InGoroutine() == s && o.fr.InGoroutine() == nil {
		return // the starter reads what the goroutine writes without waiting: unjoined's or sleepwait's finding
	}
	pos := c.position(w)
	if !pos.IsValid() {
		return
	}
	if !w.loc.Overlaps(o.loc) {
		return
	}
	if self && (goroutines.PerInstance(s, w.loc.Root) || goroutines.PerInstance(s, o.loc.Root)) {
		return
	}
	if !sameElement(s, w, o, self) {
		return
	}
	if goroutines.CommonLock(w.held, o.held) != nil {
		return
	}
	if len(w.held) > 0 && len(o.held) == 0 && o.write && !o.atomic {
		return // o is the unguarded write, reported on its own
	}
	rank := 2
	switch {
	case o.instr == w.instr:
		rank = 0
	case o.write:
		rank = 1
	}
	if k := c.cands[pos]; k != nil && k.rank <= rank {
		return // as good a pair is known: spare the costlier checks
	}
	if c.ordered(w, o) || c.ordered(o, w) {
		return
	}
	if !w.atomic && !o.atomic && goroutines.OrderedByAtomic(w.fr, w.instr, o.fr, o.instr) || goroutines.OrderedByAtomic(o.fr, o.instr, w.fr, w.instr) {
		return
	}
	if !self && (!sameInstance(s, w) || !sameInstance(s, o)) {
		return
	}
	c.cands[pos] = &candidate{s: s, w: w, o: o, self: self, rank: rank}
}

// sameInstance reports whether an access of the starter touches the
// instance of its location that the goroutine sees (not the variable of a
// later loop iteration).
func sameInstance(s *goroutines.Spawn, a access) bool {
	if a.fr.InGoroutine() != nil {
		return true
	}
	return goroutines.SameInstance(s, a.loc.Root, a.fr.Top(a.instr))
}

// sameElement reports whether two accesses of elements may touch the same
// ones: at every element step both paths share, the indices are the same
// value (and, for two goroutines of one start, not a value each goroutine
// has its own of).
func sameElement(s *goroutines.Spawn, w, o access, self bool) bool {
	n := min(len(w.loc.Indices), len(o.loc.Indices))
	for i := 0; i < n; i++ {
		a, b := w.loc.Indices[i], o.loc.Indices[i]
		if !goroutines.SameValue(a.Fr, a.V, b.Fr, b.V) {
			return false
		}
		if self {
			v, f := a.Fr.Resolve(a.V)
			if _, ok := v.(*ssa.Const); ok {
				continue
			}
			// A value computed by the goroutine, or made for each of
			// them, differs between goroutines as far as we can tell.
			if f.Parent != nil || goroutines.PerInstance(s, v) {
				return false
			}
		}
	}
	return true
}

// ordered reports whether a, done by the starter, happens before b, done
// by a goroutine, through a channel.
func (c *checker) ordered(a, b access) bool {
	if a.fr.InGoroutine() != nil || b.fr.InGoroutine() == nil {
		return false
	}
	return c.g.OrderedByChannel(a.fr, a.instr, b.fr, b.instr)
}

// position returns where to report the access w: the write itself, or
// the call that leads to it when the write has no position.
func (c *checker) position(w access) token.Pos {
	if p := w.instr.Pos(); p.IsValid() {
		return p
	}
	for f, in := w.fr, w.instr; f != nil; in, f = f.Site, f.Parent {
		if p := in.Pos(); p.IsValid() {
			return p
		}
	}
	return token.NoPos
}

func (c *checker) report(s *goroutines.Spawn, w, o access, pos token.Pos, self bool) {
	c.reported[pos] = true
	other := "read"
	if o.write {
		other = "write"
	}
	if o.atomic {
		other = "atomic " + other
	}
	opos := c.position(o)
	start := s.Inner().Pos()

	// The message names the kind of the other access and the lock it
	// holds; its position and the goroutine start are in Related.
	article := "a "
	if o.atomic {
		article = "an "
	}
	access := article + other
	shared := sharedOnly(w, o)
	if len(o.held) > 0 && len(w.held) == 0 {
		access += " under " + o.held[0].Name
	}
	var where string
	switch {
	case self && o.instr == w.instr:
		where = "itself in other goroutines"
	case self:
		where = access + " in other goroutines"
	case w.fr.InGoroutine() != nil && o.fr.InGoroutine() == nil:
		where = access + " outside the goroutine"
	default:
		where = access + " in another goroutine"
	}
	// Waiting for the goroutine orders it with its starter's accesses,
	// not with those of other goroutines.
	starter := w.fr.InGoroutine() == nil || o.fr.InGoroutine() == nil

	category := "race"
	name := c.source(pos, w.loc)
	what := "write to " + name
	fix := "use a sync.Mutex or sync/atomic"
	if starter && !self {
		fix += ", or wait for the goroutine"
	}
	switch {
	case w.atomic || o.atomic:
		category = "mixedatomic"
		if w.write {
			what = "plain write to " + name
		} else {
			what = "plain read of " + name
		}
		fix = "use sync/atomic for every access"
	case strings.HasSuffix(w.loc.Path, "{}"):
		category = "mapwrite"
		what = "write to map " + c.mapSource(pos, w.loc)
		fix = "guard the map with a sync.Mutex or use sync.Map"
	case w.append:
		category = "append"
		what = "append to " + name
		fix = "use a sync.Mutex, or give each goroutine its own element"
	}
	switch {
	case len(o.held) > 0 && len(w.held) == 0:
		fix = "hold " + o.held[0].Name + " here too"
	case shared != nil:
		what += " under " + shared.Name + ".RLock"
		fix = "take " + shared.Name + ".Lock to write"
	}
	msg := fmt.Sprintf("%s may race with %s; %s", what, where, fix)
	related := []analysis.RelatedInformation{
		{Pos: opos, Message: "the other " + other},
		{Pos: start, Message: "goroutine started here"},
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		Category: category,
		Message:  msg,
		Related:  related,
	})
}

// source renders the expression written at pos as the source spells it
// ("s.state", "results[i]"), or the location's own rendering.
func (c *checker) source(pos token.Pos, l goroutines.Loc) string {
	if e := c.lvalue(pos); e != nil {
		return analysisutil.Render(c.pass.Fset, e)
	}
	return l.String()
}

// mapSource renders the map written at pos ("m" for m[k] = v).
func (c *checker) mapSource(pos token.Pos, l goroutines.Loc) string {
	if e, ok := c.lvalue(pos).(*ast.IndexExpr); ok {
		return analysisutil.Render(c.pass.Fset, e.X)
	}
	return strings.TrimSuffix(l.String(), "[k]")
}

// lvalue returns the largest expression starting at pos that can be
// assigned to, or nil.
func (c *checker) lvalue(pos token.Pos) ast.Expr {
	var best ast.Expr
	for _, n := range analysisutil.PathAt(c.pass.Files, pos) {
		e, ok := n.(ast.Expr)
		if !ok {
			break
		}
		// SSA places a field store at the selector's name and an
		// element store at the bracket.
		at := e.Pos() == pos
		switch e := e.(type) {
		case *ast.SelectorExpr:
			at = at || e.Sel.Pos() == pos
		case *ast.IndexExpr:
			at = at || e.Lbrack == pos
		}
		if !at && best != nil && e.Pos() == best.Pos() {
			at = true
		}
		if !at {
			break
		}
		switch e.(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr, *ast.ParenExpr:
			best = e
		}
	}
	return best
}
