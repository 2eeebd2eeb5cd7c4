package goroutines

import (
	"go/token"
	"go/types"
	"slices"

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
				s := &structWalk{r: r, callers: callers, asValue: asValue, seen: map[ssa.Value]bool{}, fields: map[int][]*ssa.FieldAddr{}, fieldVals: map[int][]*ssa.Field{}, copies: map[*ssa.Store]bool{}}
				s.visit(a)
				if !s.escapes {
					ff.add(ssaval.Elem(a.Type()), s.fields, s.fieldVals)
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
	return !ptr && syncop.IsSync(t, name)
}

// add records the fields of one struct whose every use was seen: their
// addresses, and the fields read from copies of the struct.
func (ff *fieldFlow) add(t types.Type, fields map[int][]*ssa.FieldAddr, vals map[int][]*ssa.Field) {
	st := t.Underlying().(*types.Struct)
	for i, fas := range fields {
		ft := st.Field(i).Type()
		switch {
		case syncop.IsChan(ft):
			var store *ssa.Store
			var loads []ssa.Value
			for _, v := range vals[i] {
				loads = append(loads, v)
			}
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
			if len(vals[i]) > 0 {
				continue // a copy of it: vet's copylocks
			}
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
	r         *Result
	callers   map[*ssa.Function][]*ssa.Call
	asValue   map[*ssa.Function]bool
	seen      map[ssa.Value]bool
	fields    map[int][]*ssa.FieldAddr
	fieldVals map[int][]*ssa.Field // fields read from copies of the struct
	copies    map[*ssa.Store]bool  // stores that copy the struct into a variable of its own
	escapes   bool
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
		case *ssa.UnOp:
			if in.Op != token.MUL {
				s.escapes = true
				continue
			}
			s.visitValue(in) // a copy of the struct: its channels are the same
		case *ssa.Store:
			if in.Addr == v {
				if s.copies[in] {
					continue
				}
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
			s.passedTo(in.Common(), v, s.visit)
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

// visitValue follows a copy of the struct, a value: the fields read from
// it, the package's functions it is passed to, and the variables it is
// copied into (a parameter captured or addressed is one).
func (s *structWalk) visitValue(v ssa.Value) {
	if s.escapes || s.seen[v] {
		return
	}
	s.seen[v] = true
	for _, ref := range *v.Referrers() {
		if s.escapes {
			return
		}
		switch in := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Field:
			s.fieldVals[in.Field] = append(s.fieldVals[in.Field], in)
		case *ssa.Store:
			cell, ok := in.Addr.(*ssa.Alloc)
			if !ok || in.Val != v || copiedInto(cell) != v {
				s.escapes = true
				continue
			}
			s.copies[in] = true
			s.visit(cell)
		case ssa.CallInstruction:
			s.passedTo(in.Common(), v, s.visitValue)
		default:
			s.escapes = true
		}
	}
}

// passedTo follows v, an argument of the call cc, into the parameters of
// the package's function called; any other call lets the struct escape.
func (s *structWalk) passedTo(cc *ssa.CallCommon, v ssa.Value, follow func(ssa.Value)) {
	callee := cc.StaticCallee()
	if cc.IsInvoke() || cc.Value == v || callee == nil || callee.Pkg != s.r.Pkg || len(callee.Blocks) == 0 || len(callee.Params) != len(cc.Args) {
		s.escapes = true
		return
	}
	for i, a := range cc.Args {
		if a == v {
			follow(callee.Params[i])
		}
	}
}

// copiedInto returns the struct value that the variable cell is assigned,
// when that is its only assignment: its fields are only selected (to be
// read: a store into one is a second assignment of the field, which
// fieldFlow sees), and its address is used for nothing else but loads and
// closures. A parameter spilled to the heap is one. nil otherwise.
func copiedInto(cell *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, ref := range *cell.Referrers() {
		switch in := ref.(type) {
		case *ssa.Store:
			if in.Addr != cell || stored != nil {
				return nil
			}
			stored = in.Val
		case *ssa.UnOp:
			if in.Op != token.MUL {
				return nil
			}
		case *ssa.FieldAddr, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return stored
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

// fieldChan returns the channel that v, a value of frame fr that loads a
// channel field of a struct (through its pointer, or from a copy of it),
// denotes: the walk resolves the struct to its allocation, through
// copies, and the field's only assignment there is the channel's make.
// nil if v is no such load, or the struct is not followed.
func (r *Result) fieldChan(fr *Frame, v ssa.Value) *ssa.MakeChan {
	if r.fields == nil {
		return nil
	}
	var base ssa.Value // the struct's address, or the struct
	var field int
	switch x := v.(type) {
	case *ssa.UnOp:
		fa, ok := x.X.(*ssa.FieldAddr)
		if x.Op != token.MUL || !ok {
			return nil
		}
		base, field = fa.X, fa.Field
	case *ssa.Field:
		base, field = x.X, x.Field
	default:
		return nil
	}
	for i := 0; i < 8; i++ {
		b, bfr := fr.Resolve(base)
		if u, ok := b.(*ssa.UnOp); ok && u.Op == token.MUL {
			base, fr = u.X, bfr // a copy of the struct at that address
			continue
		}
		alloc, ok := b.(*ssa.Alloc)
		if !ok {
			return nil
		}
		for _, ref := range *alloc.Referrers() {
			fa, ok := ref.(*ssa.FieldAddr)
			if !ok || fa.Field != field {
				continue
			}
			for _, ref := range *fa.Referrers() {
				if st, ok := ref.(*ssa.Store); ok && st.Addr == fa && slices.Contains(r.fields.loads[st], v) {
					mc, _ := ssaval.UnwrapAll(st.Val).(*ssa.MakeChan)
					return mc
				}
			}
		}
		sv := copiedInto(alloc) // a variable the struct is copied into
		if sv == nil {
			return nil
		}
		base, fr = sv, bfr
	}
	return nil
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
