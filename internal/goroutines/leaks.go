package goroutines

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

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
	// For LeakSelect: the channels whose cases lead out of the select or
	// its loop, and the declared functions of the package that close or
	// send on them when the starter calls them (a Stop method).
	Chans   []*ssa.MakeChan
	Closers []*ssa.Function
}

// A gop is an operation of a goroutine on a channel its starter made.
type gop struct {
	instr ssa.Instruction
	fr    *Frame
	kind  int // 0 send, 1 receive, 2 range receive, 3 close, 4 other use, 5 receive case of a select
}

// LeakForm tells which partner is missing.
type LeakForm int

const (
	LeakSend      LeakForm = iota // a send the starter may never receive
	LeakFirstWins                 // sends of many goroutines, one receive
	LeakRecv                      // a receive the starter may never send to or close
	LeakRange                     // a range the starter may never close
	LeakExtraSend                 // a goroutine that can send more times than its starter receives
	LeakSelect                    // a select whose ways out the starter may never open
)

// Leaks returns the channel operations of the goroutine of s that can
// block forever because its starter, the only other party to the
// channel, may return without completing them. Only what the engine can
// follow completely is judged: a channel made by the starter (unbuffered,
// or with a constant capacity smaller than the sends it must take), used
// by the starter and by the goroutines of this one start only (not
// stored, returned, passed to a call or captured by anything else), and
// operations outside select (a select with other cases, a timeout or a
// done channel, lets the goroutine go), but for a select of the
// goroutine's own function all of whose ways out are receives from such
// channels (see selectLeak). A goroutine's sends are counted along its
// paths (see sendsOnPath). The starter's paths that panic or end the
// program or test do not count. A start in main.main is not judged: when
// main returns, the program ends.
func (r *Result) Leaks(s *Spawn) []Leak {
	if s.Kind != GoStmt || isMainMain(s.Parent) || s.Via != nil && !startsSelect(s.Inner()) {
		return nil
	}
	byChan := map[*ssa.MakeChan][]gop{}
	var order []*ssa.MakeChan
	var sels []gop // the blocking selects of the goroutine's own function
	var g *goroutineSide
	gs := s // the walk's frames of the goroutine, also of a lifted start, have Spawn s
	note := func(v ssa.Value, fr *Frame, instr ssa.Instruction, kind int) {
		if fr.InGoroutine() != gs {
			kind = 4 // a goroutine the goroutine starts: another party
		}
		rv, rfr := fr.Resolve(v)
		mc, ok := rv.(*ssa.MakeChan)
		if ok && rfr.Parent != nil {
			return
		}
		if !ok {
			mc = r.fieldChan(fr, v) // a field of a struct, assigned once
		}
		if mc == nil || mc.Parent() != s.Parent {
			return
		}
		if byChan[mc] == nil {
			order = append(order, mc)
		}
		byChan[mc] = append(byChan[mc], gop{instr, fr, kind})
		g.ops[instr] = true
	}
	g = &goroutineSide{funcs: map[*ssa.Function]bool{}, ops: map[ssa.Instruction]bool{}}
	r.Walk(s, func(fr *Frame, instr ssa.Instruction) {
		if fr.Parent == nil {
			return // the starter's own code: see starterUses
		}
		if fr.InGoroutine() == gs {
			g.funcs[fr.Fn] = true
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
				kind := 4
				if st.Dir == types.RecvOnly {
					kind = 5
				}
				note(st.Chan, fr, in, kind)
			}
			if fr.Spawn == gs && in.Blocking {
				sels = append(sels, gop{in, fr, 5})
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
		if s.Via != nil {
			break // a start lifted to a caller: only its selects are judged
		}
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
			starter, ok := r.starterUses(s, mc, g)
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
					if exit := abandons(s, starter.sel, starter.receives); exit != nil {
						out = append(out, Leak{Form: LeakSend, Op: op.instr, Fr: op.fr, Chan: mc, Exit: exit, Never: len(starter.recvs) == 0 && !starter.ranges})
					}
				case n > 1 && !s.Many && int64(n) > capacity:
					// More sends than receives and buffer on every path of
					// the starter: its receives are counted, outside
					// loops, selects and ranges.
					if starter.recvInLoop || starter.ranges || len(starter.sel) > 0 || starter.sends > 0 || int64(len(starter.recvs))+capacity >= int64(n) {
						continue
					}
					if exit := abandons(s, nil, func(ssa.Instruction) bool { return false }); exit != nil {
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
				if exit := abandons(s, starter.sel, starter.sendsOrCloses); exit != nil {
					out = append(out, Leak{Form: LeakRecv, Op: recvs[0].instr, Fr: recvs[0].fr, Chan: mc, Exit: exit, Never: starter.sends == 0 && !starter.closes})
				}
			case len(ranges) > 0 && len(sends)+len(recvs) == 0:
				// A range ends only when the channel is closed.
				if starter.deferClose || starter.recvs != nil || starter.ranges || starter.closeInLoop {
					continue
				}
				if exit := abandons(s, starter.sel, starter.isClose); exit != nil {
					out = append(out, Leak{Form: LeakRange, Op: ranges[0].instr, Fr: ranges[0].fr, Chan: mc, Exit: exit})
				}
			}
		}
	next:
	}
	for _, sel := range sels {
		if l, ok := r.selectLeak(s, sel, byChan, g); ok {
			out = append(out, l)
		}
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
	partners    []ssa.Instruction   // plain sends and closes (not deferred)
	closeCalls  []ssa.Instruction   // closes (not deferred)
}

// receives reports whether instr is one of the starter's receives, plain,
// in a select or in a range.
func (o *starterOps) receives(instr ssa.Instruction) bool {
	return slices.Contains(o.recvs, instr) || slices.Contains(o.rangeRecvs, instr)
}

func (o *starterOps) isClose(instr ssa.Instruction) bool {
	return slices.Contains(o.closeCalls, instr)
}

func (o *starterOps) sendsOrCloses(instr ssa.Instruction) bool {
	return slices.Contains(o.partners, instr)
}

// isSpawned reports whether h makes the closure that s starts.
func isSpawned(h ssa.Instruction, s *Spawn) bool {
	mc, ok := h.(*ssa.MakeClosure)
	return ok && ssa.Value(mc) == s.Fn
}

// A goroutineSide is what a walk of a goroutine saw: the functions it
// runs, and its operations on the channels its starter made.
type goroutineSide struct {
	funcs map[*ssa.Function]bool
	ops   map[ssa.Instruction]bool
}

// starterUses classifies the starter's uses of mc, followed as Stuck
// follows every channel; ok is false when the channel reaches anything
// but the starter's own operations and the goroutine of s, whose
// operations the walk g classified: a store, a return, a call of the
// starter other than the start, another closure or start, another
// package.
func (r *Result) starterUses(s *Spawn, mc *ssa.MakeChan, g *goroutineSide) (*starterOps, bool) {
	o, _, ok := r.starterSide(s, mc, g, false)
	if !ok {
		return nil, false
	}
	ops := &starterOps{sel: map[*ssa.Select]int{}}
	mine := func(instr ssa.Instruction) bool { return instr.Parent() == s.Parent }
	for _, in := range o.sends {
		if mine(in) {
			ops.sends++
			ops.partners = append(ops.partners, in)
			ops.sendInLoop = ops.sendInLoop || ssaval.InLoop(in)
		}
	}
	for _, in := range o.recvs {
		if !mine(in) {
			continue
		}
		if u := in.(*ssa.UnOp); u.CommaOk && ssaval.InLoop(u) {
			ops.ranges = true
			ops.rangeRecvs = append(ops.rangeRecvs, in)
		} else {
			ops.recvs = append(ops.recvs, in)
			ops.recvInLoop = ops.recvInLoop || ssaval.InLoop(in)
		}
	}
	for _, c := range o.selCases {
		if !mine(c.sel) {
			continue
		}
		if c.dir != types.RecvOnly {
			return nil, false // a send in a select: not judged
		}
		if len(c.sel.States) > 1 || !c.sel.Blocking {
			ops.sel[c.sel] = c.index
		}
		ops.recvs = append(ops.recvs, c.sel) // taken on some branch: counted as a receive for the count of receives
		ops.recvInLoop = ops.recvInLoop || ssaval.InLoop(c.sel)
	}
	for _, in := range o.closeOps {
		if !mine(in) {
			continue
		}
		ops.closes = true
		if _, deferred := in.(*ssa.Defer); deferred {
			ops.deferClose = true
			continue
		}
		ops.partners = append(ops.partners, in)
		ops.closeCalls = append(ops.closeCalls, in)
		ops.closeInLoop = ops.closeInLoop || ssaval.InLoop(in)
	}
	return ops, true
}

// starterSide follows mc, made by the starter of s, and tells where each
// of its operations runs: in the goroutine of s (one of the operations
// the walk g classified), or in the starter, at the instructions of the
// starter at returns: the operation itself or, with calls, the starter's
// calls of the package's functions that reach it (Stop() closing a done
// channel). ok is false when the channel escapes, reaches another
// package, or has an operation or a hand-off anywhere else: another
// closure or goroutine, a call of the starter (without calls).
func (r *Result) starterSide(s *Spawn, mc *ssa.MakeChan, g *goroutineSide, calls bool) (o *syncObj, at func(ssa.Instruction) []ssa.Instruction, ok bool) {
	o = newSyncObj(mc)
	r.follow(o, mc, map[ssa.Value]*syncObj{})
	if o.escapes || o.ext != (ParamUse{}) {
		return nil, nil, false
	}
	inner := s.Inner()
	var reachedBy map[*ssa.Function][]ssa.Instruction
	if calls {
		reachedBy = r.reachedBy(s)
	}
	isStart := func(h ssa.Instruction) bool {
		return h == s.Site || h == inner.Site || isSpawned(h, inner)
	}
	for _, h := range o.handed {
		_, isGo := h.(*ssa.Go)
		_, isClosure := h.(*ssa.MakeClosure)
		switch fn := h.Parent(); {
		case isStart(h), g.funcs[fn]:
		case fn == s.Parent || reachedBy[fn] != nil:
			if !calls || isGo || isClosure && !calledOnly(h.(*ssa.MakeClosure)) {
				return nil, nil, false // handed to a callee, another closure or goroutine
			}
		default:
			return nil, nil, false
		}
	}
	at = func(instr ssa.Instruction) []ssa.Instruction {
		if instr.Parent() == s.Parent {
			return []ssa.Instruction{instr}
		}
		return reachedBy[instr.Parent()]
	}
	var all []ssa.Instruction
	all = append(all, o.sends...)
	all = append(all, o.recvs...)
	all = append(all, o.closeOps...)
	for _, c := range o.selCases {
		all = append(all, c.sel)
	}
	for _, in := range all {
		if !g.ops[in] && at(in) == nil {
			return nil, nil, false // an operation of other code
		}
	}
	return o, at, true
}

// calledOnly reports whether the closure mc makes is only called or
// deferred where it is made (defer func() { close(done) }()): what it
// does happens at that call.
func calledOnly(mc *ssa.MakeClosure) bool {
	for _, ref := range *mc.Referrers() {
		c, ok := ref.(ssa.CallInstruction)
		if _, isGo := ref.(*ssa.Go); !ok || isGo || c.Common().Value != ssa.Value(mc) {
			return false
		}
		for _, a := range c.Common().Args {
			if a == ssa.Value(mc) {
				return false
			}
		}
	}
	return true
}

// reachedBy returns, for each function of the package that the starter
// of s calls (or defers) other than at the start, and the functions those
// call in turn, the starter's calls that reach it.
func (r *Result) reachedBy(s *Spawn) map[*ssa.Function][]ssa.Instruction {
	out := map[*ssa.Function][]ssa.Instruction{}
	for _, b := range s.Parent.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if _, isGo := instr.(*ssa.Go); !ok || isGo || instr == s.Site {
				continue
			}
			seen := map[*ssa.Function]bool{}
			var visit func(fn *ssa.Function, depth int)
			visit = func(fn *ssa.Function, depth int) {
				fn = bodyOf(fn)
				if fn == nil || fn.Pkg != r.Pkg || seen[fn] || depth > maxDepth {
					return
				}
				seen[fn] = true
				out[fn] = append(out[fn], instr)
				for _, b := range fn.Blocks {
					for _, in := range b.Instrs {
						if cc, ok := in.(ssa.CallInstruction); ok {
							if _, isGo := in.(*ssa.Go); !isGo && !cc.Common().IsInvoke() {
								visit(cc.Common().StaticCallee(), depth+1)
							}
						}
					}
				}
			}
			if !c.Common().IsInvoke() {
				visit(c.Common().StaticCallee(), 0)
			}
		}
	}
	return out
}

