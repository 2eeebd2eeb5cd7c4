package lockset

import (
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
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// pkgAnalysis is the engine's state for one package.
type pkgAnalysis struct {
	pass *analysis.Pass
	pkg  *ssa.Package

	closures   map[*ssa.Function]*ssa.MakeClosure // anonymous function -> the MakeClosure creating it
	goLaunched map[*ssa.Function]bool             // anonymous functions started by a go statement
	nodes      map[token.Pos]ast.Node             // call expressions by Lparen, send statements by arrow, ...

	results    map[*ssa.Function]*Func
	summaries  map[*ssa.Function]*Summary // entry-free summaries of this package's functions
	inProgress map[*ssa.Function]bool
	depth      int
	imported   map[*ssa.Function]*Summary
	semKeys    map[*ssa.Function]map[string]bool // per family root: keys of semaphore channels
	entries    map[*ssa.Function]*entryUses
	files      map[string]*token.File
	funcs      []*ssa.Function
	chanCaps   map[string]bool           // channel fields and variables by class: only ever made buffered
	typeCaps   [2]map[string]bool        // channel types of this package's element types: only ever made buffered (by all code, by non-test code)
	names      map[*ssa.Function]string  // memo of funcName
	ids        map[any]int               // see idOf
	dispatch   *ssaval.Dispatch          // the callees of dynamic calls
	conds      map[*types.Var]*condAlias // see condAliases
	flags      map[*ssa.Function][]int   // see flagParams
	flagSums   map[flagKey]*Summary      // see flagSummary
	annots     *Annotations              // the package's checklocks annotations, or nil
}

// entryUses collects the locks held where a closure is called.
type entryUses struct {
	sets  []LockSet
	known map[ssa.Instruction]bool
}

func newPkgAnalysis(pass *analysis.Pass, pkg *ssa.Package, funcs []*ssa.Function) *pkgAnalysis {
	pa := &pkgAnalysis{
		pass:       pass,
		pkg:        pkg,
		closures:   map[*ssa.Function]*ssa.MakeClosure{},
		goLaunched: map[*ssa.Function]bool{},
		nodes:      map[token.Pos]ast.Node{},
		results:    map[*ssa.Function]*Func{},
		summaries:  map[*ssa.Function]*Summary{},
		inProgress: map[*ssa.Function]bool{},
		imported:   map[*ssa.Function]*Summary{},
		semKeys:    map[*ssa.Function]map[string]bool{},
		entries:    map[*ssa.Function]*entryUses{},
		funcs:      funcs,
		names:      map[*ssa.Function]string{},
		ids:        map[any]int{},
		flags:      map[*ssa.Function][]int{},
		flagSums:   map[flagKey]*Summary{},
	}
	if pkg != nil {
		pa.dispatch = ssaval.NewDispatch(pass.Pkg, pkg.Prog, funcs)
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.MakeClosure:
					if f, ok := x.Fn.(*ssa.Function); ok {
						pa.closures[f] = x
					}
				case *ssa.Go:
					if f := x.Call.StaticCallee(); f != nil && f.Parent() != nil {
						pa.goLaunched[f] = true
					}
				}
			}
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				pa.nodes[x.Lparen] = x
			case *ast.SendStmt:
				pa.nodes[x.Arrow] = x
			case *ast.UnaryExpr:
				if x.Op == token.ARROW {
					pa.nodes[x.OpPos] = x
				}
			case *ast.SelectStmt:
				pa.nodes[x.Select] = x
			case *ast.RangeStmt:
				pa.nodes[x.For] = x
				if x.TokPos.IsValid() {
					pa.nodes[x.TokPos] = x
				}
			case *ast.ReturnStmt:
				pa.nodes[x.Return] = x
			}
			return true
		})
	}
	return pa
}

// buffered reports whether ch is known to be a buffered channel: made
// here with a capacity (also when captured by a closure), read from a
// variable or field that the package only ever sets to channels made with
// a capacity, or of a type chan T, T declared in this package, that the
// package only ever makes with a capacity (reply channels kept in maps
// and slices: database/sql's connRequests). A send on it is taken not to
// block (its capacity is chosen for that).
func (pa *pkgAnalysis) buffered(ch ssa.Value) bool {
	for range 16 {
		switch x := ch.(type) {
		case *ssa.ChangeType:
			ch = x.X
			continue
		case *ssa.MakeChan:
			return hasCap(x)
		case *ssa.FreeVar:
			if b := pa.binding(x); b != nil {
				ch = b
				continue
			}
		case *ssa.UnOp:
			// A variable captured by a closure lives in a heap cell:
			// buffered if every value stored there is.
			if x.Op == token.MUL {
				if cell := pa.cell(x.X); cell != nil {
					return cellBuffered(cell)
				}
			}
		}
		break
	}
	if pa.ownBuffered(ch) {
		return true
	}
	if pa.chanCaps == nil {
		pa.chanCaps = map[string]bool{}
		for _, fn := range pa.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					v := st.Val
					if ct, ok := v.(*ssa.ChangeType); ok {
						v = ct.X
					}
					mc, ok := v.(*ssa.MakeChan)
					if !ok {
						if _, isChan := ssaval.CoreType(st.Val.Type()).(*types.Chan); !isChan {
							continue
						}
					}
					l, _ := pa.resolve(st.Addr, Mutex)
					if l == nil || l.Class == "" {
						continue
					}
					prev, seen := pa.chanCaps[l.Class]
					pa.chanCaps[l.Class] = (!seen || prev) && mc != nil && hasCap(mc)
				}
			}
		}
	}
	l, _ := pa.resolve(ch, Mutex)
	return l != nil && l.Class != "" && pa.chanCaps[l.Class]
}

// cell returns the local variable's heap cell that addr is, directly or
// as a closure's free variable, or nil.
func (pa *pkgAnalysis) cell(addr ssa.Value) *ssa.Alloc {
	for range 16 {
		switch x := addr.(type) {
		case *ssa.Alloc:
			return x
		case *ssa.FreeVar:
			if addr = pa.binding(x); addr != nil {
				continue
			}
		}
		return nil
	}
	return nil
}

// cellBuffered reports whether the variable cell is only ever set to
// channels made with a capacity, also by the closures capturing it, and
// does not escape otherwise.
func cellBuffered(cell *ssa.Alloc) bool {
	stores := 0
	ok := cellStores(cell, &stores, 0)
	return ok && stores > 0
}

func cellStores(cell ssa.Value, stores *int, depth int) bool {
	refs := cell.Referrers()
	if refs == nil || depth > 8 {
		return false
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != cell {
				return false
			}
			v := r.Val
			if ct, ok := v.(*ssa.ChangeType); ok {
				v = ct.X
			}
			mc, ok := v.(*ssa.MakeChan)
			if !ok || !hasCap(mc) {
				return false
			}
			*stores++
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == cell && (i >= len(fn.FreeVars) || !cellStores(fn.FreeVars[i], stores, depth+1)) {
					return false
				}
			}
		case *ssa.UnOp, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// ownBuffered reports whether ch is of type chan T (any direction) with
// T, or what T points to, a named type of this package, and every make of
// that channel type in the package has a capacity. Other packages cannot
// make such channels without importing T; when they do, they are not
// seen. For a channel used outside test files, the channels test files
// make are left out: a test of a queue may make unbuffered ones for its
// own purposes.
func (pa *pkgAnalysis) ownBuffered(ch ssa.Value) bool {
	key := ownChanKey(pa.pass.Pkg, ch.Type())
	if key == "" {
		return false
	}
	if pa.typeCaps[0] == nil {
		pa.typeCaps = [2]map[string]bool{{}, {}}
		for _, fn := range pa.funcs {
			test := pa.inTestFile(fn)
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if mc, ok := instr.(*ssa.MakeChan); ok {
						if k := ownChanKey(pa.pass.Pkg, mc.Type()); k != "" {
							for i, m := range pa.typeCaps {
								if i == 1 && test {
									continue
								}
								prev, seen := m[k]
								m[k] = (!seen || prev) && hasCap(mc)
							}
						}
					}
				}
			}
		}
	}
	if fn := ch.Parent(); fn != nil && !pa.inTestFile(fn) {
		return pa.typeCaps[1][key]
	}
	return pa.typeCaps[0][key]
}

