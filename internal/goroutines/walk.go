package goroutines

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// Limits of a walk: how deep it follows calls, and how many instructions
// it visits at most, so that a large call tree costs bounded time.
// maxAfter bounds what the walks after the starts of one function (and
// the scans of Outlives) visit together: a function starting a thousand
// goroutines would otherwise cost a thousand walks of its own length.
const (
	maxDepth  = 6
	maxInstrs = 40000
	maxAfter  = 1 << 19
	minAfter  = 256
)

// afterBudget returns how many instructions WalkAfter(s) may visit, and
// Outlives(s) scan: maxInstrs, or less when the parent of s starts so
// many goroutines that the walks after them would together pass
// maxAfter. A walk cut short sees less of what runs concurrently, so the
// passes report less, never more.
func (r *Result) afterBudget(s *Spawn) int {
	n := max(r.perParent[s.Parent], 1)
	return min(maxInstrs, max(maxAfter/n, minAfter))
}

// A Visitor is called for every instruction a walk visits, with the frame
// that executes it.
type Visitor func(fr *Frame, instr ssa.Instruction)

type walker struct {
	r      *Result
	visit  Visitor
	budget int
	seen   map[walkKey]bool
}

type walkKey struct {
	fn   *ssa.Function
	site ssa.Instruction
	in   *Spawn
}

func (r *Result) newWalker(visit Visitor) *walker {
	return &walker{r: r, visit: visit, budget: maxInstrs, seen: map[walkKey]bool{}}
}

// Walk visits the instructions the goroutine of s may execute: the body of
// the function it runs, the bodies of the functions of this package that
// calls from there reach, and the goroutines those start in turn. Frames
// resolve values to s.Parent, the root frame.
func (r *Result) Walk(s *Spawn, visit Visitor) {
	w := r.newWalker(visit)
	root := &Frame{Fn: s.Parent}
	w.spawn(root, s)
}

// spawn enters the goroutine of s, whose site is in fr.
func (w *walker) spawn(fr *Frame, s *Spawn) {
	if fr.depth >= maxDepth {
		return
	}
	for _, t := range w.r.spawnTargets(fr, s) {
		t.Spawn = s
		w.body(t)
	}
}

// body visits every instruction of fr.Fn and descends into calls.
func (w *walker) body(fr *Frame) {
	k := walkKey{fr.Fn, fr.Site, fr.InGoroutine()}
	if w.seen[k] {
		return
	}
	w.seen[k] = true
	live := ssaval.LiveBlocks(fr.Fn)
	for _, b := range fr.Fn.Blocks {
		if live != nil && !live[b] {
			continue // if debug { ... } with const debug = false
		}
		for _, instr := range b.Instrs {
			w.instr(fr, instr, true)
		}
	}
}

// instr visits one instruction and descends into what it calls or starts.
func (w *walker) instr(fr *Frame, instr ssa.Instruction, descend bool) {
	if w.budget <= 0 {
		return
	}
	w.budget--
	w.visit(fr, instr)
	if !descend {
		return
	}
	if s := w.r.bySite[instr]; s != nil && s.Parent == fr.Fn {
		for _, s := range w.r.spawnsAt(instr) {
			w.spawn(fr, s)
		}
		return
	}
	switch in := instr.(type) {
	case *ssa.Call:
		w.call(fr, in, &in.Call)
	case *ssa.Defer:
		w.call(fr, in, &in.Call)
	}
}

// spawnsAt returns every spawn whose site is instr (a call may start
// several goroutines, one per function argument).
func (r *Result) spawnsAt(instr ssa.Instruction) []*Spawn {
	return r.sites[instr]
}

func (w *walker) call(fr *Frame, site ssa.Instruction, call *ssa.CallCommon) {
	if fr.depth >= maxDepth {
		return
	}
	for _, t := range w.r.callTargets(fr, site, call) {
		w.body(t)
	}
}

// onStack reports whether fn is already being walked in f or its parents.
func (f *Frame) onStack(fn *ssa.Function) bool {
	for ; f != nil; f = f.Parent {
		if f.Fn == fn {
			return true
		}
	}
	return false
}

// body returns fn, or the generic function it instantiates, whichever has
// a body; nil if neither has (a function of another package).
func bodyOf(fn *ssa.Function) *ssa.Function {
	if fn == nil {
		return nil
	}
	if fn.Blocks != nil {
		return fn
	}
	if o := fn.Origin(); o != nil && o.Blocks != nil {
		return o
	}
	return nil
}

// callTargets returns the frames a call may enter: a static callee with a
// body, or a closure the called value resolves to. Calls through
// interfaces and of unknown function values are not followed.
func (r *Result) callTargets(fr *Frame, site ssa.Instruction, call *ssa.CallCommon) []*Frame {
	if call.IsInvoke() {
		return nil
	}
	return r.enter(fr, site, call.Value, call.Args, false)
}

