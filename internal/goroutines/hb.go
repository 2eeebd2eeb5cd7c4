package goroutines

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// This file holds the happens-before side of the engine. The model:
//
//   - everything the parent executes before the start of a goroutine
//     happens before the goroutine (the go statement is a fork);
//   - a parent instruction that waits for the goroutine joins it:
//     WaitGroup.Wait when the goroutine calls Done (or was started by
//     WaitGroup.Go), errgroup's Wait for errgroup.Go, a receive from a
//     channel the goroutine sends on or closes, or a call of a function
//     that does one of these;
//   - what the parent does after a join happens after the goroutine;
//   - what one side does before a send or close on a channel happens
//     before what the other side does after receiving from it;
//   - what one side does before an atomic write (Store, Add, Swap,
//     CompareAndSwap) of a variable happens before what the other side
//     does after an atomic access of the same variable (publication
//     through a flag: data = x; flag.Store(1) against
//     for flag.Load() == 0 {}; use(data)).
//
// The model errs on the side of order: a receive from the channel the
// goroutine sends on joins it even if only one value was received, so
// that passes built on it stay quiet on code whose synchronization they
// cannot follow exactly.

// IsJoin reports whether instr, executed by the frame fr of a walk rooted
// at the parent of s, waits for the goroutine of s to finish.
func (r *Result) IsJoin(s *Spawn, fr *Frame, instr ssa.Instruction) bool {
	if !mayJoin(instr) {
		return false // most instructions: spare the cache
	}
	if fr.Parent != nil {
		return r.isJoin(s, fr, instr, 0)
	}
	k := joinKey{s, instr}
	r.mu.Lock()
	v, ok := r.joins[k]
	r.mu.Unlock()
	if ok {
		return v
	}
	v = r.isJoin(s, fr, instr, 0)
	r.mu.Lock()
	r.joins[k] = v
	r.mu.Unlock()
	return v
}

type joinKey struct {
	s     *Spawn
	instr ssa.Instruction
}

// mayJoin reports whether instr is of a kind isJoin may accept: a
// receive, a select or a call (keep the two in step).
func mayJoin(instr ssa.Instruction) bool {
	switch in := instr.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select, *ssa.Call:
		return true
	}
	return false
}

func (r *Result) isJoin(s *Spawn, fr *Frame, instr ssa.Instruction, depth int) bool {
	sum := r.Summarize(s)
	switch in := instr.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW && (sum.sendsOn(fr, in.X) || returnsSignal(s, fr, in.X))
	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.RecvOnly && (sum.sendsOn(fr, st.Chan) || returnsSignal(s, fr, st.Chan)) {
				return true
			}
		}
		return false
	case *ssa.Call:
		switch syncop.Instr(in).Kind {
		case syncop.WaitGroupWait:
			return s.Kind == WaitGroupGo || sum.Done || s.Signals && s.Kind != ErrgroupGo
		case syncop.ErrgroupWait:
			return s.Kind == ErrgroupGo || s.Signals && s.Kind != WaitGroupGo
		case syncop.CondWait:
			return sum.Signals
		}
		if in.Call.IsInvoke() {
			return false
		}
		if isSynctest(in.Call.StaticCallee(), "Wait") {
			return true // waits for every other goroutine of the bubble
		}
		if f := r.Fact(in.Call.StaticCallee()); f != nil && f.Waits && in.Call.StaticCallee().Pkg != r.Pkg && sum.Signals {
			return true
		}
		if depth >= 3 {
			return false
		}
		for _, t := range r.callTargets(fr, in, &in.Call) {
			for _, b := range t.Fn.Blocks {
				for _, ci := range b.Instrs {
					if r.isJoin(s, t, ci, depth+1) {
						return true
					}
				}
			}
		}
	}
	return false
}

// returnsSignal reports whether ch is the channel that the call starting
// s returns, s running its function argument in a goroutine that signals
// its end (done := run(f); <-done, with run starting
// go func() { f(); done <- true }() and returning done).
func returnsSignal(s *Spawn, fr *Frame, ch ssa.Value) bool {
	if s.Kind != ParamSpawn || !s.Signals {
		return false
	}
	call, ok := s.Site.(*ssa.Call)
	if !ok {
		return false
	}
	if _, isChan := call.Type().Underlying().(*types.Chan); !isChan {
		return false
	}
	v, _ := fr.Resolve(ch)
	for range 8 {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.Phi:
			// signal := run(f) in a switch arm, received after it.
			if len(x.Edges) == 0 {
				return false
			}
			for _, e := range x.Edges {
				if e != call {
					return false
				}
			}
			return true
		}
		break
	}
	return v == call
}