// abandons returns a return of the starter of s reachable from the start
// without passing an instruction for which partner is true (the operation
// that would complete the goroutine's), nor, for a select of sel (which
// receives from the channel among other cases), its branch for the
// channel, the case of index sel[select]; nil if there is none.
// Paths that panic or end the program or test are not followed.
func abandons(s *Spawn, sel map[*ssa.Select]int, partner func(ssa.Instruction) bool) ssa.Instruction {
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
		x, ok := ex.Tuple.(*ssa.Select)
		if !ok {
			return false
		}
		idx, ok := sel[x]
		kv, _ := constant.Int64Val(k.Value)
		return ok && int64(idx) == kv
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

// startsSelect reports whether the go statement s starts a function,
// known statically, with a blocking select in its body: the only form a
// lifted start is judged for, checked before walking it.
func startsSelect(s *Spawn) bool {
	var fn *ssa.Function
	switch f := s.Call.Value.(type) {
	case *ssa.Function:
		fn = f
	case *ssa.MakeClosure:
		fn, _ = f.Fn.(*ssa.Function)
	}
	if s.Call.IsInvoke() || bodyOf(fn) == nil {
		return false
	}
	for _, b := range bodyOf(fn).Blocks {
		for _, instr := range b.Instrs {
			if sel, ok := instr.(*ssa.Select); ok && sel.Blocking {
				return true
			}
		}
	}
	return false
}

// selectLeak judges a blocking select of the goroutine's own function
// (sel, in frame fr): the goroutine leaves it, or the loop around it,
// only through cases that receive from channels its starter made, and the
// starter may return without sending on or closing any of them. Then the
// goroutine, once back at the select, blocks there forever: a worker
// loop whose done channel is never closed. The channels may be fields of
// a struct the starter made (resolved by fieldChan), and the starter may
// send or close through the package's functions it calls (a Stop method:
// the call, or its defer, is then the partner). Every use of those
// channels must be seen (as for the other forms), the goroutine must only
// receive from them, and the starter must not receive from them, nor send
// or close before the start. This is the one form judged for a start
// lifted to a caller (s.Start() leaving a loop running).
func (r *Result) selectLeak(s *Spawn, sel gop, byChan map[*ssa.MakeChan][]gop, g *goroutineSide) (Leak, bool) {
	x := sel.instr.(*ssa.Select)
	exits, ok := exitCases(x)

	if !ok || len(exits) == 0 {
		return Leak{}, false
	}
	var chans []*ssa.MakeChan
	var partners []ssa.Instruction
	var closers []*ssa.Function
	for _, i := range exits {
		rv, rfr := sel.fr.Resolve(x.States[i].Chan)
		mc, ok := rv.(*ssa.MakeChan)
		if ok && rfr.Parent != nil {
			return Leak{}, false
		}
		if !ok {
			mc = r.fieldChan(sel.fr, x.States[i].Chan)
		}
		if mc == nil || mc.Parent() != s.Parent {
			return Leak{}, false
		}
		for _, o := range byChan[mc] {
			if o.kind != 1 && o.kind != 2 && o.kind != 5 {
				return Leak{}, false // the goroutine sends, closes or hands it on
			}
		}
		o, at, ok := r.starterSide(s, mc, g, true)
		if !ok {
			return Leak{}, false
		}
		starter := func(in ssa.Instruction) bool { return !g.ops[in] && at(in) != nil }
		for _, in := range o.recvs {
			if starter(in) {
				return Leak{}, false // the starter receives from it too
			}
		}
		for _, c := range o.selCases {
			if starter(c.sel) {
				return Leak{}, false
			}
		}
		for _, in := range append(append([]ssa.Instruction(nil), o.sends...), o.closeOps...) {
			if !starter(in) {
				return Leak{}, false // only the goroutine may send or close: see above
			}
			partners = append(partners, at(in)...)
			if fn := in.Parent(); fn != s.Parent && fn.Parent() == nil && !slices.Contains(closers, fn) {
				closers = append(closers, fn)
			}
		}
		chans = append(chans, mc)
	}
	if len(partners) == 0 && len(exits) == len(x.States) {
		return Leak{}, false // no case can ever proceed: Stuck's dead select
	}
	for _, p := range partners {
		if precedes(p, s.Site) {
			return Leak{}, false // a close or send before the start may be what the goroutine takes
		}
	}
	isPartner := func(instr ssa.Instruction) bool {
		for _, p := range partners {
			if p == instr {
				return true
			}
		}
		return false
	}
	exit := abandons(s, nil, isPartner)
	if exit == nil {
		return Leak{}, false
	}
	return Leak{Form: LeakSelect, Op: x, Fr: sel.fr, Chan: chans[0], Exit: exit, Never: len(partners) == 0, Chans: chans, Closers: closers}, true
}

// exitCases returns the cases of sel after which its function can return
// without executing sel again: the ways out of the loop around it, or
// every case of a select outside loops. ok is false if one of them is a
// send: what completes it is a receive, not judged here.
func exitCases(sel *ssa.Select) (exits []int, ok bool) {
	bodies := selectBodies(sel)
	b := sel.Block()
	panics := ssaval.Panicking(sel.Parent())
	for i, st := range sel.States {
		start := bodies[i]
		seen := map[*ssa.BasicBlock]bool{b: true}
		var work []*ssa.BasicBlock
		returns := false
		scan := func(blk *ssa.BasicBlock, from int) {
			if panics[blk] {
				return
			}
			for _, instr := range blk.Instrs[from:] {
				if _, isRet := instr.(*ssa.Return); isRet || terminates(instr) {
					returns = true // the goroutine ends
				}
			}
			for _, succ := range blk.Succs {
				if !seen[succ] {
					seen[succ] = true
					work = append(work, succ)
				}
			}
		}
		if start == nil {
			scan(b, ssaval.IndexOf(b, sel)+1) // no test of the index: the case goes on after the select
		} else if !seen[start] {
			seen[start] = true
			work = append(work, start)
		}
		for len(work) > 0 && !returns {
			blk := work[len(work)-1]
			work = work[:len(work)-1]
			scan(blk, 0)
		}
		if !returns {
			continue
		}
		if st.Dir != types.RecvOnly {
			return nil, false
		}
		exits = append(exits, i)
	}
	return exits, true
}

// selectBodies returns, for each case of sel, the block its body starts
// at: the target of the branch on "index == i"; nil where there is none.
func selectBodies(sel *ssa.Select) []*ssa.BasicBlock {
	bodies := make([]*ssa.BasicBlock, len(sel.States))
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, ref := range *ex.Referrers() {
			bin, ok := ref.(*ssa.BinOp)
			if !ok || bin.Op != token.EQL || bin.X != ex {
				continue
			}
			k, ok := bin.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
				continue
			}
			i, exact := constant.Int64Val(k.Value)
			if !exact || i < 0 || int(i) >= len(bodies) {
				continue
			}
			for _, ref := range *bin.Referrers() {
				if iff, ok := ref.(*ssa.If); ok && iff.Cond == bin {
					bodies[i] = iff.Block().Succs[0]
				}
			}
		}
	}
	return bodies
}