// inTestFile reports whether fn is declared in a _test.go file.
func (pa *pkgAnalysis) inTestFile(fn *ssa.Function) bool {
	if !fn.Pos().IsValid() {
		return false
	}
	return strings.HasSuffix(pa.pass.Fset.File(fn.Pos()).Name(), "_test.go")
}

// ownChanKey names the element type of the channel type t if it is
// declared in pkg (directly or behind a pointer), or returns "".
func ownChanKey(pkg *types.Package, t types.Type) string {
	ct, ok := ssaval.CoreType(t).(*types.Chan)
	if !ok {
		return ""
	}
	elem := ct.Elem()
	if p, ok := types.Unalias(elem).(*types.Pointer); ok {
		elem = p.Elem()
	}
	n, ok := types.Unalias(elem).(*types.Named)
	if !ok || n.Obj().Pkg() != pkg || n.TypeParams().Len() > 0 {
		return ""
	}
	return types.TypeString(ct.Elem(), nil)
}

// hasCap reports whether make(chan T, n) has n > 0 (or n not constant).
func hasCap(mc *ssa.MakeChan) bool {
	c, ok := mc.Size.(*ssa.Const)
	if !ok {
		return true
	}
	return c.Value != nil && c.Int64() > 0
}

// binding returns the value bound to a closure's free variable by the
// MakeClosure that created it.
func (pa *pkgAnalysis) binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	mc := pa.closures[fn]
	if mc == nil {
		return nil
	}
	for i, v := range fn.FreeVars {
		if v == fv && i < len(mc.Bindings) {
			return mc.Bindings[i]
		}
	}
	return nil
}

// span returns the source extent of instr: its call expression,
// statement or expression.
func (pa *pkgAnalysis) span(instr ssa.Instruction) (token.Pos, token.Pos) {
	var pos token.Pos
	switch x := instr.(type) {
	case ssa.CallInstruction:
		pos = x.Common().Pos()
	default:
		pos = instr.Pos()
	}
	if n := pa.nodes[pos]; n != nil {
		return n.Pos(), n.End()
	}
	if !pos.IsValid() {
		pos = instr.Pos()
	}
	return pos, token.NoPos
}

// condSpan returns the extent of the TryLock (or semaphore Acquire) call
// an If branches on.
func (pa *pkgAnalysis) condSpan(ifi *ssa.If) (token.Pos, token.Pos) {
	switch c := ifi.Cond.(type) {
	case *ssa.Call:
		return pa.span(c)
	case *ssa.BinOp:
		if call, ok := c.X.(*ssa.Call); ok {
			return pa.span(call)
		}
		if call, ok := c.Y.(*ssa.Call); ok {
			return pa.span(call)
		}
	}
	return pa.span(ifi)
}

// exitPos returns the position of a return, or of the closing brace of
// the function for the implicit return at its end.
func exitPos(ret ssa.Instruction) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	switch s := ret.Parent().Syntax().(type) {
	case *ast.FuncDecl:
		if s.Body != nil {
			return s.Body.Rbrace
		}
	case *ast.FuncLit:
		return s.Body.Rbrace
	}
	return ret.Parent().Pos()
}

// resolvePos finds pos for a position read from a fact: valid already
// when the fact was made in this process, else looked up by file name.
func (pa *pkgAnalysis) resolvePos(op Op) Op {
	if op.pos.IsValid() || op.Position.Filename == "" {
		return op
	}
	if pa.files == nil {
		pa.files = map[string]*token.File{}
		pa.pass.Fset.Iterate(func(f *token.File) bool {
			pa.files[f.Name()] = f
			return true
		})
	}
	if f := pa.files[op.Position.Filename]; f != nil && op.Position.Line <= f.LineCount() && op.Position.Line > 0 {
		// A file read from export data has a line table but no text:
		// its lines may be one byte long, so a column can spill over to
		// a later line. Keep the line, losing the column if need be.
		start := f.LineStart(op.Position.Line)
		p := start + token.Pos(op.Position.Column-1)
		if op.Position.Line < f.LineCount() && p >= f.LineStart(op.Position.Line+1) || int(p) > f.Base()+f.Size() {
			p = start
		}
		op.pos = p
	}
	return op
}

func (pa *pkgAnalysis) op(what string, fn *ssa.Function, pos token.Pos) Op {
	return Op{What: what, Func: pa.funcName(fn), Position: pa.pass.Fset.Position(pos), pos: pos}
}

// idOf numbers an SSA value or instruction for lock keys, in the order
// the analysis first asks: the same number on every run, where an
// address is not. Held locks are kept sorted by key, so keys made of
// addresses would order the locks, and the findings listing them,
// differently from one run to the next.
func (pa *pkgAnalysis) idOf(x any) int {
	id, ok := pa.ids[x]
	if !ok {
		id = len(pa.ids)
		pa.ids[x] = id
	}
	return id
}

// funcName is the package-level funcName, remembered: the name of a
// closure nested d levels deep costs O(d) formatting to build.
func (pa *pkgAnalysis) funcName(fn *ssa.Function) string {
	name, ok := pa.names[fn]
	if !ok {
		name = funcName(fn)
		pa.names[fn] = name
	}
	return name
}

// funcName names fn for messages: "(*pkg.Cache).evict", "pkg.f$1"; a
// method value's or expression's wrapper by its method.
func funcName(fn *ssa.Function) string {
	s := fn.String()
	if fn.Synthetic != "" {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "$bound"), "$thunk")
	}
	return shortenPaths(s)
}

// summaryOf returns the entry-free summary of a callee: computed on
// demand for the package's own functions, read from facts for others.
func (pa *pkgAnalysis) summaryOf(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if s, ok := pa.summaries[fn]; ok {
		return s
	}
	if s, ok := pa.imported[fn]; ok {
		return s
	}
	if fn.Pkg == pa.pkg || (fn.Pkg == nil && len(fn.Blocks) > 0) {
		if len(fn.Blocks) == 0 || pa.inProgress[fn] || pa.depth >= maxCallDepth {
			return nil
		}
		pa.analyze(fn, nil)
		return pa.summaries[fn]
	}
	obj := syncop.FuncOf(fn)
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == pa.pass.Pkg {
		return nil
	}
	obj = obj.Origin()
	var s Summary
	if !pa.pass.ImportObjectFact(obj, &s) {
		pa.imported[fn] = nil
		return nil
	}
	pa.imported[fn] = &s
	return &s
}

// analyze runs the engine on fn with the locks held on entry and stores
// its results (and, when entry is empty, its summary).
func (pa *pkgAnalysis) analyze(fn *ssa.Function, entry LockSet) *Func {
	pa.inProgress[fn] = true
	pa.depth++
	defer func() {
		pa.depth--
		delete(pa.inProgress, fn)
	}()
	fa := pa.newFuncAnalysis(fn, entry)
	init := &state{}
	for _, h := range entry {
		var at *site
		if h.Site != nil {
			at = &site{instr: h.Site, via: h.Via, pos: h.Pos}
		}
		init.holds = append(init.holds, hold{lock: h.Lock, base: 1, shared: h.Shared, ctx: h.Context, acq: at})
	}
	if len(fn.Blocks) > 0 {
		fa.fixpoint(init)
		fa.replay()
	}
	fa.res.Imprecise = fa.imprecise
	if entry == nil {
		sum := fa.summarize()
		for _, h := range pa.annotatedEntry(fn) {
			sum.Requires = append(sum.Requires, Effect{Lock: h.Lock, Shared: h.Shared})
		}
		if c := pa.contractOf(fn); c != nil {
			for _, spec := range c.Excludes {
				if l := pa.specLock(fn, spec); l != nil {
					sum.Excludes = append(sum.Excludes, Effect{Lock: l, Shared: spec.Shared})
				}
			}
		}
		pa.summaries[fn] = sum
	}
	fa.res.Summary = pa.summaries[fn]
	pa.results[fn] = fa.res
	return fa.res
}