// terminates reports whether instr ends the program or the goroutine:
// os.Exit, log.Fatal*, runtime.Goexit, (*testing.T).FailNow and its
// Fatal/Skip friends.
func terminates(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	var fn *types.Func
	if c.Call.IsInvoke() {
		fn = c.Call.Method
	} else if callee := c.Call.StaticCallee(); callee != nil {
		fn, _ = callee.Object().(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "os":
		return fn.Name() == "Exit"
	case "log":
		switch fn.Name() {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "runtime":
		return fn.Name() == "Goexit"
	case "testing":
		switch fn.Name() {
		case "FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf":
			return true
		}
	}
	return false
}

// forward visits the instructions of start's function that may execute
// after start (not start itself unless a loop brings it back), stopping a
// path at any instruction for which stop returns true (that instruction
// is visited, what follows it on that path is not).
func forward(start ssa.Instruction, stop func(ssa.Instruction) bool, visit func(ssa.Instruction)) {
	b := start.Block()
	if b == nil {
		return
	}
	idx := ssaval.IndexOf(b, start)
	visited := map[*ssa.BasicBlock]bool{}
	var scan func(b *ssa.BasicBlock, from int) bool
	scan = func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			visit(instr)
			if stop(instr) {
				return false
			}
		}
		return true
	}
	work := []*ssa.BasicBlock{}
	if scan(b, idx+1) {
		work = append(work, ssaval.LiveSuccs(b)...)
	}
	for len(work) > 0 {
		nb := work[len(work)-1]
		work = work[:len(work)-1]
		if visited[nb] {
			continue
		}
		visited[nb] = true
		if scan(nb, 0) {
			work = append(work, ssaval.LiveSuccs(nb)...)
		}
	}
}

// Outlives reports whether the goroutine of s may still run when its
// parent returns: a return is reachable from the start without passing a
// join, and no deferred call joins it.
func (r *Result) Outlives(s *Spawn) bool {
	if v, ok := r.outlives[s]; ok || r.frozen {
		return v
	}
	r.outlives[s] = true // provisional, for recursion through summaries
	if inBubble(s.Parent) {
		// synctest.Test and Run wait for every goroutine of the bubble.
		r.outlives[s] = false
		return false
	}
	root := &Frame{Fn: s.Parent}
	deferredJoin := false
	for _, b := range s.Parent.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && r.deferJoins(s, root, d) {
				deferredJoin = true
			}
		}
	}
	out := false
	if !deferredJoin {
		// Past the budget, no return found: take it as joined (silence).
		budget := r.afterBudget(s)
		forward(s.Site, func(instr ssa.Instruction) bool {
			budget--
			return budget <= 0 || terminates(instr) || r.IsJoin(s, root, instr)
		}, func(instr ssa.Instruction) {
			if _, ok := instr.(*ssa.Return); ok {
				out = true
			}
		})
	}
	r.outlives[s] = out
	return out
}

// deferJoins reports whether the deferred call d joins s.
func (r *Result) deferJoins(s *Spawn, fr *Frame, d *ssa.Defer) bool {
	switch syncop.Instr(d).Kind {
	case syncop.WaitGroupWait:
		return s.Kind == WaitGroupGo || r.Summarize(s).Done || s.Signals
	case syncop.ErrgroupWait:
		return s.Kind == ErrgroupGo || s.Signals
	}
	for _, t := range r.callTargets(fr, d, &d.Call) {
		for _, b := range t.Fn.Blocks {
			for _, ci := range b.Instrs {
				if r.IsJoin(s, t, ci) {
					return true
				}
			}
		}
	}
	return false
}

// WalkAfter visits what the parent of s may execute while the goroutine of
// s runs: the parent's instructions reachable from the start without
// passing a join (including, if a return is reachable, its deferred
// calls), the bodies of the functions they call, and the goroutines they
// start. Another start of s itself (a loop) is not entered: Spawn.Many
// tells about that.
func (r *Result) WalkAfter(s *Spawn, visit Visitor) {
	w := r.newWalker(visit)
	w.budget = r.afterBudget(s)
	root := &Frame{Fn: s.Parent}
	returns := false
	var defers []*ssa.Defer
	forward(s.Site, func(instr ssa.Instruction) bool {
		return w.budget <= 0 || terminates(instr) || r.IsJoin(s, root, instr)
	}, func(instr ssa.Instruction) {
		if instr == s.Site {
			return
		}
		if r.IsJoin(s, root, instr) {
			return
		}
		switch in := instr.(type) {
		case *ssa.Return:
			returns = true
		case *ssa.Defer:
			defers = append(defers, in)
			w.instr(root, instr, false)
			return
		}
		w.instr(root, instr, true)
	})
	if !returns {
		return
	}
	// Every deferred call of the parent runs at return, after the start,
	// unless a deferred join registered later runs before it.
	var joinPos token.Pos = -1
	for _, b := range s.Parent.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && r.deferJoins(s, root, d) && d.Pos() > joinPos {
				joinPos = d.Pos()
			}
		}
	}
	for _, b := range s.Parent.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && d.Pos() > joinPos {
				w.call(root, d, &d.Call)
			}
		}
	}
}

