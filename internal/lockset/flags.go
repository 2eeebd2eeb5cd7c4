package lockset

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Lock effects conditioned on a boolean parameter. A helper such as
//
//	func (c *Cache) remove(k string, locked bool) {
//		if !locked {
//			c.mu.Lock()
//			defer c.mu.Unlock()
//		}
//		delete(c.m, k)
//	}
//
// locks c.mu only when its caller says it does not hold it. Its summary
// says "takes c.mu" (on some path), which would make every caller that
// holds c.mu and passes true a double lock. A call that passes a constant
// for such a parameter gets the summary of the function analyzed with
// the parameter fixed to that constant: the branches on it that the
// constant rules out are not taken.

// flagKey names a parameter fixed to a constant.
type flagKey struct {
	fn    *ssa.Function
	param int
	val   bool
}

// flagParams returns the indices of fn's boolean parameters that one of
// its branches tests (p or !p).
func flagParams(fn *ssa.Function) []int {
	var out []int
	for i, p := range fn.Params {
		b, ok := p.Type().Underlying().(*types.Basic)
		if !ok || b.Kind() != types.Bool {
			continue
		}
		if testsParam(fn, p) {
			out = append(out, i)
		}
	}
	return out
}

func testsParam(fn *ssa.Function, p *ssa.Parameter) bool {
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if v, _ := flagOf(ifi.Cond); v == p {
				return true
			}
		}
	}
	return false
}

// flagOf returns the parameter a branch condition is (or negates), and
// whether it is negated.
func flagOf(cond ssa.Value) (*ssa.Parameter, bool) {
	neg := false
	for {
		u, ok := cond.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			break
		}
		neg = !neg
		cond = u.X
	}
	p, _ := cond.(*ssa.Parameter)
	return p, neg
}

// flagSummary returns the summary of a static call of a function of the
// package that passes a constant for a parameter its branches test, or
// nil when the call passes none.
func (pa *pkgAnalysis) flagSummary(c *ssa.CallCommon, callee *ssa.Function) *Summary {
	if callee.Pkg != pa.pkg || callee.Origin() != nil || len(callee.Blocks) == 0 {
		return nil
	}
	params, ok := pa.flags[callee]
	if !ok {
		params = flagParams(callee)
		pa.flags[callee] = params
	}
	for _, i := range params {
		if i >= len(c.Args) {
			continue
		}
		k, ok := c.Args[i].(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Bool {
			continue
		}
		key := flagKey{callee, i, constant.BoolVal(k.Value)}
		if s, ok := pa.flagSums[key]; ok {
			return s
		}
		if pa.inProgress[callee] || pa.depth >= maxCallDepth {
			return nil
		}
		s := pa.analyzeFixed(callee, callee.Params[i], key.val)
		pa.flagSums[key] = s
		return s
	}
	return nil
}

// analyzeFixed returns fn's entry-free summary with parameter p fixed to
// val. It records nothing else: fn's results are those of its analysis
// for every argument.
func (pa *pkgAnalysis) analyzeFixed(fn *ssa.Function, p *ssa.Parameter, val bool) *Summary {
	pa.inProgress[fn] = true
	pa.depth++
	defer func() {
		pa.depth--
		delete(pa.inProgress, fn)
	}()
	fa := pa.newFuncAnalysis(fn, nil)
	fa.fixed, fa.fixedVal, fa.shadow = p, val, true
	fa.fixpoint(&state{})
	fa.replay()
	return fa.summarize()
}

// fixedEdge reports whether successor i of a branch on cond is ruled out
// by the parameter the analysis fixed.
func (fa *funcAnalysis) fixedEdge(cond ssa.Value, i int) bool {
	if fa.fixed == nil {
		return false
	}
	p, neg := flagOf(cond)
	if p != fa.fixed {
		return false
	}
	return (fa.fixedVal != neg) != (i == 0)
}
