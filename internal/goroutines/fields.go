package goroutines

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// fieldFlow is what the package does with the channel, WaitGroup and
// Cond fields of the structs it allocates, when it sees every use of the
// struct: the struct's pointer reaches only field selections, the
// package's functions called statically (constructors returning it
// included, when every caller is known), closures and variables assigned
// once. A channel field assigned once is then a variable holding that
// channel; one never assigned holds nil.
type fieldFlow struct {
	loads    map[*ssa.Store][]ssa.Value // the only store into a channel field → the loads of that field
	nilLoads map[ssa.Value]bool         // loads of a channel field never assigned
	syncs    [][]ssa.Value              // each: the addresses of one WaitGroup or Cond field (values, not pointers)
}

// structFields computes the fieldFlow of the package.
func (r *Result) structFields() *fieldFlow {
	ff := &fieldFlow{loads: map[*ssa.Store][]ssa.Value{}, nilLoads: map[ssa.Value]bool{}}
	var callers map[*ssa.Function][]*ssa.Call
	var asValue map[*ssa.Function]bool
	for _, fn := range r.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				a, ok := instr.(*ssa.Alloc)
				if !ok || !hasSyncField(ssaval.Elem(a.Type())) {
					continue
				}
				if callers == nil {
					callers, asValue = r.callersOf() // only for packages that have such structs
				}
				s := &structWalk{r: r, callers: callers, asValue: asValue, seen: map[ssa.Value]bool{}, fields: map[int][]*ssa.FieldAddr{}}
				s.visit(a)
				if !s.escapes {
					ff.add(ssaval.Elem(a.Type()), s.fields)
				}
			}
		}
	}
	return ff
}

// hasSyncField reports whether t is a struct with a field of channel
// type, or a sync.WaitGroup or sync.Cond value.
func hasSyncField(t types.Type) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		if syncop.IsChan(ft) || isValue(ft, "WaitGroup") || isValue(ft, "Cond") {
			return true
		}
	}
	return false
}

func isValue(t types.Type, name string) bool {
	_, ptr := t.Underlying().(*types.Pointer)
	return !ptr && isNamed(t, name)
}

// add records the fields of one struct whose every use was seen.
func (ff *fieldFlow) add(t types.Type, fields map[int][]*ssa.FieldAddr) {
	st := t.Underlying().(*types.Struct)
	for i, fas := range fields {
		ft := st.Field(i).Type()
		switch {
		case syncop.IsChan(ft):
			var store *ssa.Store
			var loads []ssa.Value
			ok := true
			for _, fa := range fas {
				for _, ref := range *fa.Referrers() {
					switch in := ref.(type) {
					case *ssa.Store:
						if in.Addr != fa || store != nil {
							ok = false
						}
						store = in
					case *ssa.UnOp:
						if in.Op != token.MUL {
							ok = false
						}
						loads = append(loads, in)
					case *ssa.DebugRef:
					default:
						ok = false // &s.ch handed on
					}
				}
			}
			if !ok {
				continue
			}
			if store == nil {
				for _, l := range loads {
					ff.nilLoads[l] = true
				}
				continue
			}
			ff.loads[store] = loads
		case isValue(ft, "WaitGroup") || isValue(ft, "Cond"):
			var vs []ssa.Value
			for _, fa := range fas {
				vs = append(vs, fa)
			}
			ff.syncs = append(ff.syncs, vs)
		}
	}
}