func (pa *pkgAnalysis) newFuncAnalysis(fn *ssa.Function, entry LockSet) *funcAnalysis {
	fa := &funcAnalysis{
		pa:       pa,
		fn:       fn,
		res:      &Func{Fn: fn, Entry: entry, held: map[ssa.Instruction]heldAt{}},
		effects:  map[ssa.Instruction][]effect{},
		relevant: map[string]bool{},
		conds:    map[ssa.Value]cond{},
		takes:    map[string]bool{},
		tryRec:   map[ssa.Instruction]bool{},
		sites:    map[ssa.Instruction]*site{},
	}
	fa.prepare()
	return fa
}

// funcAnalysis is the engine's state for one function.
type funcAnalysis struct {
	pa        *pkgAnalysis
	fn        *ssa.Function
	res       *Func
	in        [][]*state
	inIDs     []map[string]bool
	imprecise bool
	doomed    map[*ssa.BasicBlock]bool // see panicking; computed at the first acquisition
	effects   map[ssa.Instruction][]effect
	relevant  map[string]bool
	conds     map[ssa.Value]cond
	recording bool

	// summary being built
	sum    Summary
	takes  map[string]bool
	exits  []*state
	tryRec map[ssa.Instruction]bool
	sites  map[ssa.Instruction]*site
	// blocksVia: sum.Blocks is an operation inside a callee
	blocksVia bool
	exitSeen  bool

	// fixed, when set, is a boolean parameter fixed to fixedVal (see
	// flags.go); shadow: the analysis only computes a summary and
	// leaves no trace in the package's results.
	fixed    *ssa.Parameter
	fixedVal bool
	shadow   bool
}

// prepare finds the branch conditions worth remembering: values tested
// by more than one If, and TryLock results.
func (fa *funcAnalysis) prepare() {
	count := map[string]int{}
	for _, b := range fa.fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			c := condKey(ifi.Cond)
			fa.conds[ifi.Cond] = c
			count[c.key]++
			if fa.tryOf(ifi.Cond, true) != nil || fa.tryOf(ifi.Cond, false) != nil {
				count[c.key]++
			}
		}
	}
	for v, n := range count {
		if n >= 2 {
			fa.relevant[v] = true
		}
	}
}

func (fa *funcAnalysis) fixpoint(init *state) {
	n := len(fa.fn.Blocks)
	fa.in = make([][]*state, n)
	fa.inIDs = make([]map[string]bool, n)
	fa.add(0, init)
	queued := make([]bool, n)
	visits := make([]int, n)
	wl := []*ssa.BasicBlock{fa.fn.Blocks[0]}
	queued[0] = true
	for len(wl) > 0 {
		b := wl[0]
		wl = wl[1:]
		queued[b.Index] = false
		visits[b.Index]++
		if visits[b.Index] > maxIterations {
			fa.imprecise = true
			continue
		}
		out := fa.runBlock(b, fa.in[b.Index])
		for i, succ := range b.Succs {
			changed := false
			for _, s := range out {
				if t := fa.edge(b, i, s); t != nil && fa.add(succ.Index, t) {
					changed = true
				}
			}
			if changed && !queued[succ.Index] {
				queued[succ.Index] = true
				wl = append(wl, succ)
			}
		}
	}
}

// add adds s to the entry states of block i, reporting whether it is new.
func (fa *funcAnalysis) add(i int, s *state) bool {
	if fa.inIDs[i] == nil {
		fa.inIDs[i] = map[string]bool{}
	}
	if fa.inIDs[i][s.id()] {
		return false
	}
	if len(fa.in[i]) >= maxStates {
		if len(s.conds) > 0 {
			t := s.clone()
			t.conds = nil
			return fa.add(i, t)
		}
		fa.imprecise = true
		return false
	}
	fa.inIDs[i][s.id()] = true
	fa.in[i] = append(fa.in[i], s)
	return true
}

func (fa *funcAnalysis) replay() {
	fa.recording = true
	for _, b := range fa.fn.Blocks {
		in := fa.in[b.Index]
		if len(in) == 0 {
			continue
		}
		out := fa.runBlock(b, in)
		// Acquisitions on the edges of a TryLock.
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && !fa.tryRec[ifi] {
			for _, taken := range []bool{true, false} {
				if e := fa.tryOf(ifi.Cond, taken); e != nil && len(out) > 0 {
					fa.tryRec[ifi] = true
					fa.recordAcquire(ifi, e, out)
				}
			}
		}
	}
	fa.recording = false
}

// runBlock applies the instructions of b to the states in.
func (fa *funcAnalysis) runBlock(b *ssa.BasicBlock, in []*state) []*state {
	states := make([]*state, 0, len(in))
	for _, s := range in {
		states = append(states, s.forgetConds(b))
	}
	var prev []*state
	var prevHeld heldAt
	for _, instr := range b.Instrs {
		if fa.recording {
			if !sameStates(prev, states) {
				prev = states
				prevHeld = heldAt{}
				prevHeld.must, prevHeld.may = mustMay(states)
			}
			if len(prevHeld.may) > 0 {
				fa.res.held[instr] = prevHeld
			}
			fa.record(instr, states)
		}
		effs := fa.effectsOf(instr)
		if len(effs) == 0 {
			continue
		}
		next := make([]*state, 0, len(states))
		seen := map[string]bool{}
		for _, s := range states {
			if t := fa.apply(s, instr, effs); t != nil && !seen[t.id()] {
				seen[t.id()] = true
				next = append(next, t)
			}
		}
		states = next
	}
	return states
}

