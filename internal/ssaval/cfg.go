package ssaval

import (
	"go/constant"

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
