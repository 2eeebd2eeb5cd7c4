package goroutines

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/lazyssa"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// Analyzer computes where the goroutines of a package start, what they may
// run and what orders them with the code of the function that starts them.
var Analyzer = &analysis.Analyzer{
	Name:       "goroutines",
	Doc:        "find goroutine starts, what they run and the happens-before edges around them (internal engine)",
	URL:        "https://github.com/syncvet/syncvet/tree/main/internal/goroutines",
	Requires:   []*analysis.Analyzer{lazyssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*FuncFact)(nil), (*SyncParamsFact)(nil)},
}

// Kind says how a goroutine is started.
type Kind int

// The ways to start a goroutine that the engine recognizes.
const (
	GoStmt      Kind = iota // go f(x)
	WaitGroupGo             // wg.Go(f)
	ErrgroupGo              // g.Go(f), g.TryGo(f)
	AfterFunc               // time.AfterFunc(d, f)
	Handler                 // http.HandleFunc(p, f), http.Handle(p, h), http.ListenAndServe(a, h), ...: one goroutine per request
	ParamSpawn              // a call of a function that runs its function argument in a new goroutine (see FuncFact)
)

var kindNames = [...]string{"go statement", "WaitGroup.Go", "errgroup.Go", "time.AfterFunc", "http handler", "call"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// A Spawn is a place where a new goroutine starts.
type Spawn struct {
	Kind   Kind
	Site   ssa.Instruction // the *ssa.Go, or the *ssa.Call that starts the goroutine
	Parent *ssa.Function   // the function containing Site
	// Fn is the function value the goroutine runs. For a go statement in
	// invoke mode (go x.M()) it is nil and Call tells the method.
	Fn ssa.Value
	// Call is, for a go statement, the call the goroutine performs
	// (function and arguments); nil for the other kinds, whose Fn takes
	// no arguments known here.
	Call *ssa.CallCommon
	// Group is the *sync.WaitGroup or *errgroup.Group of WaitGroupGo and
	// ErrgroupGo.
	Group ssa.Value
	// Many reports that several goroutines from this site may run at the
	// same time: the site is in a loop that does not wait for each
	// goroutine before starting the next, or it registers an http handler.
	Many bool
	// Signals reports that the goroutine is known to signal its end to
	// whoever waits for it (WaitGroupGo, ErrgroupGo, or a wrapper whose
	// goroutine does), beyond what its body shows.
	Signals bool
	// Via is, for a start lifted to a call site (see Lifted), the start
	// inside the callee; Site is then the call of the callee in Parent.
	Via *Spawn
}

// Inner returns the go statement or spawning call that actually starts the
// goroutine: s itself, or for a lifted start the one inside the callee.
func (s *Spawn) Inner() *Spawn {
	for s.Via != nil {
		s = s.Via
	}
	return s
}

// Pos returns the position of the go statement or spawning call.
func (s *Spawn) Pos() token.Pos {
	if c, ok := s.Site.(ssa.CallInstruction); ok && c.Pos().IsValid() {
		return c.Pos()
	}
	return s.Site.Pos()
}

// FuncFact summarizes, for callers in other packages, what a function does
// with goroutines: which of its function-valued parameters it runs in a
// goroutine that outlives the call, whether such goroutines signal their
// end, and whether the function waits (on a WaitGroup, an errgroup or a
// channel) so that a call to it may join a goroutine.
type FuncFact struct {
	SpawnsParams []int // indices into the SSA parameters (receiver first)
	Signals      bool
	Waits        bool
}

// AFact marks FuncFact as a fact.
func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var parts []string
	if len(f.SpawnsParams) > 0 {
		var ps []string
		for _, p := range f.SpawnsParams {
			ps = append(ps, fmt.Sprint(p))
		}
		parts = append(parts, "spawns param "+strings.Join(ps, ","))
	}
	if f.Signals {
		parts = append(parts, "signals")
	}
	if f.Waits {
		parts = append(parts, "waits")
	}
	return strings.Join(parts, "; ")
}

func (f *FuncFact) empty() bool { return f == nil || len(f.SpawnsParams) == 0 && !f.Waits }

