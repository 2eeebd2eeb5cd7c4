package lockset

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// A sync.Cond's L is the Locker it was made with: c.cond.L.Lock() locks
// c.mu when the package sets c.cond = sync.NewCond(&c.mu) (or
// sync.NewCond(c.rw.RLocker()), c.rw in shared mode). The engine names
// such a lock as the mutex itself, so that the acquisitions through the
// Cond and through the mutex are one lock.

// condAlias is the mutex, as a path from the object holding the Cond
// field, that every sync.NewCond the package stores in the field uses.
type condAlias struct {
	path   []string
	shared bool
}

// condAliases indexes, by *sync.Cond field, the mutex of the Conds the
// package stores in it; a field stored with Conds of different mutexes,
// or with one the engine cannot name from the holder, has none.
func (pa *pkgAnalysis) condAliases() map[*types.Var]*condAlias {
	if pa.conds != nil {
		return pa.conds
	}
	pa.conds = map[*types.Var]*condAlias{}
	bad := map[*types.Var]bool{}
	for _, fn := range pa.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok || !isCondPtr(st.Val.Type()) {
					continue
				}
				f := ssaval.FieldVar(fa.X.Type(), fa.Field)
				if f == nil || bad[f] {
					continue
				}
				a := condMutex(st.Val, fa.X)
				old := pa.conds[f]
				switch {
				case a == nil:
					bad[f] = true
					delete(pa.conds, f)
				case old == nil:
					pa.conds[f] = a
				case old.shared != a.shared || !slices.Equal(old.path, a.path):
					bad[f] = true
					delete(pa.conds, f)
				}
			}
		}
	}
	return pa.conds
}

// condMutex returns the mutex of the Cond v, sync.NewCond(l), as a path
// from holder; nil when l is not a field path from holder.
func condMutex(v, holder ssa.Value) *condAlias {
	arg := syncop.NewCondArg(ssaval.UnwrapAll(v))
	if arg == nil {
		return nil
	}
	a := &condAlias{}
	holder = ssaval.UnwrapAll(holder)
	x := arg
	for depth := 0; depth < 16; depth++ {
		x = ssaval.UnwrapAll(x)
		if x == holder && len(a.path) > 0 {
			return a
		}
		switch y := x.(type) {
		case *ssa.FieldAddr:
			name, _ := ssaval.Field(y.X.Type(), y.Field, true)
			if name == "" {
				return nil
			}
			a.path = append([]string{name}, a.path...)
			x = y.X
			continue
		case *ssa.Call:
			if op := syncop.Call(&y.Call); op.Kind == syncop.RLocker && op.Operand != nil && len(a.path) == 0 {
				a.shared = true
				x = op.Operand
				continue
			}
		case *ssa.UnOp:
			// A load of the holder's variable, like the holder itself.
			if h, ok := holder.(*ssa.UnOp); ok && y.Op == token.MUL && h.Op == token.MUL && y.X == h.X && len(a.path) > 0 {
				return a
			}
		}
		return nil
	}
	return nil
}

// condL returns, for x the address of a Cond's L field, what the Cond was
// made with: the Locker argument of a sync.NewCond call, or the holder of
// the Cond field and the mutex's path from it.
func (pa *pkgAnalysis) condL(x *ssa.FieldAddr) (v ssa.Value, alias *condAlias) {
	if !isCondPtr(x.X.Type()) {
		return nil, nil
	}
	if name, _ := ssaval.Field(x.X.Type(), x.Field, true); name != "L" {
		return nil, nil
	}
	c := ssaval.UnwrapAll(x.X)
	if arg := syncop.NewCondArg(c); arg != nil {
		return arg, nil
	}
	load, ok := c.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	f := ssaval.FieldVar(fa.X.Type(), fa.Field)
	if f == nil {
		return nil, nil
	}
	if a := pa.condAliases()[f]; a != nil {
		return fa.X, a
	}
	return nil, nil
}

func isCondPtr(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok && syncop.IsSync(t, "Cond")
}
