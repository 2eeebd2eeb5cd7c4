package goroutines

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// A Stuck is a blocking operation that nothing can ever complete: an
// operation on a nil channel, or on a channel, WaitGroup or Cond made in
// the package whose every use the engine sees, none of which is the
// partner the operation waits for. Unlike a Leak, it does not depend on
// a path: every execution that reaches Op blocks there forever (but for a
// StuckSkipDone, which is the path of one goroutine).
type Stuck struct {
	Form StuckForm
	Op   ssa.Instruction // the receive, send, select, Wait
	Obj  ssa.Value       // the channel, WaitGroup or Cond (its make, allocation or NewCond call); nil for a nil channel
	// For StuckSkipDone: the goroutine's return that skips Done; for
	// StuckWaitFirst: the Wait that comes before every receive. Start is
	// the go statement of the goroutine.
	Exit  ssa.Instruction
	Start ssa.Instruction
}

// StuckForm tells what the operation waits for that never comes.
type StuckForm int

const (
	StuckRecv      StuckForm = iota // a receive from a channel nothing sends on or closes
	StuckSend                       // a send on an unbuffered channel nothing receives from
	StuckSelect                     // a select none of whose cases can ever proceed
	StuckNilRecv                    // a receive from a nil channel
	StuckNilSend                    // a send on a nil channel
	StuckWaitGroup                  // WaitGroup.Wait after Add, with no Done anywhere
	StuckSkipDone                   // WaitGroup.Wait left waiting by a goroutine that returns without Done
	StuckCond                       // Cond.Wait that nothing signals or broadcasts
	StuckWaitFirst                  // a goroutine's send whose only receiver first waits for the goroutine to end
)

// A syncObj is a channel, WaitGroup or Cond made in the package, with
// every operation on it.
type syncObj struct {
	root    ssa.Value
	escapes bool // reaches something the engine cannot follow
	// channels
	recvs, sends []ssa.Instruction // plain receives (ranges included) and sends
	selCases     []selCase         // cases of selects on it
	closeOps     []ssa.Instruction // close calls, deferred or not
	// the calls of the package's functions and the closures it is handed
	// to, followed
	handed []ssa.Instruction
	// WaitGroups and Conds
	adds, dones, waits []ssa.Instruction
	addsConst          bool // every Add has a positive constant delta
	signals            int
	goes               int // WaitGroup.Go
	// the goroutines the object is handed to (closures bound to it, or
	// functions given it as an argument, started by go)
	started map[*ssa.Function]*ssa.Go
	// what functions of other packages it is passed to do with it (their
	// SyncParamsFact): counted as partners, never reported
	ext ParamUse
}

// A selCase is a case of a select on a channel.
type selCase struct {
	sel   *ssa.Select
	index int
	dir   types.ChanDir
}

// newSyncObj returns the object made by root, with no use recorded.
func newSyncObj(root ssa.Value) *syncObj {
	return &syncObj{root: root, addsConst: true, started: map[*ssa.Function]*ssa.Go{}}
}

// selects counts the cases of selects on o in direction dir.
func (o *syncObj) selects(dir types.ChanDir) int {
	n := 0
	for _, c := range o.selCases {
		if c.dir == dir {
			n++
		}
	}
	return n
}

// A ParamUse says what a function does with a channel, WaitGroup or
// Cond parameter, itself and through the functions it passes it to.
type ParamUse struct {
	Index                       int // among the SSA parameters, the receiver first
	Sends, Recvs, Closes        bool
	Adds, Dones, Waits, Signals bool
	Escapes                     bool // reaches code the analysis cannot follow
}

// SyncParamsFact is what an exported function does with its channel,
// WaitGroup and Cond parameters, for callers in other packages.
type SyncParamsFact struct {
	Params []ParamUse
}

// AFact marks SyncParamsFact as a fact.
func (*SyncParamsFact) AFact() {}