func sameStates(a, b []*state) bool {
	if len(a) != len(b) || a == nil {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// edge returns s after taking successor i of b, or nil if that is
// impossible on the paths s describes.
func (fa *funcAnalysis) edge(b *ssa.BasicBlock, i int, s *state) *state {
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return s
	}
	if fa.fixedEdge(ifi.Cond, i) {
		return nil
	}
	if k, ok := ifi.Cond.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Bool && constant.BoolVal(k.Value) != (i == 0) {
		return nil // a branch on a constant (if debug {...}, debug false)
	}
	taken := i == 0
	if c := fa.conds[ifi.Cond]; fa.relevant[c.key] {
		if prev, ok := s.condOf(c.key); ok {
			if prev != taken {
				return nil
			}
			return s
		}
		s = s.withCond(c, taken)
	}
	if e := fa.tryOf(ifi.Cond, taken); e != nil {
		t, ok := s.acquire(e.lock, e.shared, fa.site(ifi, nil))
		if !ok {
			fa.imprecise = true
		}
		s = t
	}
	return s
}

// site returns the unique site for an acquisition at instr, so that
// states acquiring there are equal.
func (fa *funcAnalysis) site(instr ssa.Instruction, via *Via) *site {
	if s := fa.sites[instr]; s != nil {
		return s
	}
	s := &site{instr: instr, via: via}
	s.pos, _ = fa.pa.span(instr)
	if ifi, ok := instr.(*ssa.If); ok {
		s.pos, _ = fa.pa.condSpan(ifi)
	}
	fa.sites[instr] = s
	return s
}

// tryOf returns the acquisition made when cond has the value taken: the
// true edge of TryLock/TryRLock/TryAcquire, the err == nil edge of
// semaphore Acquire.
func (fa *funcAnalysis) tryOf(cond ssa.Value, taken bool) *effect {
	switch x := cond.(type) {
	case *ssa.Call:
		op := syncop.Call(&x.Call)
		kind, recv := op.Kind, op.Operand
		if !kind.IsTry() || recv == nil || !taken {
			return nil
		}
		lk := Mutex
		if kind == syncop.SemTryAcquire {
			lk = WeightedSem
		}
		l, sh := fa.pa.resolve(recv, lk)
		if l == nil {
			return nil
		}
		return &effect{op: opAcquire, lock: l, shared: sh || kind == syncop.TryRLock, try: true}
	case *ssa.BinOp:
		if x.Op != token.EQL && x.Op != token.NEQ {
			return nil
		}
		call, ok := x.X.(*ssa.Call)
		other := x.Y
		if !ok {
			call, ok = x.Y.(*ssa.Call)
			other = x.X
		}
		if !ok || !isNil(other) {
			return nil
		}
		op := syncop.Call(&call.Call)
		kind, recv := op.Kind, op.Operand
		if kind != syncop.SemAcquire || recv == nil {
			return nil
		}
		if (x.Op == token.EQL) != taken {
			return nil
		}
		l, _ := fa.pa.resolve(recv, WeightedSem)
		if l == nil {
			return nil
		}
		return &effect{op: opAcquire, lock: l}
	}
	return nil
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// The operations an instruction performs on a state.
type opKind uint8

const (
	opAcquire   opKind = iota // take lock
	opRelease                 // release lock
	opTake                    // record only: a callee takes lock inside
	opBlock                   // record only: may block
	opKill                    // the path ends (the callee never returns)
	opClosure                 // record only: fn runs here, synchronously
	opParamCall               // record only: a function-typed parameter is called here
	opDefer                   // push the deferred call
	opRunDefers               // run the deferred calls
)

type effect struct {
	op     opKind
	lock   *Lock
	shared bool
	try    bool
	stays  bool // opTake: the lock is still held after the call
	what   string
	block  BlockKind // opBlock: which kind of operation
	on     *Lock     // opBlock: the channel, connection or file operated on
	unheld []*Lock   // opBlock, opTake: locks the callee releases around the operation or has released before it
	retake bool      // opTake: the callee takes back a lock of its caller it released
	via    *Via
	fn     *ssa.Function // opClosure
	extra  []Effect      // opClosure, opParamCall: locks the callee holds when calling
	param  int           // opParamCall
}

func (fa *funcAnalysis) effectsOf(instr ssa.Instruction) []effect {
	switch x := instr.(type) {
	case *ssa.Call, *ssa.Defer, *ssa.RunDefers, *ssa.Send, *ssa.Select:
	case *ssa.UnOp:
		if x.Op != token.ARROW {
			return nil
		}
	default:
		return nil // no effect: not worth a map entry
	}
	if e, ok := fa.effects[instr]; ok {
		return e
	}
	var effs []effect
	switch x := instr.(type) {
	case *ssa.Call:
		effs = fa.callEffects(&x.Call, x, false)
	case *ssa.Defer:
		if x.DeferStack != nil {
			// A defer in the body of a range-over-func loop runs when
			// the enclosing function returns: not modeled.
			if len(fa.callEffects(&x.Call, x, true)) > 0 {
				fa.imprecise = true
			}
		} else if len(fa.callEffects(&x.Call, x, true)) > 0 {
			effs = []effect{{op: opDefer}}
		}
	case *ssa.RunDefers:
		effs = []effect{{op: opRunDefers}}
	case *ssa.Send:
		l := fa.semChan(x.Chan)
		if l != nil {
			effs = append(effs, effect{op: opAcquire, lock: l})
		}
		if l != nil || !fa.pa.buffered(x.Chan) {
			on, _ := fa.pa.resolve(x.Chan, Mutex)
			effs = append(effs, effect{op: opBlock, block: BlockSend, what: "channel send", on: on})
		}
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			if l := fa.semChan(x.X); l != nil && isDiscarded(x) {
				effs = append(effs, effect{op: opRelease, lock: l})
			} else {
				on, _ := fa.pa.resolve(x.X, Mutex)
				effs = append(effs, effect{op: opBlock, block: BlockRecv, what: "channel receive", on: on})
			}
		}
	case *ssa.Select:
		if x.Blocking {
			effs = append(effs, effect{op: opBlock, block: BlockSelect, what: "select"})
		}
	}
	fa.effects[instr] = effs
	return effs
}

func isDiscarded(v ssa.Value) bool {
	refs := v.Referrers()
	return refs == nil || len(*refs) == 0
}

// callEffects returns the effects of a call (or deferred call).
func (fa *funcAnalysis) callEffects(c *ssa.CallCommon, instr ssa.Instruction, deferred bool) []effect {
	op := syncop.Call(c)
	kind, recv := op.Kind, op.Operand
	switch kind {
	case syncop.Lock, syncop.RLock:
		if l, sh := fa.pa.resolve(recv, Mutex); l != nil {
			return []effect{{op: opAcquire, lock: l, shared: sh || kind == syncop.RLock, stays: true}}
		}
		return nil
	case syncop.Unlock, syncop.RUnlock:
		if l, sh := fa.pa.resolve(recv, Mutex); l != nil {
			return []effect{{op: opRelease, lock: l, shared: sh || kind == syncop.RUnlock}}
		}
		return nil
	case syncop.SemAcquire:
		var effs []effect
		if !deferred {
			effs = append(effs, effect{op: opBlock, block: BlockWait, what: "(*semaphore.Weighted).Acquire"})
		}
		if call, ok := instr.(*ssa.Call); !ok || isDiscarded(call) {
			if l, _ := fa.pa.resolve(recv, WeightedSem); l != nil {
				effs = append(effs, effect{op: opAcquire, lock: l, stays: true})
			}
		}
		return effs
	case syncop.SemRelease:
		if l, _ := fa.pa.resolve(recv, WeightedSem); l != nil {
			return []effect{{op: opRelease, lock: l}}
		}
		return nil
	case syncop.Sleep, syncop.WaitGroupWait, syncop.ErrgroupWait:
		if deferred {
			return nil
		}
		block := BlockWait
		if kind == syncop.Sleep {
			block = BlockSleep
		}
		return []effect{{op: opBlock, block: block, what: blockName(kind)}}
	case syncop.None:
	default:
		return nil
	}

	var effs []effect
	if inner, ok := c.Value.(*ssa.Call); ok && !inner.Call.IsInvoke() {
		// The function value a call returned: an unlocker (defer
		// c.lock()()) releases what its maker's summary says.
		if g := inner.Call.StaticCallee(); g != nil {
			if sum := fa.pa.summaryOf(g); sum != nil {
				local := fa.pa.summaries[calleeOrigin(g)] == sum
				for _, u := range sum.Unlocker {
					if l := fa.subst(u.Lock, &inner.Call, g, inner, local); l != nil {
						effs = append(effs, effect{op: opRelease, lock: l, shared: u.Shared})
					}
				}
			}
		}
	}
	callee := c.StaticCallee()
	if callee != nil {
		if callee.Parent() != nil && callee.Parent() == fa.fn || fa.isEnclosed(callee) {
			effs = append(effs, effect{op: opClosure, fn: callee})
		}
		sum := fa.pa.flagSummary(c, callee)
		if sum == nil {
			sum = fa.pa.summaryOf(callee)
		}
		if sum != nil {
			effs = append(effs, fa.summaryEffects(sum, c, callee, instr, deferred)...)
		}
	}
	if callee == nil && fa.pa.dispatch != nil {
		// A dynamic call: an interface method converted from a concrete
		// type in this function runs that method, and its summary
		// applies in full; otherwise the package's candidates may run,
		// and only what they acquire inside is recorded (see mayEffects).
		for _, d := range fa.pa.dispatch.Callees(c) {
			sum := fa.pa.summaryOf(d.Fn)
			if sum == nil {
				continue
			}
			cc := &ssa.CallCommon{Value: d.Fn, Args: d.Args}
			if d.Exact {
				effs = append(effs, fa.summaryEffects(sum, cc, d.Fn, instr, deferred)...)
			} else {
				effs = append(effs, fa.mayEffects(sum, cc, d.Fn, instr, nil)...)
			}
		}
	}
	if !c.IsInvoke() {
		if p, ok := c.Value.(*ssa.Parameter); ok && p.Parent() == fa.fn && !deferred {
			effs = append(effs, effect{op: opParamCall, param: ssaval.ParamIndex(p)})
		}
	}
	if !deferred {
		if what, on := blockingCall(c); what != "" {
			var onLock *Lock
			if on != nil {
				onLock, _ = fa.pa.resolve(on, Mutex)
			}
			effs = append(effs, effect{op: opBlock, block: BlockIO, what: what, on: onLock})
		}
	}
	// Range-over-func loop bodies run synchronously inside the iterator.
	for _, a := range c.Args {
		if f := closureFunc(a); f != nil && f.Synthetic == "range-over-func yield" {
			effs = append(effs, effect{op: opClosure, fn: f})
		}
	}
	return effs
}

// isEnclosed reports whether fn is an anonymous function nested in fa.fn.
func (fa *funcAnalysis) isEnclosed(fn *ssa.Function) bool {
	for p := fn.Parent(); p != nil; p = p.Parent() {
		if p == fa.fn {
			return true
		}
	}
	return false
}

func closureFunc(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case *ssa.MakeClosure:
		f, _ := x.Fn.(*ssa.Function)
		return f
	case *ssa.Function:
		if x.Parent() != nil {
			return x
		}
	}
	return nil
}

