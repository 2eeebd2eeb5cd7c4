package goroutines

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
)

// A Leak is a channel operation of a goroutine that can block forever:
// the only partner that could complete it, the goroutine's starter, can
// return first.
type Leak struct {
	Form  LeakForm
	Op    ssa.Instruction // the goroutine's send, receive or range receive
	Fr    *Frame          // the frame of the walk that executes Op
	Chan  *ssa.MakeChan   // the channel, made by the starter
	Exit  ssa.Instruction // the starter's return that abandons it
	Other ssa.Instruction // for LeakFirstWins, the starter's only receive
	Never bool            // the starter has no operation that completes Op on any path
	// For LeakExtraSend: how many times the goroutine can send, how many
	// receives the starter has, and the channel's buffer.
	Sends, Recvs int
	Buffer       int64
}

// A gop is an operation of a goroutine on a channel its starter made.
type gop struct {
	instr ssa.Instruction
	fr    *Frame
	kind  int // 0 send, 1 receive, 2 range receive, 3 close, 4 other use
}

// LeakForm tells which partner is missing.
type LeakForm int

const (
	LeakSend      LeakForm = iota // a send the starter may never receive
	LeakFirstWins                 // sends of many goroutines, one receive
	LeakRecv                      // a receive the starter may never send to or close
	LeakRange                     // a range the starter may never close
	LeakExtraSend                 // a goroutine that can send more times than its starter receives
)