func (f *SyncParamsFact) String() string {
	var parts []string
	for _, p := range f.Params {
		var ops []string
		for _, x := range []struct {
			on   bool
			name string
		}{{p.Sends, "send"}, {p.Recvs, "recv"}, {p.Closes, "close"}, {p.Adds, "add"}, {p.Dones, "done"}, {p.Waits, "wait"}, {p.Signals, "signal"}, {p.Escapes, "escapes"}} {
			if x.on {
				ops = append(ops, x.name)
			}
		}
		parts = append(parts, fmt.Sprintf("param %d: %s", p.Index, strings.Join(ops, ",")))
	}
	return strings.Join(parts, "; ")
}

// paramUses computes what fn does with each of its channel, WaitGroup
// and Cond parameters.
func (r *Result) paramUses(fn *ssa.Function) []ParamUse {
	var out []ParamUse
	for i, p := range fn.Params {
		t := p.Type()
		if !syncop.IsChan(t) && !isPtrTo(t, "WaitGroup") && !isPtrTo(t, "Cond") {
			continue
		}
		o := newSyncObj(p)
		r.follow(o, p, map[ssa.Value]*syncObj{})
		out = append(out, o.use(i))
	}
	return out
}

// use summarizes o's operations as a ParamUse.
func (o *syncObj) use(i int) ParamUse {
	return ParamUse{
		Index:   i,
		Sends:   len(o.sends)+o.selects(types.SendOnly) > 0 || o.ext.Sends,
		Recvs:   len(o.recvs)+o.selects(types.RecvOnly) > 0 || o.ext.Recvs,
		Closes:  len(o.closeOps) > 0 || o.ext.Closes,
		Adds:    len(o.adds) > 0 || o.goes > 0 || o.ext.Adds,
		Dones:   len(o.dones) > 0 || o.goes > 0 || o.ext.Dones,
		Waits:   len(o.waits) > 0 || o.ext.Waits,
		Signals: o.signals > 0 || o.ext.Signals,
		Escapes: o.escapes,
	}
}

func isPtrTo(t types.Type, name string) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok && syncop.IsSync(t, name)
}

// partnerless counts of a channel: whether anything sends on or closes
// it, receives from it.
func (o *syncObj) anySend() bool {
	return len(o.sends)+o.selects(types.SendOnly)+len(o.closeOps) > 0 || o.ext.Sends || o.ext.Closes
}
func (o *syncObj) anyRecv() bool { return len(o.recvs)+o.selects(types.RecvOnly) > 0 || o.ext.Recvs }