func blockName(k syncop.Kind) string {
	switch k {
	case syncop.Sleep:
		return "time.Sleep"
	case syncop.WaitGroupWait:
		return "(*sync.WaitGroup).Wait"
	case syncop.ErrgroupWait:
		return "(*errgroup.Group).Wait"
	}
	return k.String()
}

// summaryEffects translates a callee's summary into effects at the call.
func (fa *funcAnalysis) summaryEffects(sum *Summary, c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction, deferred bool) []effect {
	local := fa.pa.summaries[calleeOrigin(callee)] == sum
	var effs []effect
	name := fa.pa.funcName(calleeOrigin(callee))
	stays := map[string]bool{}
	for _, a := range sum.Acquires {
		stays[a.Lock.key] = true
	}
	effs = append(effs, fa.takeEffects(sum, c, callee, instr, local, name, false, nil, stays)...)
	for _, r := range sum.Releases {
		if l := fa.subst(r.Lock, c, callee, instr, local); l != nil {
			effs = append(effs, effect{op: opRelease, lock: l, shared: r.Shared, via: &Via{Callee: name}})
		}
	}
	for _, a := range sum.Acquires {
		l := fa.subst(a.Lock, c, callee, instr, local)
		if l == nil {
			continue
		}
		var via *Via
		for _, t := range sum.Takes {
			if t.Lock.key == a.Lock.key {
				via = &Via{Callee: name, Op: fa.pa.resolvePos(t.Op)}
				break
			}
		}
		if via == nil {
			via = &Via{Callee: name}
		}
		effs = append(effs, effect{op: opAcquire, lock: l, shared: a.Shared, via: via})
	}
	if sum.Blocks != nil && !deferred {
		var on *Lock
		if sum.Blocks.On != nil {
			on = fa.subst(sum.Blocks.On, c, callee, instr, local)
		}
		unheld := fa.substAll(sum.Blocks.Released, c, callee, instr, local)
		effs = append(effs, effect{op: opBlock, block: sum.Blocks.Kind, what: sum.Blocks.What, on: on, unheld: unheld,
			via: &Via{Callee: name, Op: fa.pa.resolvePos(*sum.Blocks)}})
	}
	effs = append(effs, fa.paramCallEffects(sum, c, callee, instr, local, deferred, nil)...)
	if sum.NoReturn && !deferred {
		effs = append(effs, effect{op: opKill})
	}
	return effs
}

// takeEffects translates the acquisitions inside a callee (its summary's
// Takes) into opTake effects at the call: stays says which locks remain
// held after it, may marks a callee that a dynamic call may run, extra
// the locks held where the callee runs.
func (fa *funcAnalysis) takeEffects(sum *Summary, c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction, local bool, name string, may bool, extra []Effect, stays map[string]bool) []effect {
	var effs []effect
	for _, t := range sum.Takes {
		l := fa.subst(t.Lock, c, callee, instr, local)
		if l == nil {
			continue
		}
		effs = append(effs, effect{op: opTake, lock: l, shared: t.Shared, try: t.Try, extra: extra,
			stays: stays[t.Lock.key], via: &Via{Callee: name, Op: fa.pa.resolvePos(t.Op), May: may || t.May},
			retake: t.Retake, unheld: fa.substAll(t.Unheld, c, callee, instr, local)})
	}
	return effs
}

// mayEffects translates what a callee that a dynamic call may run
// acquires inside into effects at the call: the acquisitions only (for
// lock orders), marked Via.May, none of its net effects on the caller's
// locks, which a may-call cannot establish. extra lists the locks held
// where the callee is called (inside the function it was passed to).
func (fa *funcAnalysis) mayEffects(sum *Summary, c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction, extra []Effect) []effect {
	local := fa.pa.summaries[calleeOrigin(callee)] == sum
	name := fa.pa.funcName(calleeOrigin(callee))
	effs := fa.takeEffects(sum, c, callee, instr, local, name, true, extra, nil)
	if extra == nil {
		extra = []Effect{}
	}
	effs = append(effs, fa.paramCallEffects(sum, c, callee, instr, local, false, extra)...)
	return effs
}

// paramCallEffects translates the calls a callee makes of its
// function-typed parameters into effects at the call: the closure passed
// runs there, with the callee's locks held too; a function value read
// from a field may run there; a parameter of the caller passed on is
// called by the caller too. may (non-nil for a callee that a dynamic call
// may run, with the locks held where it runs) records acquisitions only.
func (fa *funcAnalysis) paramCallEffects(sum *Summary, c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction, local, deferred bool, may []Effect) []effect {
	var effs []effect
	for _, pc := range sum.Calls {
		if pc.Param < 0 || pc.Param >= len(c.Args) {
			continue
		}
		extra := append([]Effect(nil), may...)
		for _, h := range pc.Held {
			if l := fa.subst(h.Lock, c, callee, instr, local); l != nil {
				extra = append(extra, Effect{Lock: l, Shared: h.Shared})
			}
		}
		arg := c.Args[pc.Param]
		if f := closureFunc(arg); f != nil {
			if may == nil {
				effs = append(effs, effect{op: opClosure, fn: f, extra: extra})
			} else if s := fa.pa.summaryOf(f); s != nil {
				effs = append(effs, fa.mayEffects(s, &ssa.CallCommon{Value: f}, f, instr, extra)...)
			}
			continue
		}
		if p, ok := arg.(*ssa.Parameter); ok {
			if p.Parent() == fa.fn && !deferred && may == nil {
				effs = append(effs, effect{op: opParamCall, param: ssaval.ParamIndex(p), extra: extra})
			}
			continue
		}
		if fa.pa.dispatch == nil {
			continue
		}
		// A function value read from a field, passed on: what the
		// functions it may be acquire, under the callee's locks.
		for _, f := range fa.pa.dispatch.FuncValues(arg) {
			if s := fa.pa.summaryOf(f); s != nil {
				effs = append(effs, fa.mayEffects(s, &ssa.CallCommon{Value: f}, f, instr, extra)...)
			}
		}
	}
	return effs
}

func calleeOrigin(fn *ssa.Function) *ssa.Function {
	if o := fn.Origin(); o != nil {
		return o
	}
	return fn
}

// substAll names the callee's locks ls in the caller's terms, dropping
// those it cannot name.
func (fa *funcAnalysis) substAll(ls []*Lock, c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction, local bool) []*Lock {
	var out []*Lock
	for _, x := range ls {
		if l := fa.subst(x, c, callee, instr, local); l != nil {
			out = append(out, l)
		}
	}
	return out
}

