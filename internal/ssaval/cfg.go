package ssaval

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Panicking returns the blocks of fn from which every path ends in a
// panic.
func Panicking(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	doomed := map[*ssa.BasicBlock]bool{}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if doomed[b] || len(b.Instrs) == 0 {
				continue
			}
			d := false
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic); ok {
				d = true
			} else if len(b.Succs) > 0 {
				d = true
				for _, s := range b.Succs {
					d = d && doomed[s]
				}
			}
			if d {
				doomed[b] = true
				changed = true
			}
		}
	}
	return doomed
}

// LiveSuccs returns the successors of b that can run next: both, unless
// b branches on a boolean constant.
func LiveSuccs(b *ssa.BasicBlock) []*ssa.BasicBlock {
	if len(b.Instrs) > 0 && len(b.Succs) == 2 {
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if c, ok := ifi.Cond.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Bool {
				if constant.BoolVal(c.Value) {
					return b.Succs[:1]
				}
				return b.Succs[1:]
			}
		}
	}
	return b.Succs
}

// LiveBlocks returns the blocks of fn reachable from its entry (or its
// recover block) without taking a branch on a constant the other way, or
// nil when that is all of them.
func LiveBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	constIf := false
	for _, b := range fn.Blocks {
		if len(b.Instrs) > 0 {
			if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				if _, ok := ifi.Cond.(*ssa.Const); ok {
					constIf = true
				}
			}
		}
	}
	if !constIf || len(fn.Blocks) == 0 {
		return nil
	}
	live := map[*ssa.BasicBlock]bool{}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	if fn.Recover != nil {
		work = append(work, fn.Recover)
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if !live[b] {
			live[b] = true
			work = append(work, LiveSuccs(b)...)
		}
	}
	return live
}

// BlockReaches reports whether to is reachable from from by one or more
// edges.
func BlockReaches(from, to *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), from.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == to {
			return true
		}
		if seen[b] {
			continue
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return false
}

// InLoop reports whether instr's block can be reached again from itself.
func InLoop(instr ssa.Instruction) bool {
	b := instr.Block()
	return b != nil && BlockReaches(b, b)
}

// IndexOf returns the index of instr in the block b, or -1.
func IndexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// FlagPaths follows the paths of a function from instruction from of
// block start: it calls scan on start (from that index) and on every
// block reached, and goes on to the successors of a block for which scan
// returns true and keep(b, succ) is true. It prunes the branches that
// the path itself decides: a branch on a boolean constant, and a branch
// on a boolean phi (or its negation) whose value the way into its block
// fixes: found := false; for ... { if x { found = true; break } }; if
// !found { ... } takes the branch on found only as each path sets it. A
// block is scanned once per distinct set of such flag values, and at most
// a few times the number of blocks overall: past that, paths are not
// followed further (a caller looking for a bad path stays silent).
func FlagPaths(start *ssa.BasicBlock, from int, scan func(b *ssa.BasicBlock, from int) bool, keep func(b, succ *ssa.BasicBlock) bool) {
	type state struct {
		b   *ssa.BasicBlock
		env flagEnv
	}
	budget := 4*len(start.Parent().Blocks) + 64
	seen := map[string]bool{}
	var work []state
	push := func(b *ssa.BasicBlock, env flagEnv) {
		for _, succ := range env.succs(b) {
			if keep != nil && !keep(b, succ) {
				continue
			}
			next := env.enter(b, succ)
			key := fmt.Sprint(succ.Index, next.key())
			if seen[key] {
				continue
			}
			seen[key] = true
			work = append(work, state{succ, next})
		}
	}
	if !scan(start, from) {
		return
	}
	push(start, nil)
	for len(work) > 0 && budget > 0 {
		budget--
		st := work[len(work)-1]
		work = work[:len(work)-1]
		if scan(st.b, 0) {
			push(st.b, st.env)
		}
	}
}

// A flagEnv holds the values of boolean phis that the path followed so
// far fixes.
type flagEnv map[*ssa.Phi]bool