// Stuck returns the operations of the package that block forever, in
// source order. Only objects whose every use is seen are judged: made
// by the package's code, and reaching only operations on them, closures
// of the package, the parameters of its functions called statically
// and variables assigned once. main.main's own receives are left alone
// (a program that serves from goroutines may block its main forever on
// purpose), and so are empty selects.
func (r *Result) Stuck() []Stuck {
	objs := map[ssa.Value]*syncObj{} // alias → object
	var roots []*syncObj
	if r.fields != nil {
		// WaitGroups and Conds that are fields of followed structs.
		for _, fas := range r.fields.syncs {
			o := newSyncObj(fas[0])
			for _, fa := range fas {
				r.follow(o, fa, objs)
			}
			roots = append(roots, o)
		}
	}
	for _, fn := range r.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				v, ok := instr.(ssa.Value)
				if !ok || !isSyncRoot(v) {
					continue
				}
				o := newSyncObj(v)
				r.follow(o, v, objs)
				roots = append(roots, o)
			}
		}
	}
	var out []Stuck
	first := r.firstOf
	for _, o := range roots {
		if o.escapes {
			continue
		}
		switch t := o.root.Type(); {
		case syncop.IsChan(t):
			mc, _ := o.root.(*ssa.MakeChan)
			if mc == nil {
				continue
			}
			capacity, known := chanCap(mc)
			var recvs []ssa.Instruction
			for _, in := range o.recvs {
				if !inMain(in) {
					recvs = append(recvs, in)
				}
			}
			switch {
			case len(recvs) > 0 && !o.anySend():
				out = append(out, Stuck{Form: StuckRecv, Op: first(recvs), Obj: mc})
			case len(o.sends) > 0 && known && capacity == 0 && !o.anyRecv() && len(o.closeOps) == 0 && !o.ext.Closes:
				out = append(out, Stuck{Form: StuckSend, Op: first(o.sends), Obj: mc})
			}
		case syncop.IsSync(t, "WaitGroup"):
			if len(o.waits) == 0 || len(o.adds) == 0 || !o.addsConst || o.goes > 0 || o.ext.Adds {
				continue
			}
			if len(o.dones) == 0 && !o.ext.Dones {
				out = append(out, Stuck{Form: StuckWaitGroup, Op: first(o.waits), Obj: o.root})
				continue
			}
			if o.ext.Dones {
				continue // where the other package's Done runs is not known
			}
			if st, ok := r.skipsDone(o); ok {
				out = append(out, st)
			}
		case syncop.IsSync(t, "Cond"):
			if len(o.waits) > 0 && o.signals == 0 && !o.ext.Signals {
				out = append(out, Stuck{Form: StuckCond, Op: first(o.waits), Obj: o.root})
			}
		}
	}
	// A goroutine that sends before it is Done, on a channel whose every
	// receive waits for the goroutine first: neither side can move.
	for _, wg := range roots {
		if wg.escapes || len(wg.waits) == 0 || !syncop.IsSync(wg.root.Type(), "WaitGroup") {
			continue
		}
		for _, c := range roots {
			if st, ok := waitFirst(wg, c); ok {
				out = append(out, st)
			}
		}
	}
	// Nil channels, and selects none of whose cases can proceed.
	for _, fn := range r.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.UnOp:
					if in.Op == token.ARROW && r.isNilChan(in.X) && !inMain(in) {
						out = append(out, Stuck{Form: StuckNilRecv, Op: in})
					}
				case *ssa.Send:
					if r.isNilChan(in.Chan) {
						out = append(out, Stuck{Form: StuckNilSend, Op: in})
					}
				case *ssa.Select:
					if in.Blocking && len(in.States) > 0 && r.deadSelect(in, objs) {
						out = append(out, Stuck{Form: StuckSelect, Op: in})
					}
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return r.before(out[i].Op.Pos(), out[j].Op.Pos()) })
	return out
}

// isSyncRoot reports whether v makes a channel, a WaitGroup or a Cond.
func isSyncRoot(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.MakeChan:
		return true
	case *ssa.Alloc:
		t := ssaval.Elem(x.Type())
		return syncop.IsSync(t, "WaitGroup") || syncop.IsSync(t, "Cond")
	case *ssa.Call:
		return syncop.NewCondArg(x) != nil
	}
	return false
}

// inMain reports whether instr is in the body of main.main itself.
func inMain(instr ssa.Instruction) bool { return isMainMain(instr.Parent()) }