// PerInstance reports whether the root value v of a location (a value of
// s.Parent) is created anew for each goroutine that a start in a loop
// makes, so that two goroutines of s do not share it.
func PerInstance(s *Spawn, v ssa.Value) bool {
	instr, ok := v.(ssa.Instruction)
	if !ok || instr.Block() == nil || instr.Parent() != s.Parent {
		return false // globals, parameters, free variables: shared
	}
	sb := s.Site.Block()
	if sb == nil {
		return false
	}
	return ssaval.BlockReaches(sb, instr.Block())
}

// Before reports whether a, an instruction of function fn, executes
// before b on every path that reaches b: same block and earlier, or a's
// block dominates b's.
func Before(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == nil || bb == nil {
		return false
	}
	if ab == bb {
		return ssaval.IndexOf(ab, a) < ssaval.IndexOf(bb, b)
	}
	return ab.Dominates(bb)
}

// OrderedByChannel reports whether the access a of the parent (frame pa,
// walked by WalkAfter) happens before the access g of a goroutine (frame
// ga, walked by Walk) because the parent sends on or closes, after a, a
// channel that the goroutine receives from before g.
func (r *Result) OrderedByChannel(pa *Frame, a ssa.Instruction, ga *Frame, g ssa.Instruction) bool {
	recvs := receivedBefore(ga, g)
	if len(recvs) == 0 {
		return false
	}
	top := pa.Top(a)
	root := pa.Root()
	found := false
	check := func(ch ssa.Value) {
		l := root.Addr(ch)
		for _, m := range recvs {
			if l.Overlaps(m.loc) || (!l.Shared() || !m.loc.Shared()) && types.Identical(chanElem(ch.Type()), m.elem) {
				found = true
			}
		}
	}
	forward(top, func(ssa.Instruction) bool { return found }, func(instr ssa.Instruction) {
		switch in := instr.(type) {
		case *ssa.Send:
			check(in.Chan)
		case *ssa.Select:
			for _, st := range in.States {
				if st.Dir == types.SendOnly {
					check(st.Chan)
				}
			}
		case *ssa.Call:
			if b, ok := in.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(in.Call.Args) == 1 {
				check(in.Call.Args[0])
			}
		}
	})
	return found
}

// OrderedByAtomic reports whether the access a (frame fa) is published
// to the access g (frame fg) through sync/atomic: after a, its goroutine
// writes a variable atomically, and before g (on some path to it, in g's
// function or a caller up to g's goroutine entry) g's goroutine accesses
// the same variable atomically. Either side may be the starter or a
// goroutine.
func OrderedByAtomic(fa *Frame, a ssa.Instruction, fg *Frame, g ssa.Instruction) bool {
	var acquires []Loc
	for f, instr := fg, g; f != nil; instr, f = f.Site, f.Parent {
		for _, b := range f.Fn.Blocks {
			for _, x := range b.Instrs {
				if ptr, _, ok := atomicOp(x); ok && mayPrecede(x, instr) {
					acquires = append(acquires, f.Addr(ptr))
				}
			}
		}
		if f.Spawn != nil || instr == nil {
			break
		}
	}
	if len(acquires) == 0 {
		return false
	}
	found := false
	for f, instr := fa, a; f != nil && !found; instr, f = f.Site, f.Parent {
		forward(instr, func(ssa.Instruction) bool { return found }, func(x ssa.Instruction) {
			if ptr, write, ok := atomicOp(x); ok && write {
				l := f.Addr(ptr)
				for _, m := range acquires {
					if l.Overlaps(m) {
						found = true
					}
				}
			}
		})
		if f.Spawn != nil || f.Site == nil {
			break
		}
	}
	return found
}

// atomicOp returns the address an atomic operation of sync/atomic (a
// function or a method of its types) called by instr works on, and
// whether it writes.
func atomicOp(instr ssa.Instruction) (ptr ssa.Value, write, ok bool) {
	call, isCall := instr.(*ssa.Call)
	if !isCall {
		return nil, false, false
	}
	return syncop.Call(&call.Call).Atomic()
}