// callersOf returns the static calls of each function of the package,
// and the functions also used as values (whose callers are not known).
func (r *Result) callersOf() (map[*ssa.Function][]*ssa.Call, map[*ssa.Function]bool) {
	callers := map[*ssa.Function][]*ssa.Call{}
	asValue := map[*ssa.Function]bool{}
	var rands []*ssa.Value
	for _, fn := range r.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var callee ssa.Value
				if c, ok := instr.(ssa.CallInstruction); ok && !c.Common().IsInvoke() {
					callee = c.Common().Value
					if f, ok := callee.(*ssa.Function); ok {
						if call, ok := c.(*ssa.Call); ok {
							callers[f] = append(callers[f], call)
						} else {
							asValue[f] = true // go f(), defer f(): its result is dropped anyway
						}
					}
				}
				rands = instr.Operands(rands[:0])
				for _, op := range rands {
					if op == nil || *op == callee {
						continue
					}
					if f, ok := (*op).(*ssa.Function); ok {
						asValue[f] = true
					}
				}
			}
		}
	}
	return callers, asValue
}

// A structWalk follows the pointer to one struct allocation.
type structWalk struct {
	r       *Result
	callers map[*ssa.Function][]*ssa.Call
	asValue map[*ssa.Function]bool
	seen    map[ssa.Value]bool
	fields  map[int][]*ssa.FieldAddr
	escapes bool
}

func (s *structWalk) visit(v ssa.Value) {
	if s.escapes || s.seen[v] {
		return
	}
	s.seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		s.escapes = true
		return
	}
	for _, ref := range *refs {
		if s.escapes {
			return
		}
		switch in := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			s.fields[in.Field] = append(s.fields[in.Field], in)
		case *ssa.ChangeType:
			s.visit(in)
		case *ssa.Store:
			if in.Addr == v {
				if _, zero := in.Val.(*ssa.Const); !zero {
					s.escapes = true // the whole struct overwritten
				}
				continue
			}
			cell, ok := in.Addr.(*ssa.Alloc)
			if !ok || ssaval.StoredOnce(cell) != v {
				s.escapes = true
				continue
			}
			s.visitCell(cell)
		case *ssa.MakeClosure:
			for i, b := range in.Bindings {
				if b == v {
					s.visit(in.Fn.(*ssa.Function).FreeVars[i])
				}
			}
		case ssa.CallInstruction:
			cc := in.Common()
			callee := cc.StaticCallee()
			if cc.IsInvoke() || cc.Value == v || callee == nil || callee.Pkg != s.r.Pkg || len(callee.Blocks) == 0 || len(callee.Params) != len(cc.Args) {
				s.escapes = true
				continue
			}
			for i, a := range cc.Args {
				if a == v {
					s.visit(callee.Params[i])
				}
			}
		case *ssa.Return:
			fn := in.Parent()
			if fn.Parent() != nil || s.asValue[fn] || len(in.Results) != 1 {
				s.escapes = true // a closure's, or a function whose callers are not all known
				continue
			}
			if obj, ok := fn.Object().(*types.Func); !ok || obj.Exported() && analysisutil.Importable(s.r.Pkg.Pkg) || fn.Signature.Recv() != nil && obj.Exported() {
				s.escapes = true
				continue
			}
			for _, c := range s.callers[fn] {
				s.visit(c)
			}
		default:
			s.escapes = true
		}
	}
}

// visitCell follows a variable assigned only the struct's pointer.
func (s *structWalk) visitCell(cell ssa.Value) {
	refs := cell.Referrers()
	if refs == nil {
		s.escapes = true
		return
	}
	for _, ref := range *refs {
		switch in := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if _, isFree := cell.(*ssa.FreeVar); isFree || in.Addr != cell {
				s.escapes = true
			}
		case *ssa.UnOp:
			if in.Op != token.MUL {
				s.escapes = true
				continue
			}
			s.visit(in)
		case *ssa.MakeClosure:
			for i, b := range in.Bindings {
				if b == cell {
					s.visitCell(in.Fn.(*ssa.Function).FreeVars[i])
				}
			}
		default:
			s.escapes = true
		}
	}
}

// loadsOf returns the loads of the field that store assigns, when it is
// the field's only assignment in a followed struct.
func (ff *fieldFlow) loadsOf(store *ssa.Store) ([]ssa.Value, bool) {
	if ff == nil {
		return nil, false
	}
	l, ok := ff.loads[store]
	return l, ok
}