// isMainMain reports whether fn is a program's main function: when it
// returns, the program ends, and with it every goroutine.
func isMainMain(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// follow records the uses of v, a value that denotes o (the channel, or
// the pointer to the WaitGroup or Cond), and of what carries it on.
func (r *Result) follow(o *syncObj, v ssa.Value, objs map[ssa.Value]*syncObj) {
	if o.escapes {
		return
	}
	if prev, seen := objs[v]; seen {
		if prev != o {
			o.escapes, prev.escapes = true, true // two objects meet (a phi, a shared parameter)
		}
		return
	}
	objs[v] = o
	refs := v.Referrers()
	if refs == nil {
		o.escapes = true
		return
	}
	isChan := syncop.IsChan(o.root.Type())
	for _, ref := range *refs {
		if o.escapes {
			return
		}
		switch in := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Send:
			if in.Chan != v || !isChan {
				o.escapes = true
			} else {
				o.sends = append(o.sends, in)
			}
		case *ssa.UnOp:
			switch {
			case in.Op == token.ARROW && isChan:
				o.recvs = append(o.recvs, in)
			default:
				o.escapes = true // a copy of the WaitGroup or Cond, or a pointer to a channel
			}
		case *ssa.Select:
			for i, st := range in.States {
				if st.Chan == v {
					o.selCases = append(o.selCases, selCase{in, i, st.Dir})
				} else if st.Send == v {
					o.escapes = true
				}
			}
		case *ssa.ChangeType:
			r.follow(o, in, objs)
		case *ssa.FieldAddr:
			// The L of a Cond: locked and unlocked, or set at creation.
			if !syncop.IsSync(o.root.Type(), "Cond") || !fieldLUses(in) {
				o.escapes = true
			}
		case *ssa.Store:
			if in.Addr == v {
				if _, zero := in.Val.(*ssa.Const); !zero || isChan {
					o.escapes = true // the WaitGroup or Cond overwritten
				}
				continue
			}
			if loads, ok := r.fields.loadsOf(in); ok && in.Val == v {
				// v assigned to a struct's field, and only v.
				for _, l := range loads {
					r.follow(o, l, objs)
				}
				continue
			}
			// v assigned to a variable: followed if the variable holds
			// nothing else.
			cell, ok := in.Addr.(*ssa.Alloc)
			if !ok || ssaval.StoredOnce(cell) != v {
				o.escapes = true
				continue
			}
			r.followCell(o, cell, objs)
		case *ssa.MakeClosure:
			noteStarted(o, in)
			o.handed = append(o.handed, in)
			for i, b := range in.Bindings {
				if b == v {
					r.follow(o, in.Fn.(*ssa.Function).FreeVars[i], objs)
				}
			}
		case ssa.CallInstruction:
			r.followCall(o, v, in, objs)
		default:
			o.escapes = true
		}
	}
}

// followCell follows a variable assigned only v: its loads denote o.
func (r *Result) followCell(o *syncObj, cell ssa.Value, objs map[ssa.Value]*syncObj) {
	refs := cell.Referrers()
	if refs == nil {
		o.escapes = true
		return
	}
	for _, ref := range *refs {
		switch in := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if in.Addr != cell {
				o.escapes = true
			}
			if _, isFree := cell.(*ssa.FreeVar); isFree {
				o.escapes = true // assigned in a closure
			}
		case *ssa.UnOp:
			if in.Op != token.MUL {
				o.escapes = true
				continue
			}
			r.follow(o, in, objs)
		case *ssa.MakeClosure:
			noteStarted(o, in)
			o.handed = append(o.handed, in)
			for i, b := range in.Bindings {
				if b == cell {
					r.followCell(o, in.Fn.(*ssa.Function).FreeVars[i], objs)
				}
			}
		default:
			o.escapes = true
		}
	}
}

// followCall records a call that v, denoting o, takes part in: an
// operation on o, a built-in, or an argument of a function of the
// package called (or started) statically, whose parameter then denotes o.
func (r *Result) followCall(o *syncObj, v ssa.Value, in ssa.CallInstruction, objs map[ssa.Value]*syncObj) {
	cc := in.Common()
	if b, ok := cc.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			o.closeOps = append(o.closeOps, in)
		case "len", "cap":
		default:
			o.escapes = true
		}
		return
	}
	if op := syncop.Call(cc); op.Kind != syncop.None && op.Operand == v {
		if _, isGo := in.(*ssa.Go); isGo {
			o.escapes = true
			return
		}
		for _, a := range cc.Args[1:] {
			if a == v {
				o.escapes = true
				return
			}
		}
		switch op.Kind {
		case syncop.WaitGroupAdd:
			o.adds = append(o.adds, in)
			if !positiveConst(cc.Args[1]) {
				o.addsConst = false
			}
		case syncop.WaitGroupDone:
			o.dones = append(o.dones, in)
		case syncop.WaitGroupWait, syncop.CondWait:
			o.waits = append(o.waits, in)
		case syncop.WaitGroupGo:
			o.goes++
		case syncop.CondSignal, syncop.CondBroadcast:
			o.signals++
		default:
			o.escapes = true
		}
		return
	}
	if cc.IsInvoke() || cc.Value == v {
		o.escapes = true
		return
	}
	callee := cc.StaticCallee()
	if callee != nil && callee.Pkg != r.Pkg {
		r.followFact(o, v, cc, callee)
		return
	}
	if callee == nil || len(callee.Blocks) == 0 || len(callee.Params) != len(cc.Args) {
		o.escapes = true
		return
	}
	if g, isGo := in.(*ssa.Go); isGo {
		o.started[callee] = g
	}
	o.handed = append(o.handed, in)
	for i, a := range cc.Args {
		if a == v {
			r.follow(o, callee.Params[i], objs)
		}
	}
}

