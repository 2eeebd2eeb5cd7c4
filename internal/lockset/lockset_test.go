package lockset_test

import (
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/lockset"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "basic", "sem")
}

// imprecise reports the functions where the engine hit a bound.
var imprecise = &analysis.Analyzer{
	Name:     "imprecise",
	Doc:      "report functions the lockset engine gave up on",
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, f := range res.Funcs {
			if f.Imprecise {
				pass.Reportf(f.Fn.Pos(), "%s: imprecise", f.Fn.Name())
			}
		}
		return nil, nil
	},
}

// TestBounds checks that a function with more paths than the caps allow
// finishes, is marked imprecise, and keeps its acquisitions but no net
// effect in its summary.
func TestBounds(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), imprecise, "bounds")
}

// describe reports, at every call of a function named held, the locks
// the engine takes as held there: name, (R) for a read lock, and class
// (with "=type class" where the class by type differs).
var describe = &analysis.Analyzer{
	Name:     "describe",
	Doc:      "print the locks held at each call of held()",
	Requires: []*analysis.Analyzer{lockset.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
		for _, f := range res.Funcs {
			for _, b := range f.Fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					if callee := call.Call.StaticCallee(); callee == nil || callee.Name() != "held" {
						continue
					}
					var parts []string
					for _, h := range res.HeldAt(instr) {
						s := h.Lock.Name
						if h.Shared {
							s += "(R)"
						}
						if h.Context {
							s += "(ctx)"
						}
						if c := h.Lock.Class; c != "" {
							s += " " + c
							if tc := h.Lock.TypeClass; tc != c {
								s += "=" + tc
							}
						}
						parts = append(parts, s)
					}
					sort.Strings(parts)
					if len(parts) == 0 {
						parts = []string{"none"}
					}
					pass.Reportf(call.Pos(), "held: %s", strings.Join(parts, ", "))
				}
			}
		}
		return nil, nil
	},
}

// TestDescribe checks what the engine takes as held at marked lines:
// defers, branches, read locks and RLocker, TryLock, closures, struct
// parameters, package-level variables and their classes, helpers, and the
// lock context of functions whose every caller holds a lock.
func TestDescribe(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "describe", "callerheld")
}