// spawnTargets returns the frames the goroutine of s, whose site is in fr,
// starts with.
func (r *Result) spawnTargets(fr *Frame, s *Spawn) []*Frame {
	if s.Via != nil {
		// Enter the callee, then the start inside it.
		c := s.Site.(*ssa.Call)
		var out []*Frame
		for _, t := range r.callTargets(fr, c, &c.Call) {
			if t.Fn != s.Via.Parent {
				continue
			}
			for _, g := range r.spawnTargets(t, s.Via) {
				g.Spawn = s.Via
				out = append(out, g)
			}
		}
		return out
	}
	if s.Kind == GoStmt {
		if s.Call.IsInvoke() {
			return nil
		}
		return r.enter(fr, s.Site, s.Call.Value, s.Call.Args, false)
	}
	return r.enter(fr, s.Site, s.Fn, nil, s.Kind == Handler)
}

// enter resolves the function value v called with args at site (in fr)
// and returns the frames it may run.
func (r *Result) enter(fr *Frame, site ssa.Instruction, v ssa.Value, args []ssa.Value, handler bool) []*Frame {
	if v == nil {
		return nil
	}
	rv, rfr := fr.Resolve(v)
	var fn *ssa.Function
	bind := map[ssa.Value]binding{}
	switch x := rv.(type) {
	case *ssa.Function:
		fn = bodyOf(x)
	case *ssa.MakeClosure:
		if f, ok := x.Fn.(*ssa.Function); ok {
			fn = bodyOf(f)
			if fn != nil {
				for i, b := range x.Bindings {
					if i < len(fn.FreeVars) {
						bind[fn.FreeVars[i]] = binding{b, rfr}
					}
				}
			}
		}
	default:
		if handler {
			// A value of a type with a ServeHTTP method: that method runs,
			// with the value as receiver.
			fn = r.serveHTTP(rv.Type())
			if fn != nil && len(fn.Params) > 0 {
				bind[fn.Params[0]] = binding{rv, rfr}
			}
		}
	}
	if fn == nil || fr.onStack(fn) {
		return nil
	}
	for i, a := range args {
		if i < len(fn.Params) {
			bind[fn.Params[i]] = binding{a, fr}
		}
	}
	return []*Frame{{Fn: fn, Parent: fr, Site: site, bind: bind, depth: fr.depth + 1}}
}

// serveHTTP returns the ServeHTTP method of t, if this package declares it.
func (r *Result) serveHTTP(t types.Type) *ssa.Function {
	if r.Pkg == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, r.Pkg.Pkg, "ServeHTTP")
	m, ok := obj.(*types.Func)
	if !ok || m.Pkg() != r.Pkg.Pkg {
		return nil
	}
	return bodyOf(r.Pkg.Prog.FuncValue(m))
}

// A Summary tells what the goroutine of a spawn does that matters for
// synchronization.
type Summary struct {
	// Signals: it sends on or closes a channel, calls WaitGroup.Done,
	// Cond.Signal or Cond.Broadcast, or is started so that it signals
	// its end (Spawn.Signals): someone can wait for it.
	Signals bool
	// Done: it calls WaitGroup.Done.
	Done bool
	// Sends are the channels it sends on or closes.
	Sends     []Loc
	sendTypes []types.Type
	// Receives: it receives from a channel, selects, or waits on a
	// context: it can be told to stop.
	Receives bool
	// Testing are the calls of methods of *testing.T, *testing.B,
	// *testing.F or testing.TB that it makes.
	Testing []ssa.Instruction
	// Prints are the calls that write to standard output or a log.
	Prints []ssa.Instruction
	// Unknown: its body could not be followed (a function value or a
	// method of another package): it may do anything.
	Unknown bool
	// AtomicWrites: it stores to memory with sync/atomic, a flag someone
	// may poll.
	AtomicWrites bool
	// IO: it reads, writes, accepts or closes through an io.Reader,
	// io.Writer or io.Closer (a pipe, a connection): it talks with
	// whoever holds the other end.
	IO bool
}