func (e flagEnv) key() string {
	if len(e) == 0 {
		return ""
	}
	var parts []string
	for p, v := range e {
		parts = append(parts, fmt.Sprint(p.Block().Index, ":", p.Name(), "=", v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// value returns the value of the boolean v if e or v itself fixes it.
func (e flagEnv) value(v ssa.Value) (bool, bool) {
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.Bool {
			return constant.BoolVal(x.Value), true
		}
	case *ssa.Phi:
		b, ok := e[x]
		return b, ok
	case *ssa.UnOp:
		if x.Op == token.NOT {
			b, ok := e.value(x.X)
			return !b, ok
		}
	}
	return false, false
}

// succs returns the successors of b the path can take.
func (e flagEnv) succs(b *ssa.BasicBlock) []*ssa.BasicBlock {
	if len(b.Instrs) > 0 && len(b.Succs) == 2 {
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if v, known := e.value(ifi.Cond); known {
				if v {
					return b.Succs[:1]
				}
				return b.Succs[1:]
			}
		}
	}
	return b.Succs
}

// enter returns the flags on entering succ from b: succ's boolean phis
// take the value of their edge from b, where it is known.
func (e flagEnv) enter(b, succ *ssa.BasicBlock) flagEnv {
	idx := -1
	for i, p := range succ.Preds {
		if p == b {
			idx = i
			break
		}
	}
	var next flagEnv
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if basic, ok := phi.Type().Underlying().(*types.Basic); !ok || basic.Kind() != types.Bool || idx < 0 {
			continue
		}
		if next == nil {
			next = flagEnv{}
			for p, v := range e {
				next[p] = v
			}
		}
		if v, known := e.value(phi.Edges[idx]); known {
			next[phi] = v
		} else {
			delete(next, phi)
		}
	}
	if next == nil {
		return e
	}
	if len(next) > 8 {
		return nil // too many flags to track: forget them
	}
	return next
}

// Unpublished reports whether obj is an object its function allocates
// (new, &T{}) that no other goroutine can reach yet when at runs: no use
// of it that could hand it over (stored elsewhere, passed to a call or a
// closure, converted to an interface, sent, returned) can run before at.
// Reading and writing its fields, and the methods of sync's types on
// them (locking its mutex), do not hand it over.
func Unpublished(obj ssa.Value, at ssa.Instruction) bool {
	alloc, ok := obj.(*ssa.Alloc)
	if !ok || !alloc.Heap || alloc.Parent() != at.Parent() || at.Block() == nil {
		return false
	}
	atIdx := IndexOf(at.Block(), at)
	before := func(u ssa.Instruction) bool {
		b := u.Block()
		if b == nil {
			return true
		}
		if b == at.Block() && IndexOf(b, u) < atIdx {
			return true
		}
		return BlockReaches(b, at.Block())
	}
	escaped := false
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) {
		if escaped || depth > 8 {
			escaped = true
			return
		}
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch x := r.(type) {
			case *ssa.FieldAddr:
				walk(x, depth+1)
				continue
			case *ssa.IndexAddr:
				walk(x, depth+1)
				continue
			case *ssa.UnOp:
				if x.Op == token.MUL {
					continue // a load of a field: the value read is another matter
				}
			case *ssa.Store:
				if x.Addr == v && x.Val != v {
					continue // a write into the object
				}
			case *ssa.DebugRef:
				continue
			case ssa.CallInstruction:
				if _, ok := x.(*ssa.Call); ok && syncMethodOn(x.Common(), v) {
					continue
				}
			}
			if r == at || before(r) {
				escaped = true
				return
			}
		}
	}
	walk(alloc, 0)
	return !escaped
}

// syncMethodOn reports whether c is a method of one of package sync's
// types called on v (mu.Lock() on a field's address).
func syncMethodOn(c *ssa.CallCommon, v ssa.Value) bool {
	if c.IsInvoke() || len(c.Args) == 0 || c.Args[0] != v {
		return false
	}
	f := c.StaticCallee()
	if f == nil || f.Signature.Recv() == nil {
		return false
	}
	obj, ok := f.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return false
	}
	for _, a := range c.Args[1:] {
		if a == v {
			return false
		}
	}
	return true
}