// Result is what the engine knows about a package's goroutines.
type Result struct {
	Pkg    *ssa.Package
	Spawns []*Spawn // in source order
	// Funcs are the package's functions with bodies, closures included.
	Funcs []*ssa.Function

	bySite    map[ssa.Instruction]*Spawn
	sites     map[ssa.Instruction][]*Spawn // every spawn of a site, in Spawns order
	perParent map[*ssa.Function]int        // how many spawns each function performs
	local     map[*ssa.Function]*FuncFact
	pass      *analysis.Pass
	summary   map[*Spawn]*Summary
	outlives  map[*Spawn]bool
	joins     map[joinKey]bool
	lifted    []*Spawn
	liftDone  bool
	fields    *fieldFlow // the sync fields of structs whose every use is seen (see Stuck)

	// Passes that require the engine run in parallel and share the
	// Result: after run returns, the caches below are read-only but for
	// joins, which mu guards.
	frozen bool
	mu     sync.Mutex
}

// Lifted returns goroutine starts seen from the callers of the functions
// that perform them: when f starts a goroutine that outlives f, a static
// call of f in another function g of the package starts that goroutine
// in g, and what g does after the call runs concurrently with it. Lifted
// starts have Via set; their Site is the call. Up to two levels of calls
// are lifted. They are not in Spawns, and walks see them as the calls
// they are.
func (r *Result) Lifted() []*Spawn {
	if r.liftDone {
		return r.lifted
	}
	r.liftDone = true
	callers := map[*ssa.Function][]*ssa.Call{}
	for _, fn := range r.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(*ssa.Call)
				if !ok || c.Call.IsInvoke() || r.bySite[c] != nil {
					continue
				}
				if callee := bodyOf(c.Call.StaticCallee()); callee != nil && callee != fn {
					callers[callee] = append(callers[callee], c)
				}
			}
		}
	}
	level := r.Spawns
	for depth := 0; depth < 2 && len(level) > 0; depth++ {
		var next []*Spawn
		for _, s := range level {
			if s.Kind == Handler || !r.Outlives(s) {
				continue
			}
			for _, c := range callers[s.Parent] {
				if len(next)+len(r.lifted) > 2000 {
					break
				}
				l := &Spawn{
					Kind: s.Kind, Site: c, Parent: c.Parent(), Fn: s.Fn, Call: s.Call,
					Group: s.Group, Many: s.Many || ssaval.InLoop(c), Signals: s.Signals, Via: s,
				}
				next = append(next, l)
			}
		}
		r.lifted = append(r.lifted, next...)
		level = next
	}
	return r.lifted
}

// SpawnAt returns the goroutine start performed by instr, or nil.
func (r *Result) SpawnAt(instr ssa.Instruction) *Spawn { return r.bySite[instr] }

// Fact returns the summary of fn: computed for functions of this package,
// imported as a fact for others; nil when fn does nothing of interest.
func (r *Result) Fact(fn *ssa.Function) *FuncFact {
	if fn == nil {
		return nil
	}
	if f, ok := r.local[fn]; ok {
		return f
	}
	if o := fn.Origin(); o != nil && o != fn {
		if f, ok := r.local[o]; ok {
			return f
		}
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return nil
	}
	if o := obj.Origin(); o != nil {
		obj = o
	}
	var f FuncFact
	if obj.Pkg() != nil && obj.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(obj, &f) {
		return &f
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	lazy := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.SSA)
	r := &Result{
		bySite:   map[ssa.Instruction]*Spawn{},
		local:    map[*ssa.Function]*FuncFact{},
		pass:     pass,
		summary:  map[*Spawn]*Summary{},
		outlives: map[*Spawn]bool{},
		joins:    map[joinKey]bool{},
	}
	if !needed(pass, lazy.Scan) {
		r.frozen = true
		return r, nil
	}
	ssainfo, err := lazy.Get()
	if err != nil {
		return nil, err
	}
	r.Pkg = ssainfo.Pkg
	seen := map[*ssa.Function]bool{}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil || seen[fn] || fn.Blocks == nil {
			return
		}
		seen[fn] = true
		r.Funcs = append(r.Funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, fn := range ssainfo.SrcFuncs {
		add(fn)
	}

	// Function summaries depend on each other (a wrapper of a wrapper),
	// so spawns and summaries are computed to a fixed point.
	for round := 0; round < 4; round++ {
		r.findSpawns()
		if !r.summarize() {
			break
		}
	}
	r.findSpawns()
	// Compute what passes ask about, while the Result is still private.
	for _, s := range r.Spawns {
		r.Summarize(s)
		r.Outlives(s)
	}
	for _, s := range r.Lifted() {
		r.Summarize(s)
		r.Outlives(s)
	}
	for _, s := range append(append([]*Spawn(nil), r.Spawns...), r.lifted...) {
		if s.Many && s.Kind != Handler {
			s.Many = r.startsAgain(s)
		}
	}
	r.frozen = true

	r.fields = r.structFields()
	// What exported functions do with the channels, WaitGroups and Conds
	// they are given (see Stuck).
	if analysisutil.Importable(pass.Pkg) {
		for _, fn := range r.Funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || obj.Pkg() != pass.Pkg || fn.Parent() != nil || !obj.Exported() {
				continue
			}
			if uses := r.paramUses(fn); len(uses) > 0 {
				pass.ExportObjectFact(obj, &SyncParamsFact{Params: uses})
			}
		}
	}
	for fn, f := range r.local {
		if f.empty() {
			continue
		}
		// Only what other packages can call (see lockset's facts).
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == pass.Pkg && fn.Parent() == nil && obj.Exported() && analysisutil.Importable(pass.Pkg) {
			ff := *f
			pass.ExportObjectFact(obj, &ff)
		}
	}
	return r, nil
}