// noteStarted records the closure mc makes as a goroutine of o when a go
// statement starts it.
func noteStarted(o *syncObj, mc *ssa.MakeClosure) {
	for _, ref := range *mc.Referrers() {
		if g, ok := ref.(*ssa.Go); ok && g.Call.Value == mc {
			o.started[mc.Fn.(*ssa.Function)] = g
		}
	}
}

// followFact adds what a function of another package does with v, an
// argument of the call cc, as its SyncParamsFact says; without a fact,
// the object escapes.
func (r *Result) followFact(o *syncObj, v ssa.Value, cc *ssa.CallCommon, callee *ssa.Function) {
	obj := syncop.FuncOf(callee)
	if obj == nil || r.pass == nil {
		o.escapes = true
		return
	}
	if orig := obj.Origin(); orig != nil {
		obj = orig
	}
	var f SyncParamsFact
	if obj.Pkg() == nil || !r.pass.ImportObjectFact(obj, &f) {
		o.escapes = true
		return
	}
	for i, a := range cc.Args {
		if a != v {
			continue
		}
		found := false
		for _, p := range f.Params {
			if p.Index != i {
				continue
			}
			found = true
			if p.Escapes {
				o.escapes = true
				return
			}
			e := &o.ext
			e.Sends, e.Recvs, e.Closes = e.Sends || p.Sends, e.Recvs || p.Recvs, e.Closes || p.Closes
			e.Adds, e.Dones, e.Waits, e.Signals = e.Adds || p.Adds, e.Dones || p.Dones, e.Waits || p.Waits, e.Signals || p.Signals
		}
		if !found {
			o.escapes = true
			return
		}
	}
}

func positiveConst(v ssa.Value) bool {
	c, ok := ssaval.UnwrapAll(v).(*ssa.Const)
	if !ok || c.Value == nil {
		return false
	}
	if c.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(c.Value)
	return exact && n > 0
}