// Leaks returns the channel operations of the goroutine of s that can
// block forever because its starter, the only other party to the
// channel, may return without completing them. Only what the engine can
// follow completely is judged: a channel made by the starter (unbuffered,
// or with a constant capacity smaller than the sends it must take), used
// by the starter and by the goroutines of this one start only (not
// stored, returned, passed to a call or captured by anything else), and
// operations outside select (a select with other cases, a timeout or a
// done channel, lets the goroutine go). The starter's paths that panic or
// end the program or test do not count. A start in main.main is not
// judged: when main returns, the program ends.
func (r *Result) Leaks(s *Spawn) []Leak {
	if s.Kind != GoStmt || s.Via != nil || isMainMain(s.Parent) {
		return nil
	}
	byChan := map[*ssa.MakeChan][]gop{}
	var order []*ssa.MakeChan
	note := func(v ssa.Value, fr *Frame, instr ssa.Instruction, kind int) {
		if fr.InGoroutine() != s {
			kind = 4 // a goroutine the goroutine starts: another party
		}
		rv, rfr := fr.Resolve(v)
		mc, ok := rv.(*ssa.MakeChan)
		if !ok || rfr.Parent != nil || mc.Parent() != s.Parent {
			return
		}
		if byChan[mc] == nil {
			order = append(order, mc)
		}
		byChan[mc] = append(byChan[mc], gop{instr, fr, kind})
	}
	r.Walk(s, func(fr *Frame, instr ssa.Instruction) {
		if fr.Parent == nil {
			return // the starter's own code: see starterUses
		}
		switch in := instr.(type) {
		case *ssa.Send:
			note(in.Chan, fr, in, 0)
		case *ssa.UnOp:
			if in.Op == token.ARROW {
				kind := 1
				if in.CommaOk && ssaval.InLoop(in) {
					kind = 2
				}
				note(in.X, fr, in, kind)
			}
		case *ssa.Select:
			for _, st := range in.States {
				note(st.Chan, fr, in, 4)
			}
		case ssa.CallInstruction:
			cc := in.Common()
			if b, ok := cc.Value.(*ssa.Builtin); ok {
				for _, a := range cc.Args {
					if b.Name() == "close" {
						note(a, fr, in, 3)
					} else {
						note(a, fr, in, 4) // len, cap
					}
				}
				return
			}
			if _, isGo := in.(*ssa.Go); isGo || len(r.callTargets(fr, in, cc)) == 0 {
				// Handed to another goroutine or to code the walk does
				// not enter: someone else may complete it.
				for _, a := range cc.Args {
					note(a, fr, in, 4)
				}
				if cc.IsInvoke() {
					note(cc.Value, fr, in, 4)
				}
			}
		}
	})
	var out []Leak
	for _, mc := range order {
		ops := byChan[mc]
		var sends, recvs, ranges, closes []gop
		for _, o := range ops {
			switch o.kind {
			case 0:
				sends = append(sends, o)
			case 1:
				recvs = append(recvs, o)
			case 2:
				ranges = append(ranges, o)
			case 3:
				// The goroutine's own close completes none of its sends
				// (a close before a send panics: another mistake).
				closes = append(closes, o)
			default:
				goto next // selects on it, or hands it on
			}
		}
		if len(closes) > 0 && (len(recvs)+len(ranges) > 0 || s.Many) {
			continue
		}
		{
			starter, ok := r.starterUses(s, mc)
			if !ok {
				continue
			}
			capacity, known := chanCap(mc)
			if !known {
				continue
			}
			switch {
			case len(sends) > 0 && len(recvs)+len(ranges) == 0:
				// Sends; the starter must receive as many, less the
				// buffer. A close with a sender blocked panics: another
				// mistake.
				n, ok := sendsOnPath(sends)
				if !ok || n == 0 || starter.closes {
					continue
				}
				op := sends[0]
				for _, o := range sends[1:] {
					if r.before(o.instr.Pos(), op.instr.Pos()) == (n == 1) {
						op = o // the first send if one is taken, else the last
					}
				}
				switch {
				case n == 1 && capacity == 0 && s.Many:
					if len(starter.recvs) == 1 && !starter.recvInLoop && !starter.ranges {
						out = append(out, Leak{Form: LeakFirstWins, Op: op.instr, Fr: op.fr, Chan: mc, Other: starter.recvs[0]})
					}
				case n == 1 && capacity == 0:
					if exit := abandons(s, mc, starter.receives); exit != nil {
						out = append(out, Leak{Form: LeakSend, Op: op.instr, Fr: op.fr, Chan: mc, Exit: exit, Never: len(starter.recvs) == 0 && !starter.ranges})
					}
				case n > 1 && !s.Many && int64(n) > capacity:
					// More sends than receives and buffer on every path of
					// the starter: its receives are counted, outside
					// loops, selects and ranges.
					if starter.recvInLoop || starter.ranges || len(starter.sel) > 0 || starter.sends > 0 || int64(len(starter.recvs))+capacity >= int64(n) {
						continue
					}
					if exit := abandons(s, mc, func(ssa.Instruction) bool { return false }); exit != nil {
						out = append(out, Leak{Form: LeakExtraSend, Op: op.instr, Fr: op.fr, Chan: mc, Exit: exit, Sends: n, Recvs: len(starter.recvs), Buffer: capacity})
					}
				}
			case len(recvs) == 1 && len(sends)+len(ranges) == 0 && !ssaval.InLoop(recvs[0].instr) && !s.Many:
				// One receive; the starter must send or close. A send or
				// close in a loop is taken a number of times the paths do
				// not tell: not judged.
				if starter.deferClose || starter.recvs != nil || starter.ranges || starter.sendInLoop || starter.closeInLoop {
					continue
				}
				if exit := abandons(s, mc, starter.sendsOrCloses); exit != nil {
					out = append(out, Leak{Form: LeakRecv, Op: recvs[0].instr, Fr: recvs[0].fr, Chan: mc, Exit: exit, Never: starter.sends == 0 && !starter.closes})
				}
			case len(ranges) > 0 && len(sends)+len(recvs) == 0:
				// A range ends only when the channel is closed.
				if starter.deferClose || starter.recvs != nil || starter.ranges || starter.closeInLoop {
					continue
				}
				if exit := abandons(s, mc, starter.isClose); exit != nil {
					out = append(out, Leak{Form: LeakRange, Op: ranges[0].instr, Fr: ranges[0].fr, Chan: mc, Exit: exit})
				}
			}
		}
	next:
	}
	return out
}

