package lockset

import (
	"fmt"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Bounds of the analysis: beyond them a function is marked Imprecise and
// the passes stay silent about it.
const (
	maxStates     = 24 // distinct lock states per block
	maxHolds      = 16 // locks in one state
	maxDefers     = 16 // pending deferred calls in one state
	maxCount      = 3  // |acquisitions - releases| of one lock on a path
	maxIterations = 40 // visits per block in the fixpoint
	maxCallDepth  = 48 // nested on-demand summaries
	maxTakes      = 32 // acquisitions recorded in one summary
)

// A site is where a lock was acquired on a path: a Lock call, a call of
// a function that returns holding it, a send on a semaphore channel, or
// the true edge of a TryLock.
type site struct {
	instr ssa.Instruction
	via   *Via      // non-nil when acquired inside a callee
	pos   token.Pos // the acquiring call or statement in the source
}

// A hold is one lock in a state.
type hold struct {
	lock   *Lock
	n      int8 // acquisitions minus releases on this path, since entry
	base   int8 // 1 if held on entry (inherited from the enclosing function)
	shared bool
	ctx    bool  // held on entry because every caller holds it (see context.go)
	acq    *site // where acquired on this path; nil if held on entry
}

func (h *hold) held() bool { return h.base+h.n > 0 }

// A cond records the outcome of a branch on a condition tested more
// than once, so that correlated branches (if c { Lock }; ...; if c {
// Unlock }) are not combined into impossible paths. Conditions are
// compared by shape (b == 10 twice, two loads of s.debug), see condKey.
type cond struct {
	key   string
	deps  []ssa.Value // the condition is forgotten when one of these is redefined
	taken bool
}

// A state is the engine's knowledge on one set of paths: the locks held,
// the deferred calls pending, and the branch outcomes that matter.
// States are immutable once built.
type state struct {
	holds  []hold // sorted by lock key
	defers []*ssa.Defer
	conds  []cond
	key    string
}

func (s *state) clone() *state {
	return &state{
		holds:  append([]hold(nil), s.holds...),
		defers: append([]*ssa.Defer(nil), s.defers...),
		conds:  append([]cond(nil), s.conds...),
	}
}

func (s *state) find(key string) int {
	i := sort.Search(len(s.holds), func(i int) bool { return s.holds[i].lock.key >= key })
	if i < len(s.holds) && s.holds[i].lock.key == key {
		return i
	}
	return -1
}

func (s *state) id() string {
	if s.key != "" {
		return s.key
	}
	var b strings.Builder
	for _, h := range s.holds {
		fmt.Fprintf(&b, "%s/%d/%d/%t/%p;", h.lock.key, h.n, h.base, h.shared, h.acq)
	}
	b.WriteByte('|')
	for _, d := range s.defers {
		fmt.Fprintf(&b, "%p;", d)
	}
	b.WriteByte('|')
	for _, c := range s.conds {
		fmt.Fprintf(&b, "%s=%t;", c.key, c.taken)
	}
	s.key = b.String()
	return s.key
}

// acquire returns s with l acquired once more at site.
func (s *state) acquire(l *Lock, shared bool, at *site) (*state, bool) {
	t := s.clone()
	ok := true
	if i := t.find(l.key); i >= 0 {
		h := &t.holds[i]
		if !h.held() {
			h.acq = at
			h.shared = shared
		}
		if h.n < maxCount {
			h.n++
		}
		if h.base == 0 && h.n == 0 {
			t.holds = append(t.holds[:i], t.holds[i+1:]...)
		}
		return t, ok
	}
	if len(t.holds) >= maxHolds {
		return t, false
	}
	i := sort.Search(len(t.holds), func(i int) bool { return t.holds[i].lock.key >= l.key })
	t.holds = append(t.holds, hold{})
	copy(t.holds[i+1:], t.holds[i:])
	t.holds[i] = hold{lock: l, n: 1, shared: shared, acq: at}
	return t, ok
}

// release returns s with l released once.
func (s *state) release(l *Lock) (*state, bool) {
	t := s.clone()
	if i := t.find(l.key); i >= 0 {
		h := &t.holds[i]
		if h.n > -maxCount {
			h.n--
		}
		if h.base == 0 && h.n == 0 {
			t.holds = append(t.holds[:i], t.holds[i+1:]...)
		}
		return t, true
	}
	if len(t.holds) >= maxHolds {
		return t, false
	}
	i := sort.Search(len(t.holds), func(i int) bool { return t.holds[i].lock.key >= l.key })
	t.holds = append(t.holds, hold{})
	copy(t.holds[i+1:], t.holds[i:])
	t.holds[i] = hold{lock: l, n: -1}
	return t, true
}

// isHeld reports whether l is held in s, and how.
func (s *state) isHeld(key string) (*hold, bool) {
	if i := s.find(key); i >= 0 && s.holds[i].held() {
		return &s.holds[i], true
	}
	return nil, false
}

func (s *state) condOf(key string) (taken, ok bool) {
	for _, c := range s.conds {
		if c.key == key {
			return c.taken, true
		}
	}
	return false, false
}

// withCond returns s assuming the condition c has the value taken.
func (s *state) withCond(c cond, taken bool) *state {
	t := s.clone()
	c.taken = taken
	t.conds = append(t.conds, c)
	return t
}

// forgetConds returns s without the conditions on values defined in b:
// entering b again redefines them.
func (s *state) forgetConds(b *ssa.BasicBlock) *state {
	in := func(c cond) bool {
		for _, d := range c.deps {
			if instr, ok := d.(ssa.Instruction); ok && instr.Block() == b {
				return true
			}
		}
		return false
	}
	drop := false
	for _, c := range s.conds {
		if in(c) {
			drop = true
			break
		}
	}
	if !drop {
		return s
	}
	t := s.clone()
	t.conds = t.conds[:0]
	for _, c := range s.conds {
		if !in(c) {
			t.conds = append(t.conds, c)
		}
	}
	return t
}

// condKey describes a branch condition by shape, so that two tests of
// the same thing match: comparisons of the same operands, loads of the
// same field of the same base.
func condKey(v ssa.Value) cond {
	var deps []ssa.Value
	var operand func(v ssa.Value, depth int) string
	operand = func(v ssa.Value, depth int) string {
		switch x := v.(type) {
		case *ssa.Const:
			return "c:" + x.String()
		case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
			return fmt.Sprintf("%p", v)
		case *ssa.UnOp:
			if x.Op == token.MUL && depth < 4 {
				return "*" + operand(x.X, depth+1)
			}
			if x.Op == token.NOT && depth < 4 {
				return "!" + operand(x.X, depth+1)
			}
		case *ssa.FieldAddr:
			if depth < 4 {
				return fmt.Sprintf("%s.%d", operand(x.X, depth+1), x.Field)
			}
		case *ssa.BinOp:
			if depth == 0 {
				switch x.Op {
				case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
					return x.Op.String() + "(" + operand(x.X, depth+1) + "," + operand(x.Y, depth+1) + ")"
				}
			}
		}
		deps = append(deps, v)
		return fmt.Sprintf("%p", v)
	}
	k := operand(v, 0)
	return cond{key: k, deps: deps}
}

// A HeldLock is a lock in a LockSet.
type HeldLock struct {
	Lock   *Lock
	Shared bool // held with RLock
	// Site is the instruction that acquired the lock (a Lock call, a call
	// of a function returning with it held, a semaphore send, or the If
	// of a TryLock).
	Site ssa.Instruction
	Via  *Via // non-nil when Site is a call that acquired the lock inside the callee
	// Pos is the position of Site in the source (the start of the call
	// expression), or token.NoPos.
	Pos token.Pos
	// Inherited: the lock was held when the function was entered (a
	// closure run inside its caller's critical section); Site, if not
	// nil, is then the caller's acquisition.
	Inherited bool
	// Context: the lock is held on entry to a named function because
	// every caller of the function holds it (Func.Context). What the
	// function does under it is reported at its callers' calls, through
	// its summary; the accesses it makes are guarded by it.
	Context bool
}

// A LockSet is a set of held locks sorted by Key.
type LockSet []HeldLock

// Lookup returns the held lock with l's key.
func (s LockSet) Lookup(l *Lock) (HeldLock, bool) {
	i := sort.Search(len(s), func(i int) bool { return s[i].Lock.key >= l.key })
	if i < len(s) && s[i].Lock.key == l.key {
		return s[i], true
	}
	return HeldLock{}, false
}

// Has reports whether the set holds l.
func (s LockSet) Has(l *Lock) bool { _, ok := s.Lookup(l); return ok }

// Mutexes returns the locks of the set that are mutexes (not semaphores).
func (s LockSet) Mutexes() LockSet {
	var out LockSet
	for _, h := range s {
		if !h.Lock.Kind.IsSem() {
			out = append(out, h)
		}
	}
	return out
}

// String lists the locks' names.
func (s LockSet) String() string {
	names := make([]string, len(s))
	for i, h := range s {
		names[i] = h.Lock.Name
	}
	return "{" + strings.Join(names, ", ") + "}"
}

func heldOf(h *hold) HeldLock {
	hl := HeldLock{Lock: h.lock, Shared: h.shared, Inherited: h.base > 0, Context: h.base > 0 && h.ctx}
	if h.acq != nil {
		hl.Site = h.acq.instr
		hl.Via = h.acq.via
		hl.Pos = h.acq.pos
	}
	return hl
}

// mustMay returns the locks held in every state, and in some state.
func mustMay(states []*state) (must, may LockSet) {
	if len(states) == 0 {
		return nil, nil
	}
	for i := range states[0].holds {
		h := &states[0].holds[i]
		if !h.held() {
			continue
		}
		all := true
		for _, s := range states[1:] {
			if _, ok := s.isHeld(h.lock.key); !ok {
				all = false
				break
			}
		}
		if all {
			must = append(must, heldOf(h))
		}
	}
	seen := map[string]bool{}
	for _, s := range states {
		for i := range s.holds {
			h := &s.holds[i]
			if h.held() && !seen[h.lock.key] {
				seen[h.lock.key] = true
				may = append(may, heldOf(h))
			}
		}
	}
	sort.Slice(may, func(i, j int) bool { return may[i].Lock.key < may[j].Lock.key })
	return must, may
}