// subst names, in the caller's terms, a lock of the callee's summary.
func (fa *funcAnalysis) subst(l *Lock, c *ssa.CallCommon, callee *ssa.Function, instr ssa.Instruction, local bool) *Lock {
	if l.Root == RootGlobal {
		n := *l
		n.Path = append([]string(nil), l.Path...)
		n.root = nil
		n.key = globalKey(l)
		return &n
	}
	origin := calleeOrigin(callee)
	if local && l.root != nil {
		if p, ok := l.root.(*ssa.Parameter); ok && p.Parent() == origin {
			return fa.substArg(l, c, ssaval.ParamIndex(p), instr)
		}
		if owner := ownerOf(l.root); owner != nil && owner != origin && !isInside(owner, origin) {
			return l // a variable of an enclosing function, shared with the closure
		}
	} else if l.Root == RootParam {
		return fa.substArg(l, c, l.Param, instr)
	}
	// A lock of the callee's own making: a new instance at every call.
	return &Lock{
		Kind: l.Kind, Root: RootOther, Path: l.Path, Class: l.Class, Name: l.Name,
		key:  fmt.Sprintf("%sc%d:%s", kindPrefix(l.Kind), fa.pa.idOf(instr), l.key),
		root: l.root,
	}
}

func globalKey(l *Lock) string {
	k := kindPrefix(l.Kind) + "g:" + l.Global
	for _, p := range l.Path {
		k += "." + p
	}
	return k
}

func (fa *funcAnalysis) substArg(l *Lock, c *ssa.CallCommon, i int, instr ssa.Instruction) *Lock {
	if i < 0 || i >= len(c.Args) {
		return nil
	}
	base, _ := fa.pa.resolve(c.Args[i], l.Kind)
	if base == nil {
		return nil
	}
	n := base.extend(l.Kind, l.Path, l.Class, l.TypeClass)
	if base.Root == RootOther {
		// Name it as the call's argument is written.
		if e := fa.pa.argExpr(c, i); e != nil {
			n.Name = analysisutil.Render(fa.pa.pass.Fset, e)
			if len(l.Path) > 0 {
				n.Name += "." + strings.Join(l.Path, ".")
			}
		}
	}
	return n
}

// argExpr returns the source expression of argument i of the call c
// (the receiver being argument 0 of a method call), or nil.
func (pa *pkgAnalysis) argExpr(c *ssa.CallCommon, i int) ast.Expr {
	call, ok := pa.nodes[c.Pos()].(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil
	}
	var e ast.Expr
	switch {
	case len(call.Args) == len(c.Args):
		e = call.Args[i]
	case len(call.Args)+1 == len(c.Args):
		if i == 0 {
			sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			e = sel.X
		} else {
			e = call.Args[i-1]
		}
	default:
		return nil
	}
	if u, ok := astutil.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	return e
}

// ownerOf returns the function that defines v, or nil for globals.
func ownerOf(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case *ssa.Parameter:
		return x.Parent()
	case *ssa.FreeVar:
		return x.Parent()
	case ssa.Instruction:
		return x.Parent()
	}
	return nil
}

// isInside reports whether fn is nested in outer.
func isInside(fn, outer *ssa.Function) bool {
	for p := fn.Parent(); p != nil; p = p.Parent() {
		if p == outer {
			return true
		}
	}
	return false
}

// apply applies the effects of instr to s; nil means the path ends.
func (fa *funcAnalysis) apply(s *state, instr ssa.Instruction, effs []effect) *state {
	for i := range effs {
		e := &effs[i]
		var ok = true
		switch e.op {
		case opAcquire:
			s, ok = s.acquire(e.lock, e.shared, fa.site(instr, e.via))
		case opRelease:
			s, ok = s.release(e.lock)
		case opKill:
			return nil
		case opDefer:
			// A defer in a loop runs once per round: keep up to
			// maxCount copies, as lock counts are capped alike.
			d := instr.(*ssa.Defer)
			dup := 0
			for _, x := range s.defers {
				if x == d {
					dup++
				}
			}
			if dup < maxCount {
				if len(s.defers) >= maxDefers {
					fa.imprecise = true
				} else {
					t := s.clone()
					t.defers = append(t.defers, d)
					s = t
				}
			}
		case opRunDefers:
			for len(s.defers) > 0 {
				d := s.defers[len(s.defers)-1]
				t := s.clone()
				t.defers = t.defers[:len(t.defers)-1]
				if fa.recording {
					fa.recordDeferred(d, t)
				}
				t = fa.apply(t, d, fa.callEffects(&d.Call, d, true))
				if t == nil {
					return nil
				}
				s = t
			}
		}
		if !ok {
			fa.imprecise = true
		}
	}
	return s
}

// recordDeferred notes the locks held when a deferred closure runs.
func (fa *funcAnalysis) recordDeferred(d *ssa.Defer, s *state) {
	f := d.Call.StaticCallee()
	if f == nil || !fa.isEnclosed(f) {
		return
	}
	if fa.shadow {
		return
	}
	must, _ := mustMay([]*state{s})
	fa.pa.useClosure(f, d, must)
}

func (pa *pkgAnalysis) useClosure(f *ssa.Function, instr ssa.Instruction, held LockSet) {
	u := pa.entries[f]
	if u == nil {
		u = &entryUses{known: map[ssa.Instruction]bool{}}
		pa.entries[f] = u
	}
	u.known[instr] = true
	u.sets = append(u.sets, held)
}

// entryOf returns the locks held on every known call of the closure f,
// or nil if f may also run elsewhere (stored, started as a goroutine...).
func (pa *pkgAnalysis) entryOf(f *ssa.Function) LockSet {
	u := pa.entries[f]
	if u == nil || len(u.sets) == 0 || pa.goLaunched[f] {
		return nil
	}
	var v ssa.Value = f
	if mc := pa.closures[f]; mc != nil {
		v = mc
	}
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		if !u.known[r] {
			return nil
		}
	}
	out := u.sets[0]
	for _, s := range u.sets[1:] {
		var keep LockSet
		for _, h := range out {
			if s.Has(h.Lock) {
				keep = append(keep, h)
			}
		}
		out = keep
	}
	res := make(LockSet, len(out))
	for i, h := range out {
		res[i] = HeldLock{Lock: h.Lock, Shared: h.Shared, Site: h.Site, Via: h.Via, Pos: h.Pos, Inherited: true}
	}
	return res
}