// Summarize returns the summary of the goroutine of s.
func (r *Result) Summarize(s *Spawn) *Summary {
	if sum, ok := r.summary[s]; ok {
		return sum
	}
	if r.frozen {
		return &Summary{Signals: true, Receives: true, Unknown: true} // not a start of this Result
	}
	sum := &Summary{Signals: s.Signals}
	root := &Frame{Fn: s.Parent}
	if len(r.spawnTargets(root, s)) == 0 {
		sum.Unknown = true
	}
	r.Walk(s, func(fr *Frame, instr ssa.Instruction) {
		switch in := instr.(type) {
		case *ssa.Send:
			sum.Signals = true
			sum.Sends = append(sum.Sends, fr.Addr(in.Chan))
			sum.sendTypes = append(sum.sendTypes, in.Chan.Type())
		case *ssa.UnOp:
			if in.Op == token.ARROW {
				sum.Receives = true
			}
		case *ssa.Select:
			for _, st := range in.States {
				if st.Dir == types.SendOnly {
					sum.Signals = true
					sum.Sends = append(sum.Sends, fr.Addr(st.Chan))
					sum.sendTypes = append(sum.sendTypes, st.Chan.Type())
				} else {
					sum.Receives = true
				}
			}
		case ssa.CallInstruction:
			cc := in.Common()
			if b, ok := cc.Value.(*ssa.Builtin); ok {
				switch b.Name() {
				case "close":
					if len(cc.Args) == 1 {
						sum.Signals = true
						sum.Sends = append(sum.Sends, fr.Addr(cc.Args[0]))
						sum.sendTypes = append(sum.sendTypes, cc.Args[0].Type())
					}
				case "print", "println":
					sum.Prints = append(sum.Prints, instr)
				}
				return
			}
			switch syncop.Instr(instr).Kind {
			case syncop.WaitGroupDone:
				sum.Signals, sum.Done = true, true
			case syncop.CondSignal, syncop.CondBroadcast:
				sum.Signals = true
			}
			if isContextDone(cc) {
				sum.Receives = true
			}
			if _, write, ok := syncop.Call(cc).Atomic(); ok && write {
				sum.AtomicWrites = true
			}
			if isIO(cc) {
				sum.IO = true
			}
			if isTestingCall(cc) {
				sum.Testing = append(sum.Testing, instr)
			}
			if isPrint(cc) {
				sum.Prints = append(sum.Prints, instr)
			}
		}
	})
	r.summary[s] = sum
	return sum
}

// sendsOn reports whether the goroutine summarized by sum sends on or
// closes the channel ch (resolved in fr).
func (sum *Summary) sendsOn(fr *Frame, ch ssa.Value) bool {
	l := fr.Addr(ch)
	for i, m := range sum.Sends {
		if m.Shared() && l.Shared() {
			if m.Overlaps(l) {
				return true
			}
			continue
		}
		// A channel the engine cannot name in both places: assume it is
		// the same one when the types agree.
		if types.Identical(chanElem(sum.sendTypes[i]), chanElem(ch.Type())) {
			return true
		}
	}
	return false
}

func chanElem(t types.Type) types.Type {
	if c, ok := t.Underlying().(*types.Chan); ok {
		return c.Elem()
	}
	return t
}

func isContextDone(cc *ssa.CallCommon) bool {
	if cc.IsInvoke() {
		return cc.Method.Name() == "Done" && cc.Method.Pkg() != nil && cc.Method.Pkg().Path() == "context"
	}
	return false
}

// isTestingCall reports whether cc calls a method of *testing.T, B, F or
// testing.TB.
func isTestingCall(cc *ssa.CallCommon) bool {
	var fn *types.Func
	if cc.IsInvoke() {
		fn = cc.Method
	} else if callee := cc.StaticCallee(); callee != nil {
		fn, _ = callee.Object().(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "testing" {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Recv() != nil
}

// isPrint reports whether cc prints to standard output or a log: fmt's
// Print functions, log's functions and the methods of *log.Logger.
func isPrint(cc *ssa.CallCommon) bool {
	callee := cc.StaticCallee()
	if callee == nil {
		return false
	}
	fn, _ := callee.Object().(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt":
		switch fn.Name() {
		case "Print", "Printf", "Println":
			return true
		}
	case "log":
		switch fn.Name() {
		case "Print", "Printf", "Println", "Output":
			return true
		}
	}
	return false
}

// ioMethods are the methods through which a goroutine talks with the other
// end of a pipe or connection.
var ioMethods = map[string]bool{
	"Read": true, "Write": true, "Close": true, "Accept": true,
	"ReadFrom": true, "WriteTo": true, "Handshake": true,
}

// isIO reports whether cc calls Read, Write, Close, Accept... on a value
// that is an io.Reader, io.Writer or io.Closer.
func isIO(cc *ssa.CallCommon) bool {
	var name string
	var recv types.Type
	if cc.IsInvoke() {
		name, recv = cc.Method.Name(), cc.Value.Type()
	} else if callee := cc.StaticCallee(); callee != nil && callee.Signature.Recv() != nil {
		name, recv = callee.Name(), callee.Signature.Recv().Type()
	}
	if !ioMethods[name] || recv == nil {
		return false
	}
	ms := types.NewMethodSet(recv)
	if _, isIface := recv.Underlying().(*types.Interface); !isIface {
		if _, isPtr := recv.(*types.Pointer); !isPtr {
			ms = types.NewMethodSet(types.NewPointer(recv))
		}
	}
	for _, m := range []string{"Read", "Write", "Close"} {
		if sel := ms.Lookup(nil, m); sel != nil {
			return true
		}
	}
	return false
}