// findSpawns (re)computes r.Spawns from the package's functions and the
// current function summaries.
func (r *Result) findSpawns() {
	r.Spawns = nil
	r.bySite = map[ssa.Instruction]*Spawn{}
	r.summary = map[*Spawn]*Summary{}
	r.outlives = map[*Spawn]bool{}
	r.joins = map[joinKey]bool{}
	for _, fn := range r.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, s := range r.spawnsOf(fn, instr) {
					r.Spawns = append(r.Spawns, s)
					if r.bySite[instr] == nil {
						r.bySite[instr] = s
					}
				}
			}
		}
	}
	sort.SliceStable(r.Spawns, func(i, j int) bool {
		return analysisutil.Before(r.pass.Fset, r.Spawns[i].Pos(), r.Spawns[j].Pos())
	})
	r.sites = map[ssa.Instruction][]*Spawn{}
	r.perParent = map[*ssa.Function]int{}
	for _, s := range r.Spawns {
		r.sites[s.Site] = append(r.sites[s.Site], s)
		r.perParent[s.Parent]++
	}
}

// spawnsOf returns the goroutine starts instr performs.
func (r *Result) spawnsOf(fn *ssa.Function, instr ssa.Instruction) []*Spawn {
	switch in := instr.(type) {
	case *ssa.Go:
		s := &Spawn{Kind: GoStmt, Site: in, Parent: fn, Call: &in.Call}
		if !in.Call.IsInvoke() {
			s.Fn = in.Call.Value
		}
		s.Many = ssaval.InLoop(in)
		return []*Spawn{s}
	case *ssa.Call:
		call := &in.Call
		if call.IsInvoke() {
			return nil
		}
		callee := call.StaticCallee()
		if callee == nil {
			return nil
		}
		obj := syncop.FuncOf(callee)
		mk := func(k Kind, f ssa.Value) *Spawn {
			return &Spawn{Kind: k, Site: in, Parent: fn, Fn: f, Many: ssaval.InLoop(in)}
		}
		switch syncop.Call(call).Kind {
		case syncop.WaitGroupGo:
			if len(call.Args) == 2 {
				s := mk(WaitGroupGo, call.Args[1])
				s.Group, s.Signals = call.Args[0], true
				return []*Spawn{s}
			}
		case syncop.ErrgroupGo:
			if len(call.Args) == 2 {
				s := mk(ErrgroupGo, call.Args[1])
				s.Group, s.Signals = call.Args[0], true
				return []*Spawn{s}
			}
		case syncop.AfterFunc:
			if len(call.Args) == 2 {
				return []*Spawn{mk(AfterFunc, call.Args[1])}
			}
		}
		if isHandlerRegistration(obj) && len(call.Args) > 0 {
			s := mk(Handler, call.Args[len(call.Args)-1])
			s.Many = true
			return []*Spawn{s}
		}
		if f := r.Fact(callee); f != nil {
			var out []*Spawn
			for _, p := range f.SpawnsParams {
				if p < len(call.Args) {
					s := mk(ParamSpawn, call.Args[p])
					s.Signals = f.Signals
					out = append(out, s)
				}
			}
			return out
		}
	}
	return nil
}