// record notes what instr does for the passes, before it executes in
// the given states.
func (fa *funcAnalysis) record(instr ssa.Instruction, states []*state) {
	if ret, ok := instr.(*ssa.Return); ok {
		fa.recordExit(ret, states)
		return
	}
	if d, ok := instr.(*ssa.Defer); ok {
		for _, e := range fa.callEffects(&d.Call, d, true) {
			if e.op == opRelease {
				fa.recordRelease(d, &e, true)
			}
		}
	}
	effs := fa.effectsOf(instr)
	if len(effs) == 0 {
		return
	}
	var must LockSet
	computed := false
	held := func() LockSet {
		if !computed {
			must, _ = mustMay(states)
			computed = true
		}
		return must
	}
	for i := range effs {
		e := &effs[i]
		switch e.op {
		case opAcquire:
			if e.via == nil {
				fa.recordAcquire(instr, e, states)
			}
		case opTake:
			fa.recordAcquire(instr, e, states)
		case opRelease:
			fa.recordRelease(instr, e, false)
		case opBlock:
			pos, end := fa.pa.span(instr)
			// The callee releases e.unheld around the blocking operation
			// (as quicWaitForSignal drops its caller's handshake lock):
			// they are not held while it blocks.
			h := without(withoutContext(held()), e.unheld)
			fa.res.Blocks = append(fa.res.Blocks, &Blocking{Instr: instr, Pos: pos, End: end, Kind: e.block, What: e.what, Held: h, Via: e.via, On: e.on})
			// Prefer the function's own blocking operation to one deep
			// in a callee: it makes the shortest explanation.
			if fa.sum.Blocks == nil || fa.blocksVia && e.via == nil {
				op := fa.pa.op(e.what, fa.fn, pos)
				if e.via != nil {
					op = e.via.Op
				}
				op.Kind = e.block
				op.On = nil
				if e.on != nil && fa.exportable(e.on) {
					op.On = e.on
				}
				op.Released = nil
				for _, u := range append(e.unheld, releasedIn(states)...) {
					if fa.exportable(u) {
						op.Released = append(op.Released, u)
					}
				}
				fa.sum.Blocks = &op
				fa.blocksVia = e.via != nil
			}
		case opClosure:
			set := append(LockSet(nil), held()...)
			for _, x := range e.extra {
				if !set.Has(x.Lock) {
					set = append(set, HeldLock{Lock: x.Lock, Shared: x.Shared})
				}
			}
			sort.Slice(set, func(i, j int) bool { return set[i].Lock.key < set[j].Lock.key })
			if !fa.shadow {
				fa.pa.useClosure(e.fn, instr, set)
			}
		case opParamCall:
			pc := ParamCall{Param: e.param}
			for _, h := range held() {
				if fa.exportable(h.Lock) {
					pc.Held = append(pc.Held, Effect{Lock: h.Lock, Shared: h.Shared})
				}
			}
			for _, x := range e.extra {
				if fa.exportable(x.Lock) {
					pc.Held = append(pc.Held, x)
				}
			}
			fa.addParamCall(pc)
		}
	}
}

func (fa *funcAnalysis) addParamCall(pc ParamCall) {
	for i, old := range fa.sum.Calls {
		if old.Param == pc.Param {
			// Keep the locks held on every call.
			var keep []Effect
			for _, h := range old.Held {
				for _, n := range pc.Held {
					if n.Lock.key == h.Lock.key {
						keep = append(keep, h)
						break
					}
				}
			}
			fa.sum.Calls[i].Held = keep
			return
		}
	}
	fa.sum.Calls = append(fa.sum.Calls, pc)
}

// withoutContext drops from s the locks of the function's lock context:
// what the function does under them (acquiring, nesting, blocking) is
// reported at its callers' calls, which its summary describes.
func withoutContext(s LockSet) LockSet {
	for i, h := range s {
		if h.Context {
			out := append(LockSet(nil), s[:i]...)
			for _, g := range s[i+1:] {
				if !g.Context {
					out = append(out, g)
				}
			}
			return out
		}
	}
	return s
}

func (fa *funcAnalysis) recordAcquire(instr ssa.Instruction, e *effect, states []*state) {
	must, may := mustMay(states)
	pos, end := fa.pa.span(instr)
	if ifi, ok := instr.(*ssa.If); ok {
		pos, end = fa.pa.condSpan(ifi)
	}
	stays := e.stays || e.op == opAcquire
	if fa.doomed == nil {
		fa.doomed = ssaval.Panicking(fa.fn)
	}
	held, mayHeld := withoutContext(must), withoutContext(may)
	if e.op == opTake && len(e.extra) > 0 {
		// Held inside the callee the function value was passed to.
		held, mayHeld = withExtra(held, e.extra), withExtra(mayHeld, e.extra)
	}
	// Released by the callee before it takes the lock (the lock itself,
	// when it takes back its caller's lock): not held then.
	unheld := e.unheld
	if e.retake {
		unheld = append(append([]*Lock(nil), unheld...), e.lock)
	}
	held, mayHeld = without(held, unheld), without(mayHeld, unheld)
	// An acquisition inside a callee, made with nothing held and not
	// kept after the call, says nothing to a pass (no nesting, no leak):
	// in a large package those are most of the records (every lock a
	// call tree takes, at every call), so they are left out. The
	// summary's Takes below still count it.
	if e.op != opTake || stays || len(held) > 0 || len(mayHeld) > 0 || e.lock.Root == RootLocal {
		fa.res.Acquires = append(fa.res.Acquires, &Acquire{
			Instr: instr, Pos: pos, End: end, Lock: e.lock, Shared: e.shared, Try: e.try,
			Held: held, MayHeld: mayHeld, Via: e.via, Stays: stays,
			Panics: fa.doomed[instr.Block()],
		})
	}
	// A take for the summary: the lock is not held (nor released
	// earlier, which would mean the caller holds it) on some path; or,
	// released earlier on some path, a retake of the caller's lock.
	fresh, retake := false, e.retake
	for _, s := range states {
		i := s.find(e.lock.key)
		if retake {
			break
		}
		if i < 0 || (s.holds[i].n >= 0 && !s.holds[i].held()) {
			fresh = true
			break
		}
	}
	if !fresh && !retake {
		for _, s := range states {
			if i := s.find(e.lock.key); i >= 0 && s.holds[i].n < 0 && s.holds[i].base == 0 {
				retake = true
				break
			}
		}
	}
	if !fresh && !retake || len(fa.sum.Takes) >= maxTakes {
		return
	}
	k := e.lock.key
	if e.shared {
		k += "/r"
	}
	if e.via != nil && e.via.May {
		k += "/may"
	}
	if fa.takes[k] {
		return
	}
	fa.takes[k] = true
	op := fa.pa.op(opName(e.lock, e.shared, e.try), fa.fn, pos)
	if e.via != nil {
		op = e.via.Op
	}
	var out []*Lock
	for _, u := range append(append([]*Lock(nil), unheld...), releasedIn(states)...) {
		if u.key != e.lock.key && fa.exportable(u) {
			out = append(out, u)
		}
	}
	fa.sum.Takes = append(fa.sum.Takes, Take{Lock: e.lock, Shared: e.shared, Try: e.try, Op: op,
		May: e.via != nil && e.via.May, Retake: retake, Unheld: out})
}

// without returns s without the locks of drop.
func without(s LockSet, drop []*Lock) LockSet {
	if len(drop) == 0 {
		return s
	}
	var keep LockSet
	for _, x := range s {
		gone := false
		for _, u := range drop {
			if u.key == x.Lock.key {
				gone = true
				break
			}
		}
		if !gone {
			keep = append(keep, x)
		}
	}
	return keep
}

// withExtra adds to s the locks of extra it does not hold yet.
func withExtra(s LockSet, extra []Effect) LockSet {
	out := append(LockSet(nil), s...)
	for _, x := range extra {
		if !out.Has(x.Lock) {
			out = append(out, HeldLock{Lock: x.Lock, Shared: x.Shared})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lock.key < out[j].Lock.key })
	return out
}

func (fa *funcAnalysis) recordRelease(instr ssa.Instruction, e *effect, deferred bool) {
	pos, end := fa.pa.span(instr)
	fa.res.Releases = append(fa.res.Releases, &Release{
		Instr: instr, Pos: pos, End: end, Lock: e.lock, Shared: e.shared,
		Deferred: deferred, Via: e.via,
	})
}

func opName(l *Lock, shared, try bool) string {
	switch {
	case l.Kind == ChanSem:
		return l.Name + " <-"
	case l.Kind == WeightedSem && try:
		return l.Name + ".TryAcquire"
	case l.Kind == WeightedSem:
		return l.Name + ".Acquire"
	case try && shared:
		return l.Name + ".TryRLock"
	case try:
		return l.Name + ".TryLock"
	case shared:
		return l.Name + ".RLock"
	}
	return l.Name + ".Lock"
}

