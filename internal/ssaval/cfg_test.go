package ssaval_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
)

const flagSrc = `package p

func poll() bool

func mark()

// The loop ends only once poll has returned true, and mark runs then.
func flag() {
	done := false
	for !done {
		if poll() {
			mark()
			done = true
		}
	}
}

// Here the loop can end without mark.
func noFlag(n int) {
	done := false
	for i := 0; !done && i < n; i++ {
		if poll() {
			mark()
			done = true
		}
	}
}
`

// returnsWithoutMark reports whether FlagPaths finds a return of fn
// reached without a call of mark.
func returnsWithoutMark(t *testing.T, fn *ssa.Function) bool {
	t.Helper()
	found := false
	ssaval.FlagPaths(fn.Blocks[0], 0, func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			if c, ok := instr.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == "mark" {
					return false
				}
			}
			if _, ok := instr.(*ssa.Return); ok {
				found = true
				return false
			}
		}
		return true
	}, nil)
	return found
}

func TestFlagPaths(t *testing.T) {
	pkg := buildSrc(t, flagSrc)
	if returnsWithoutMark(t, pkg.Func("flag")) {
		t.Errorf("flag: a return without mark was found, but the loop ends only after mark sets done")
	}
	if !returnsWithoutMark(t, pkg.Func("noFlag")) {
		t.Errorf("noFlag: no return without mark was found, but the loop ends when i reaches n")
	}
}