// fieldLUses reports whether the field address of a Cond is its L, only
// loaded or set.
func fieldLUses(fa *ssa.FieldAddr) bool {
	if ssaval.FieldName(fa.X.Type(), fa.Field) != "L" {
		return false
	}
	for _, ref := range *fa.Referrers() {
		switch in := ref.(type) {
		case *ssa.UnOp:
			if in.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if in.Addr != fa {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// isNilChan reports whether v is the nil channel: the constant, a
// variable captured from a function where it is the constant, or a load
// of a variable or a struct's field never assigned.
func (r *Result) isNilChan(v ssa.Value) bool {
	for i := 0; i < 8; i++ {
		switch x := v.(type) {
		case *ssa.Const:
			return x.IsNil() && syncop.IsChan(x.Type())
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.FreeVar:
			b := bindingOf(x)
			if b == nil {
				return false
			}
			v = b
			continue
		case *ssa.UnOp:
			// A load of a variable or field never assigned: its zero value.
			return x.Op == token.MUL && syncop.IsChan(x.Type()) && (neverStored(x.X, 0) || r.fields != nil && r.fields.nilLoads[x])
		}
		return false
	}
	return false
}

// neverStored reports whether the variable at addr (a local variable's
// cell, or a closure's free variable bound to one) is only ever loaded:
// it holds its zero value.
func neverStored(addr ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	if fv, ok := addr.(*ssa.FreeVar); ok {
		b := bindingOf(fv)
		return b != nil && neverStored(b, depth+1)
	}
	a, ok := addr.(*ssa.Alloc)
	if !ok {
		return false
	}
	var check func(v ssa.Value, depth int) bool
	check = func(v ssa.Value, depth int) bool {
		if depth > 8 || v.Referrers() == nil {
			return false
		}
		for _, ref := range *v.Referrers() {
			switch in := ref.(type) {
			case *ssa.UnOp:
				if in.Op != token.MUL {
					return false
				}
			case *ssa.DebugRef:
			case *ssa.MakeClosure:
				for i, b := range in.Bindings {
					if b == v && !check(in.Fn.(*ssa.Function).FreeVars[i], depth+1) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return check(a, depth)
}

// bindingOf returns the value bound to the free variable fv by the only
// MakeClosure of its function, or nil.
func bindingOf(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	refs := fn.Referrers()
	if refs == nil || len(*refs) != 1 {
		return nil
	}
	mc, ok := (*refs)[0].(*ssa.MakeClosure)
	if !ok {
		return nil
	}
	for i, f := range fn.FreeVars {
		if f == fv {
			return mc.Bindings[i]
		}
	}
	return nil
}

// deadSelect reports whether no case of sel can ever proceed: each is on
// a nil channel or on a judged channel that nothing completes.
func (r *Result) deadSelect(sel *ssa.Select, objs map[ssa.Value]*syncObj) bool {
	for _, st := range sel.States {
		if r.isNilChan(st.Chan) {
			continue
		}
		o := objs[st.Chan]
		if o == nil || o.escapes {
			return false
		}
		mc, ok := o.root.(*ssa.MakeChan)
		if !ok {
			return false
		}
		if st.Dir == types.RecvOnly {
			if o.anySend() {
				return false
			}
		} else {
			if capacity, known := chanCap(mc); !known || capacity > 0 || o.anyRecv() || len(o.closeOps) > 0 || o.ext.Closes {
				return false
			}
		}
	}
	return true
}

// skipsDone finds, for a WaitGroup whose Adds are positive constants, a
// goroutine that calls Done (not deferred) but can return without it, so
// that the counter never reaches zero. Every Done must be in a goroutine
// started with the WaitGroup and outside loops, and no Add in one.
func (r *Result) skipsDone(o *syncObj) (Stuck, bool) {
	for _, a := range o.adds {
		if _, started := o.started[a.Parent()]; started {
			return Stuck{}, false
		}
	}
	byFn := map[*ssa.Function][]ssa.Instruction{}
	for _, d := range o.dones {
		g := o.started[d.Parent()]
		if g == nil || ssaval.InLoop(d) {
			return Stuck{}, false
		}
		if _, deferred := d.(*ssa.Defer); deferred {
			return Stuck{}, false
		}
		byFn[d.Parent()] = append(byFn[d.Parent()], d)
	}
	var fns []*ssa.Function
	for fn := range byFn {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return r.before(fns[i].Pos(), fns[j].Pos()) })
	for _, fn := range fns {
		if exit := returnAvoiding(fn, byFn[fn]); exit != nil {
			return Stuck{Form: StuckSkipDone, Op: r.firstOf(o.waits), Obj: o.root, Exit: exit, Start: o.started[fn]}, true
		}
	}
	return Stuck{}, false
}

// waitFirst reports a send of a goroutine of wg on the unbuffered
// channel c, made before the goroutine's Done, when every receive from c
// comes after a wg.Wait that dominates it.
func waitFirst(wg, c *syncObj) (Stuck, bool) {
	mc, ok := c.root.(*ssa.MakeChan)
	if !ok || c.escapes || len(c.recvs) == 0 || len(c.selCases) > 0 || c.ext.Recvs || wg.ext.Dones {
		return Stuck{}, false
	}
	if capacity, known := chanCap(mc); !known || capacity != 0 {
		return Stuck{}, false
	}
	var wait ssa.Instruction
	for _, r := range c.recvs {
		w := dominatingWait(wg, r)
		if w == nil {
			return Stuck{}, false
		}
		if wait == nil {
			wait = w
		}
	}
	for _, snd := range c.sends {
		fn := snd.Parent()
		g := wg.started[fn]
		if g == nil {
			continue
		}
		for _, d := range wg.dones {
			if d.Parent() != fn {
				continue
			}
			_, deferred := d.(*ssa.Defer)
			if deferred || precedes(snd, d) {
				return Stuck{Form: StuckWaitFirst, Op: snd, Obj: mc, Exit: wait, Start: g}, true
			}
		}
	}
	return Stuck{}, false
}

// dominatingWait returns a Wait of wg that every path to instr passes.
func dominatingWait(wg *syncObj, instr ssa.Instruction) ssa.Instruction {
	for _, w := range wg.waits {
		if _, deferred := w.(*ssa.Defer); deferred || w.Parent() != instr.Parent() {
			continue
		}
		wb, ib := w.Block(), instr.Block()
		if wb == ib && ssaval.IndexOf(wb, w) < ssaval.IndexOf(ib, instr) || wb != ib && wb.Dominates(ib) {
			return w
		}
	}
	return nil
}

// precedes reports whether b can run after a in their function.
func precedes(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb && ssaval.IndexOf(ab, a) < ssaval.IndexOf(bb, b) {
		return true
	}
	return ssaval.BlockReaches(ab, bb)
}

func (r *Result) firstOf(instrs []ssa.Instruction) ssa.Instruction {
	var best ssa.Instruction
	for _, in := range instrs {
		if best == nil || r.before(in.Pos(), best.Pos()) {
			best = in
		}
	}
	return best
}

// returnAvoiding returns a return of fn reachable from its entry without
// passing any of the instructions avoid, nor a panic or a call that ends
// the goroutine (runtime.Goexit, t.Fatal) or the program; nil if none.
func returnAvoiding(fn *ssa.Function, avoid []ssa.Instruction) ssa.Instruction {
	if len(fn.Blocks) == 0 {
		return nil
	}
	skip := map[ssa.Instruction]bool{}
	for _, a := range avoid {
		skip[a] = true
	}
	panics := ssaval.Panicking(fn)
	var exit ssa.Instruction
	ssaval.FlagPaths(fn.Blocks[0], 0, func(b *ssa.BasicBlock, from int) bool {
		if exit != nil || panics[b] {
			return false
		}
		for _, instr := range b.Instrs[from:] {
			if skip[instr] || terminates(instr) {
				return false
			}
			if _, ok := instr.(*ssa.Return); ok {
				exit = instr
				return false
			}
		}
		return true
	}, func(b, succ *ssa.BasicBlock) bool { return !rangeEnd(b, succ) })
	return exit
}

// rangeEnd reports whether b → succ leaves a loop receiving from a
// channel until it is closed (for range ch): taken as never, since
// whether anything closes the channel is not known here (a ticker's is
// never closed).
func rangeEnd(b, succ *ssa.BasicBlock) bool {
	if len(b.Succs) != 2 || b.Succs[1] != succ {
		return false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	ex, ok := iff.Cond.(*ssa.Extract)
	if !ok || ex.Index != 1 {
		return false
	}
	recv, ok := ex.Tuple.(*ssa.UnOp)
	return ok && recv.Op == token.ARROW && recv.CommaOk && ssaval.InLoop(recv)
}

// before orders positions by file name, then offset: the same whatever
// the order in which the files were parsed.
func (r *Result) before(a, b token.Pos) bool {
	if r.pass == nil {
		return a < b
	}
	return analysisutil.Before(r.pass.Fset, a, b)
}