func (fa *funcAnalysis) recordExit(ret *ssa.Return, states []*state) {
	fa.exitSeen = true
	fa.exits = append(fa.exits, states...)
	var leaks []HeldLock
	seen := map[string]bool{}
	for _, s := range states {
		for i := range s.holds {
			h := &s.holds[i]
			if h.n <= 0 || h.base > 0 || h.acq == nil {
				continue
			}
			k := fmt.Sprintf("%s@%p", h.lock.key, h.acq.instr)
			if seen[k] {
				continue
			}
			seen[k] = true
			leaks = append(leaks, heldOf(h))
		}
	}
	if len(leaks) > 0 {
		fa.res.Exits = append(fa.res.Exits, &Exit{Instr: ret, Pos: exitPos(ret), Leaks: leaks})
	}
}

// exportable reports whether a lock means something to fa.fn's callers:
// a package-level variable, a parameter of fa.fn, or (for a closure) a
// variable of an enclosing function.
func (fa *funcAnalysis) exportable(l *Lock) bool {
	if l.Root == RootGlobal {
		return true
	}
	if l.root == nil {
		return false
	}
	owner := ownerOf(l.root)
	if owner == nil {
		return false
	}
	if p, ok := l.root.(*ssa.Parameter); ok && owner == fa.fn {
		return ssaval.ParamIndex(p) >= 0
	}
	return owner != fa.fn && isInside(fa.fn, owner)
}

// summarize builds the summary from the recorded exits.
func (fa *funcAnalysis) summarize() *Summary {
	s := fa.sum
	if fa.imprecise {
		// Keep what is certain to be harmless: the acquisitions and the
		// blocking operation seen; no net effect.
		return &Summary{Takes: s.Takes, Blocks: s.Blocks, Calls: s.Calls}
	}
	if len(fa.exits) == 0 {
		s.NoReturn = hasNoReturn(fa.fn)
	}
	if runtimeLevel(fa.pa.pass.Pkg.Path()) {
		// The runtime and its helpers park goroutines as their job; a
		// channel operation deep in the scheduler says nothing about
		// the callers of malloc.
		s.Blocks = nil
	}
	s.Unlocker = fa.unlocker()
	released := map[string]bool{}
	for _, st := range fa.exits {
		for i := range st.holds {
			h := &st.holds[i]
			if h.n < 0 && h.base == 0 && !released[h.lock.key] && fa.exportable(h.lock) {
				released[h.lock.key] = true
				s.Releases = append(s.Releases, Effect{Lock: h.lock, Shared: h.shared})
			}
		}
	}
	if len(fa.exits) > 0 {
		first := fa.exits[0]
		for i := range first.holds {
			h := &first.holds[i]
			if h.n <= 0 || h.base > 0 || !fa.exportable(h.lock) {
				continue
			}
			all := true
			for _, st := range fa.exits[1:] {
				if o, ok := st.isHeld(h.lock.key); !ok || o.n <= 0 {
					all = false
					break
				}
			}
			if all {
				s.Acquires = append(s.Acquires, Effect{Lock: h.lock, Shared: h.shared})
			}
		}
	}
	return &s
}

// unlocker returns the locks that the function value fa.fn returns
// releases when called, the same on every return: a method value
// (c.mu.Unlock) or sync.OnceFunc of one.
func (fa *funcAnalysis) unlocker() []Effect {
	res := fa.fn.Signature.Results()
	if res.Len() != 1 {
		return nil
	}
	if _, ok := res.At(0).Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	var out *Effect
	for _, b := range fa.fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		op := syncop.Call(&ssa.CallCommon{Value: ret.Results[0]})
		if op.Kind != syncop.Unlock && op.Kind != syncop.RUnlock {
			return nil
		}
		l, sh := fa.pa.resolve(op.Operand, Mutex)
		if l == nil || !fa.exportable(l) {
			return nil
		}
		e := Effect{Lock: l, Shared: sh || op.Kind == syncop.RUnlock}
		if out != nil && (out.Lock.key != e.Lock.key || out.Shared != e.Shared) {
			return nil
		}
		out = &e
	}
	if out == nil {
		return nil
	}
	return []Effect{*out}
}

// releasedIn returns the locks held on entry that every state has
// released (the function dropped its caller's lock).
func releasedIn(states []*state) []*Lock {
	if len(states) == 0 {
		return nil
	}
	var out []*Lock
	for i := range states[0].holds {
		h := &states[0].holds[i]
		if h.n >= 0 || h.base > 0 {
			continue
		}
		all := true
		for _, s := range states[1:] {
			j := s.find(h.lock.key)
			if j < 0 || s.holds[j].n >= 0 {
				all = false
				break
			}
		}
		if all {
			out = append(out, h.lock)
		}
	}
	return out
}

// runtimeLevel reports whether the package implements the runtime,
// synchronization or system calls, below the level where blocking is a
// property worth reporting to callers.
func runtimeLevel(path string) bool {
	switch path {
	case "runtime", "sync", "sync/atomic", "syscall", "reflect", "unsafe", "time", "os/signal":
		return true
	}
	if strings.HasPrefix(path, "runtime/") || strings.HasPrefix(path, "internal/") ||
		strings.HasPrefix(path, "vendor/") {
		return true
	}
	// The standard library's own internal packages (crypto/internal/...).
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && strings.Contains(path, "/internal/")
}

// hasNoReturn reports whether fn has no return instruction at all
// (every path panics, exits, or loops forever).
func hasNoReturn(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Return); ok {
				return false
			}
		}
	}
	return true
}

// semChan returns the semaphore lock for channel ch, if the function's
// family uses ch as one: it both sends a token on ch and receives one
// back (directly, or in closures it calls or defers, not in goroutines).
func (fa *funcAnalysis) semChan(ch ssa.Value) *Lock {
	if !semElem(ch.Type()) {
		return nil
	}
	l, _ := fa.pa.resolve(ch, ChanSem)
	if l == nil {
		return nil
	}
	root := fa.fn
	for root.Parent() != nil && !fa.pa.goLaunched[root] {
		root = root.Parent()
	}
	keys, ok := fa.pa.semKeys[root]
	if !ok {
		keys = fa.pa.semFamily(root)
		fa.pa.semKeys[root] = keys
	}
	if keys[l.key] {
		return l
	}
	return nil
}

// semFamily computes the semaphore channels of the functions that run
// synchronously with root: root and its closures not started by go.
func (pa *pkgAnalysis) semFamily(root *ssa.Function) map[string]bool {
	sends, recvs := map[string]bool{}, map[string]bool{}
	visited := map[*ssa.Function]bool{}
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Send:
					if semElem(x.Chan.Type()) {
						if l, _ := pa.resolve(x.Chan, ChanSem); l != nil {
							sends[l.key] = true
						}
					}
				case *ssa.UnOp:
					if x.Op == token.ARROW && semElem(x.X.Type()) && isDiscarded(x) {
						if l, _ := pa.resolve(x.X, ChanSem); l != nil {
							recvs[l.key] = true
						}
					}
				}
			}
		}
		// Closures the function calls or defers run with it; closures
		// handed to others (a handler, a goroutine) do not.
		for _, anon := range fn.AnonFuncs {
			if pa.goLaunched[anon] || visited[anon] {
				continue
			}
			var v ssa.Value = anon
			if mc := pa.closures[anon]; mc != nil {
				v = mc
			}
			if refs := v.Referrers(); refs != nil && len(*refs) > 0 {
				direct := true
				for _, r := range *refs {
					ci, ok := r.(ssa.CallInstruction)
					if !ok || ci.Common().Value != v {
						direct = false
					}
					if _, isGo := r.(*ssa.Go); isGo {
						direct = false
					}
				}
				if direct {
					visited[anon] = true
					visit(anon)
				}
			}
		}
	}
	visit(root)
	keys := map[string]bool{}
	for k := range sends {
		if recvs[k] {
			keys[k] = true
		}
	}
	return keys
}

// semElem reports whether t is a channel of empty structs, the tokens of
// a channel semaphore.
func semElem(t types.Type) bool {
	ch, ok := ssaval.CoreType(t).(*types.Chan)
	if !ok {
		return false
	}
	e, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && e.NumFields() == 0
}
