package goroutines

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/syncop"
)

// A Write is a store the goroutine of a start makes to memory its starter
// can reach: Loc names it in the terms of the starter, Instr (executed by
// Fr) performs it.
type Write struct {
	Fr    *Frame
	Instr ssa.Instruction
	Loc   Loc
	// Addr is the address (or, for a map update, the map) written, a
	// value of Fr.Fn.
	Addr ssa.Value
}

// Writes returns what the goroutine of s writes that outlives it: plain
// stores, map updates and atomic stores (Store, Add, Swap, CompareAndSwap)
// into memory shared with the starter (not a variable of an inner frame,
// not one made anew for each goroutine a loop starts), in walk order.
func (r *Result) Writes(s *Spawn) []Write {
	var out []Write
	r.Walk(s, func(fr *Frame, instr ssa.Instruction) {
		var addr ssa.Value
		mapped := false
		switch in := instr.(type) {
		case *ssa.Store:
			addr = in.Addr
		case *ssa.MapUpdate:
			addr, mapped = in.Map, true
		case *ssa.Call:
			ptr, write, ok := syncop.Call(&in.Call).Atomic()
			if !ok || !write || ptr == nil {
				return
			}
			addr = ptr
		default:
			return
		}
		l := fr.Addr(addr)
		if mapped {
			l.Path += "{}"
		}
		if l.Shared() && !PerInstance(s, l.Root) {
			out = append(out, Write{Fr: fr, Instr: instr, Loc: l, Addr: addr})
		}
	})
	return out
}

// WaitsAfter reports whether the parent of s may block on another
// goroutine after starting s: a receive (a range over a channel
// included), a blocking select, WaitGroup.Wait, errgroup's Wait,
// Cond.Wait, synctest.Wait, or a call of a function of this package that
// waits; a deferred wait counts wherever it is deferred. A function of
// another package that waits (its FuncFact) counts when the goroutine of s
// signals its end, as for IsJoin: runtime.GC waits for the collector's
// goroutines, not for a goroutine that tells nobody when it is done. The
// wait need not be for s otherwise: the question is whether the parent
// synchronizes at all rather than guessing a delay, which is what
// sleepwait asks before it calls a Sleep a stand-in for a join.
func (r *Result) WaitsAfter(s *Spawn) bool {
	for _, b := range s.Parent.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && r.blocksOnOthers(s, d, &d.Call) {
				return true
			}
		}
	}
	found := false
	forward(s.Site, func(ssa.Instruction) bool { return found }, func(instr ssa.Instruction) {
		if found {
			return
		}
		switch in := instr.(type) {
		case *ssa.UnOp:
			found = in.Op == token.ARROW
		case *ssa.Select:
			found = in.Blocking
		case *ssa.Call:
			found = r.blocksOnOthers(s, in, &in.Call)
		}

	})
	return found
}

// blocksOnOthers reports whether the call cc made by instr, executed by
// the parent of s, waits for another goroutine (see WaitsAfter).
func (r *Result) blocksOnOthers(s *Spawn, instr ssa.Instruction, cc *ssa.CallCommon) bool {
	switch syncop.Call(cc).Kind {
	case syncop.WaitGroupWait, syncop.ErrgroupWait, syncop.CondWait:
		return true
	}
	callee := cc.StaticCallee()
	if callee == nil {
		return false
	}
	if isSynctest(callee, "Wait") {
		return true // every other goroutine of the bubble blocks first
	}
	if callee == instr.Parent() {
		return false
	}
	f := r.Fact(callee)
	if f == nil || !f.Waits {
		return false
	}
	return callee.Pkg == r.Pkg || r.Summarize(s).Signals
}