// chanCap returns the capacity of the channel mc makes, if constant.
func chanCap(mc *ssa.MakeChan) (int64, bool) {
	c, ok := ssaval.UnwrapAll(mc.Size).(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	n, exact := constant.Int64Val(c.Value)
	return n, exact
}

// starterOps is what the starter of a goroutine does with a channel it
// made.
type starterOps struct {
	recvs       []ssa.Instruction // plain receives (and blocking selects with one case)
	recvInLoop  bool
	ranges      bool // receives in a loop until the channel is closed
	rangeRecvs  []ssa.Instruction
	sends       int  // plain sends
	sendInLoop  bool // a send inside a loop
	closeInLoop bool // a close inside a loop
	closes      bool
	deferClose  bool
	sel         map[*ssa.Select]int // selects with a receive from it among other cases: its index
}

// receives reports whether instr is one of the starter's receives, plain,
// in a select or in a range.
func (o *starterOps) receives(instr ssa.Instruction) bool {
	for _, x := range o.recvs {
		if x == instr {
			return true
		}
	}
	for _, x := range o.rangeRecvs {
		if x == instr {
			return true
		}
	}
	return false
}

func (o *starterOps) isClose(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

func (o *starterOps) sendsOrCloses(instr ssa.Instruction) bool {
	_, send := instr.(*ssa.Send)
	return send || o.isClose(instr)
}

// starterUses classifies the starter's uses of mc; ok is false when the
// channel reaches anything but the starter's own operations and the
// goroutine of s (a store, a call, a return, another closure or start).
func (r *Result) starterUses(s *Spawn, mc *ssa.MakeChan) (*starterOps, bool) {
	ops := &starterOps{sel: map[*ssa.Select]int{}}
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value) bool
	visit = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, ref := range *refs {
			switch in := ref.(type) {
			case *ssa.Send:
				if in.Chan != v {
					return false // the channel is sent somewhere
				}
				ops.sends++
				if ssaval.InLoop(in) {
					ops.sendInLoop = true
				}
			case *ssa.UnOp:
				if in.Op != token.ARROW {
					return false
				}
				if in.CommaOk && ssaval.InLoop(in) {
					ops.ranges = true
					ops.rangeRecvs = append(ops.rangeRecvs, in)
				} else {
					ops.recvs = append(ops.recvs, in)
					if ssaval.InLoop(in) {
						ops.recvInLoop = true
					}
				}
			case *ssa.Select:
				for i, st := range in.States {
					if st.Chan != v {
						continue
					}
					if st.Dir != types.RecvOnly {
						continue
					}
					if len(in.States) == 1 && in.Blocking {
						ops.recvs = append(ops.recvs, in)
						if ssaval.InLoop(in) {
							ops.recvInLoop = true
						}
					} else {
						ops.sel[in] = i
						ops.recvs = append(ops.recvs, in) // taken on some branch: counted as a receive for the count of receives
						if ssaval.InLoop(in) {
							ops.recvInLoop = true
						}
					}
				}
				for _, st := range in.States {
					if st.Chan == v && st.Dir == types.SendOnly {
						return false // a send in a select: not judged
					}
				}
			case *ssa.Call:
				if b, ok := in.Call.Value.(*ssa.Builtin); ok {
					switch b.Name() {
					case "close":
						ops.closes = true
						if ssaval.InLoop(in) {
							ops.closeInLoop = true
						}
					case "len", "cap":
					default:
						return false
					}
					continue
				}
				return false
			case *ssa.Defer:
				if b, ok := in.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
					ops.deferClose, ops.closes = true, true
					continue
				}
				return false
			case *ssa.Go:
				if in != s.Site {
					return false
				}
			case *ssa.MakeClosure:
				if in != s.Fn {
					return false
				}
			case *ssa.ChangeType:
				if !visit(in) {
					return false
				}
			case *ssa.Store:
				// ch captured by address: the variable must hold only mc.
				alloc, ok := in.Addr.(*ssa.Alloc)
				if !ok || in.Val != v || ssaval.StoredOnce(alloc) != v {
					return false
				}
				if !r.allocUses(s, alloc, visit) {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
		return true
	}
	if !visit(mc) {
		return nil, false
	}
	return ops, true
}

// allocUses checks the uses of a variable that holds a channel: loads,
// whose values are visited, and the closure of s capturing it.
func (r *Result) allocUses(s *Spawn, a *ssa.Alloc, visit func(ssa.Value) bool) bool {
	for _, ref := range *a.Referrers() {
		switch in := ref.(type) {
		case *ssa.Store:
			if in.Addr != a {
				return false
			}
		case *ssa.UnOp:
			if in.Op != token.MUL || !visit(in) {
				return false
			}
		case *ssa.MakeClosure:
			if in != s.Fn {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// abandons returns a return of the starter of s reachable from the start
// without passing an instruction for which partner is true (the operation
// that would complete the goroutine's), nor, for a select that receives
// from mc among other cases, its branch for mc; nil if there is none.
// Paths that panic or end the program or test are not followed.
func abandons(s *Spawn, mc *ssa.MakeChan, partner func(ssa.Instruction) bool) ssa.Instruction {
	fn := s.Parent
	panics := ssaval.Panicking(fn)
	start := s.Site.Block()
	if start == nil {
		return nil
	}
	// selBranch reports whether the edge b → succ is the branch of a
	// select's case on mc.
	selBranch := func(b, succ *ssa.BasicBlock) bool {
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || len(b.Succs) != 2 || b.Succs[0] != succ {
			return false
		}
		bin, ok := iff.Cond.(*ssa.BinOp)
		if !ok || bin.Op != token.EQL {
			return false
		}
		ex, ok := bin.X.(*ssa.Extract)
		k, isConst := bin.Y.(*ssa.Const)
		if !ok || ex.Index != 0 || !isConst || k.Value == nil {
			return false
		}
		sel, ok := ex.Tuple.(*ssa.Select)
		if !ok {
			return false
		}
		idx := -1
		n := 0
		for _, st := range sel.States {
			if st.Dir == types.RecvOnly && st.Chan != nil {
				if v, _ := ssaval.UnwrapAll(st.Chan).(*ssa.MakeChan); v == mc || chanOf(st.Chan) == mc {
					idx = n
				}
			}
			n++
		}
		kv, _ := constant.Int64Val(k.Value)
		return idx >= 0 && int64(idx) == kv
	}
	var exit ssa.Instruction
	var scan func(b *ssa.BasicBlock, from int) bool
	scan = func(b *ssa.BasicBlock, from int) bool {
		if panics[b] {
			return false
		}
		for _, instr := range b.Instrs[from:] {
			if partner(instr) {
				if _, isSel := instr.(*ssa.Select); !isSel {
					return false
				}
				continue // the branch decides
			}
			if terminates(instr) || failsTest(instr) {
				return false
			}
			if _, ok := instr.(*ssa.Return); ok {
				exit = instr
				return false
			}
		}
		return true
	}
	ssaval.FlagPaths(start, ssaval.IndexOf(start, s.Site)+1, func(b *ssa.BasicBlock, from int) bool {
		return exit == nil && scan(b, from)
	}, func(b, succ *ssa.BasicBlock) bool { return !selBranch(b, succ) })
	return exit
}

// failsTest reports whether instr marks the running test or benchmark
// failed (t.Error, t.Errorf, t.Fail): a test that has failed is over, and
// what it leaves blocked on the way out is not a mistake to fix.
func failsTest(instr ssa.Instruction) bool {
	c, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	var fn *types.Func
	if c.Common().IsInvoke() {
		fn = c.Common().Method
	} else if callee := c.Common().StaticCallee(); callee != nil {
		fn, _ = callee.Object().(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "testing" {
		return false
	}
	switch fn.Name() {
	case "Error", "Errorf", "Fail":
		return true
	}
	return false
}

// chanOf returns the channel a value of the starter denotes, through
// loads of a variable that holds only it.
func chanOf(v ssa.Value) *ssa.MakeChan {
	for i := 0; i < 8; i++ {
		switch x := v.(type) {
		case *ssa.MakeChan:
			return x
		case *ssa.ChangeType:
			v = x.X
		case *ssa.UnOp:
			a, ok := x.X.(*ssa.Alloc)
			if !ok || x.Op != token.MUL {
				return nil
			}
			sv := ssaval.StoredOnce(a)
			if sv == nil {
				return nil
			}
			v = sv
		default:
			return nil
		}
	}
	return nil
}