// needed reports whether the package can give the engine anything to
// compute: a goroutine, a channel or a sync operation of its own, an HTTP
// handler, or a call of a function with one of the engine's facts.
// Otherwise its SSA is not built for the engine (see lazyssa).
func needed(pass *analysis.Pass, s *syncop.Scan) bool {
	if s.Go || s.Chan || s.Ops {
		return true
	}
	for _, fn := range s.Funcs {
		if isHandlerRegistration(fn) || pass.ImportObjectFact(fn, new(FuncFact)) || pass.ImportObjectFact(fn, new(SyncParamsFact)) {
			return true
		}
	}
	return false
}

// isHandlerRegistration reports whether fn registers or serves an HTTP
// handler (its last argument), which net/http runs in one goroutine per
// request.
func isHandlerRegistration(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "net/http" {
		return false
	}
	switch fn.Name() {
	case "HandleFunc", "Handle":
		return true
	case "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS":
		sig := fn.Type().(*types.Signature)
		return sig.Recv() == nil
	}
	return false
}

// summarize computes the function summaries of the package from the
// current spawns; it reports whether any changed.
func (r *Result) summarize() bool {
	changed := false
	for _, fn := range r.Funcs {
		f := &FuncFact{}
		for _, s := range r.Spawns {
			if s.Parent != fn || !r.Outlives(s) {
				continue
			}
			for _, p := range r.paramsRun(s) {
				if !containsInt(f.SpawnsParams, p) {
					f.SpawnsParams = append(f.SpawnsParams, p)
				}
			}
			if len(f.SpawnsParams) > 0 && (s.Signals || r.Summarize(s).Signals) {
				f.Signals = true
			}
		}
		sort.Ints(f.SpawnsParams)
		f.Waits = r.waits(fn)
		old := r.local[fn]
		if old == nil && !f.empty() || old != nil && old.String() != f.String() {
			changed = true
		}
		if f.empty() {
			delete(r.local, fn)
		} else {
			r.local[fn] = f
		}
	}
	return changed
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// paramsRun returns the indices of s.Parent's parameters that the
// goroutine of s runs: the started function value itself, or a function
// its body calls.
func (r *Result) paramsRun(s *Spawn) []int {
	var out []int
	note := func(v ssa.Value, fr *Frame) {
		if p, ok := v.(*ssa.Parameter); ok && fr.Parent == nil {
			for i, q := range s.Parent.Params {
				if q == p && !containsInt(out, i) {
					out = append(out, i)
				}
			}
		}
	}
	root := &Frame{Fn: s.Parent}
	if s.Fn != nil {
		note(root.Resolve(s.Fn))
	}
	r.Walk(s, func(fr *Frame, instr ssa.Instruction) {
		if c, ok := instr.(ssa.CallInstruction); ok && !c.Common().IsInvoke() {
			if _, isGo := instr.(*ssa.Go); !isGo {
				note(fr.Resolve(c.Common().Value))
			}
		}
	})
	return out
}

// waits reports whether fn may block until another goroutine signals:
// WaitGroup.Wait, errgroup's Wait, a channel receive, Cond.Wait, or a
// call of a function that does.
func (r *Result) waits(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.UnOp:
				if in.Op == token.ARROW {
					return true
				}
			case *ssa.Select:
				if in.Blocking {
					return true
				}
			case *ssa.Call:
				if callee := in.Call.StaticCallee(); callee != nil {
					switch syncop.Call(&in.Call).Kind {
					case syncop.WaitGroupWait, syncop.ErrgroupWait, syncop.CondWait:
						return true
					}
					if isSynctest(callee, "Wait") {
						return true
					}
					if callee != fn {
						if f := r.Fact(callee); f != nil && f.Waits {
							return true
						}
					}
				}
			}
		}
	}
	return false
}