// mayPrecede reports whether x may execute before y in one call of
// their function: earlier in the same block, or in a block from which
// y's block is reachable (loops included).
func mayPrecede(x, y ssa.Instruction) bool {
	xb, yb := x.Block(), y.Block()
	if xb == nil || yb == nil || xb.Parent() != yb.Parent() {
		return false
	}
	if xb == yb && ssaval.IndexOf(xb, x) < ssaval.IndexOf(yb, y) {
		return true
	}
	return ssaval.BlockReaches(xb, yb)
}

type recvd struct {
	loc  Loc
	elem types.Type
}

// receivedBefore returns the channels that the frames from fr up to the
// goroutine's entry receive from before instr (the receive dominates the
// instruction, or the call leading to it).
func receivedBefore(fr *Frame, instr ssa.Instruction) []recvd {
	var out []recvd
	for f := fr; f != nil && f.Parent != nil; f = f.Parent {
		for _, b := range f.Fn.Blocks {
			for _, x := range b.Instrs {
				var ch ssa.Value
				switch in := x.(type) {
				case *ssa.UnOp:
					if in.Op == token.ARROW {
						ch = in.X
					}
				case *ssa.Select:
					// A blocking select that only receives: whatever
					// follows it received from one of its channels.
					if in.Blocking && Before(x, instr) {
						only := true
						for _, st := range in.States {
							only = only && st.Dir == types.RecvOnly
						}
						if only {
							for _, st := range in.States {
								out = append(out, recvd{f.Addr(st.Chan), chanElem(st.Chan.Type())})
							}
						}
					}
				}
				if ch != nil && Before(x, instr) {
					out = append(out, recvd{f.Addr(ch), chanElem(ch.Type())})
				}
			}
		}
		if f.Spawn != nil {
			break
		}
		instr = f.Site
	}
	return out
}

// SameInstance reports whether instr, executed by the starter of s after
// the start, may touch the same instance of the variable or object root
// (a value of s.Parent) as the goroutine: true unless every path from the
// start to instr executes root's definition again (a variable made anew
// in each iteration of the loop that starts the goroutines).
func SameInstance(s *Spawn, root ssa.Value, instr ssa.Instruction) bool {
	def, ok := root.(ssa.Instruction)
	if !ok || def.Parent() != s.Parent || instr.Parent() != s.Parent {
		return true
	}
	if !PerInstance(s, root) {
		return true
	}
	found := false
	forward(s.Site, func(x ssa.Instruction) bool { return found || x == def }, func(x ssa.Instruction) {
		if x == instr {
			found = true
		}
	})
	return found
}

// isSynctest reports whether fn is the function name of testing/synctest
// (or the runtime's internal/synctest).
func isSynctest(fn *ssa.Function, name string) bool {
	if fn == nil || fn.Pkg == nil || fn.Name() != name || fn.Signature.Recv() != nil {
		return false
	}
	switch fn.Pkg.Pkg.Path() {
	case "testing/synctest", "internal/synctest":
		return true
	}
	return false
}

// inBubble reports whether fn is a closure run by synctest.Test or
// synctest.Run, which return only when every goroutine started in the
// bubble has exited.
func inBubble(fn *ssa.Function) bool {
	for ; fn != nil && fn.Parent() != nil; fn = fn.Parent() {
		refs := closureRefs(fn)
		for _, ref := range refs {
			c, ok := ref.(*ssa.Call)
			if !ok {
				continue
			}
			callee := c.Call.StaticCallee()
			if isSynctest(callee, "Test") || isSynctest(callee, "Run") {
				return true
			}
		}
	}
	return false
}

// closureRefs returns the instructions that use fn's closure value.
func closureRefs(fn *ssa.Function) []ssa.Instruction {
	parent := fn.Parent()
	var out []ssa.Instruction
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn {
				continue
			}
			if refs := mc.Referrers(); refs != nil {
				out = append(out, *refs...)
			}
		}
	}
	if refs := fn.Referrers(); refs != nil { // a closure without free variables
		out = append(out, *refs...)
	}
	return out
}

// startsAgain reports whether the start s, in a loop, can be reached again
// from itself without passing a join of s: several of its goroutines may
// then run at once. A loop that waits for each goroutine before starting
// the next one runs them one at a time.
func (r *Result) startsAgain(s *Spawn) bool {
	root := &Frame{Fn: s.Parent}
	again := false
	forward(s.Site, func(instr ssa.Instruction) bool {
		return again || instr == s.Site || r.IsJoin(s, root, instr)
	}, func(instr ssa.Instruction) {
		if instr == s.Site {
			again = true
		}
	})
	return again
}
