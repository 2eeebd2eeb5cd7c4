package goroutines

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/ssaval"
)

// A Frame is one activation of a function on a walk: the root frame is the
// function that starts a goroutine (or whose continuation is walked), and
// every other frame is a callee or a goroutine body entered from its
// Parent at Site. Frames let values of a callee be named in the terms of
// the root function: a parameter or free variable bound at the call site
// resolves to the caller's argument, up to the root.
type Frame struct {
	Fn     *ssa.Function
	Parent *Frame
	// Site is the instruction of Parent.Fn that entered Fn (a call, a
	// defer, a go statement or a spawning call); nil for the root.
	Site ssa.Instruction
	// Spawn is the goroutine start that Site performs when the frame runs
	// in a goroutine other than its parent's; nil for plain calls.
	Spawn *Spawn
	bind  map[ssa.Value]binding
	depth int
}

type binding struct {
	v  ssa.Value
	fr *Frame
}

// Root returns the outermost frame.
func (f *Frame) Root() *Frame {
	for f.Parent != nil {
		f = f.Parent
	}
	return f
}

// Top returns the instruction of the root function through which the walk
// reached f's instruction instr: instr itself in the root frame, else the
// site of the outermost frame below the root.
func (f *Frame) Top(instr ssa.Instruction) ssa.Instruction {
	for f.Parent != nil {
		instr = f.Site
		f = f.Parent
	}
	return instr
}

// InGoroutine returns the innermost goroutine start between the root and f,
// or nil if f runs in the root's goroutine.
func (f *Frame) InGoroutine() *Spawn {
	for ; f != nil; f = f.Parent {
		if f.Spawn != nil {
			return f.Spawn
		}
	}
	return nil
}

// Resolve follows v, a value of f.Fn, through parameter and free-variable
// bindings towards the root, and returns the value it denotes and the
// frame that value belongs to.
func (f *Frame) Resolve(v ssa.Value) (ssa.Value, *Frame) {
	for i := 0; i < 64; i++ {
		if u := ssaval.Unwrap(v); u != nil {
			v = u
			continue
		}
		switch x := v.(type) {
		case *ssa.Parameter, *ssa.FreeVar:
			if b, ok := f.bind[x]; ok && b.fr != nil {
				v, f = b.v, b.fr
				continue
			}
		case *ssa.UnOp:
			// The value of a variable assigned once (a captured
			// parameter or a := that is never reassigned) is that value.
			if x.Op == token.MUL {
				if a, afr := f.Resolve(x.X); a != nil {
					if alloc, ok := a.(*ssa.Alloc); ok {
						if sv := ssaval.StoredOnce(alloc); sv != nil {
							v, f = sv, afr
							continue
						}
					}
				}
			}
		}
		break
	}
	return v, f
}

// A Loc names a memory location (or the object a reference value refers
// to) in the terms of a walk's root function: a Root value (a package-level
// variable, or a value of the root function, such as a captured variable,
// a parameter or an allocation) and a Path of steps from it:
// ".f" a field, "*" what the pointer stored there points to, "[]" an
// element of an array or slice, "{}" an element of a map.
type Loc struct {
	Root ssa.Value
	Path string
	// Local reports that Root belongs to a frame other than the root: a
	// variable or object that only the frame's own activation can reach.
	Local bool

	// name is how the source spells the location up to Path[:nameAt], for
	// messages: resolution may lead from a variable to the object stored
	// in it, whose own name is lost.
	name   string
	nameAt int

	// Indices are the index values of the "[]" steps of Path, in order,
	// with the frames that compute them.
	Indices []Index
}

// An Index is the index of an element step of a Loc.
type Index struct {
	V  ssa.Value
	Fr *Frame
}

// Shared reports whether the location may be reachable from another
// goroutine: it is not local to an inner frame.
func (l Loc) Shared() bool {
	if _, ok := l.Root.(*ssa.Global); ok {
		return true
	}
	return !l.Local
}

// Overlaps reports whether l and m may denote overlapping memory: the same
// location, or one is a field or element of the other (without following
// a pointer).
func (l Loc) Overlaps(m Loc) bool {
	if l.Root != m.Root {
		return false
	}
	a, b := l.Path, m.Path
	if len(a) > len(b) {
		a, b = b, a
	}
	if !strings.HasPrefix(b, a) {
		return false
	}
	if len(a) == len(b) {
		return true
	}
	switch b[len(a)] {
	case '.':
		return true
	case '[':
		return strings.HasPrefix(b[len(a):], "[]")
	}
	return false
}

// String renders the location in Go-like syntax for messages.
func (l Loc) String() string {
	var b strings.Builder
	path := l.Path
	if l.name != "" && l.nameAt <= len(path) {
		b.WriteString(l.name)
		path = path[l.nameAt:]
	} else {
		b.WriteString(rootName(l.Root))
	}
	// A pointer followed implicitly, as Go's selectors do: "s.f", not
	// "(*s).f"; a variable's cell and its value read the same.
	for len(path) > 0 {
		switch {
		case path[0] == '.':
			end := strings.IndexAny(path[1:], ".*[{")
			if end < 0 {
				end = len(path) - 1
			}
			b.WriteString(path[:end+1])
			path = path[end+1:]
		case path[0] == '*':
			path = path[1:]
		case strings.HasPrefix(path, "[]"):
			b.WriteString("[i]")
			path = path[2:]
		case strings.HasPrefix(path, "{}"):
			b.WriteString("[k]")
			path = path[2:]
		default:
			b.WriteString(path)
			path = ""
		}
	}
	return b.String()
}

// rootName names a root value for messages.
func rootName(v ssa.Value) string {
	if n := ssaval.VarName(v); n != "" {
		return n
	}
	if _, ok := v.(*ssa.Alloc); ok {
		return "(object)"
	}
	return "(value)"
}

// Addr returns the location that v, a pointer-like value of f.Fn (a
// pointer, slice, map or channel), refers to.
func (f *Frame) Addr(v ssa.Value) Loc {
	return f.addr(v, 0)
}

func (f *Frame) addr(v ssa.Value, depth int) Loc {
	l := f.addr1(v, depth)
	if l.name == "" {
		if n := sourceName(v); n != "" {
			l.name, l.nameAt = n, len(l.Path)
		}
	}
	return l
}

// sourceName returns the name of the variable whose value v is, if v is
// one; "".
func sourceName(v ssa.Value) string {
	switch v.(type) {
	case *ssa.Parameter, *ssa.FreeVar, *ssa.UnOp:
		return ssaval.VarName(v)
	}
	return ""
}

func (f *Frame) addr1(v ssa.Value, depth int) Loc {
	v, fr := f.Resolve(v)
	local := fr.Parent != nil
	if depth > 16 {
		return Loc{Root: v, Local: local}
	}
	switch x := v.(type) {
	case *ssa.Global:
		return Loc{Root: x}
	case *ssa.FieldAddr:
		base := fr.addr(x.X, depth+1)
		base.Path += "." + ssaval.FieldName(x.X.Type(), x.Field)
		return base
	case *ssa.IndexAddr:
		base := fr.addr(x.X, depth+1)
		base.Path += "[]"
		base.Indices = append(append([]Index(nil), base.Indices...), Index{x.Index, fr})
		return base
	case *ssa.Slice:
		return fr.addr(x.X, depth+1)
	case *ssa.UnOp:
		if x.Op.String() == "*" {
			// The object the pointer stored at x.X points to.
			base := fr.addr(x.X, depth+1)
			base.Path += "*"
			return base
		}
	case *ssa.Field:
		// A pointer-valued field of a struct value loaded from memory.
		if ld, ok := x.X.(*ssa.UnOp); ok && ld.Op.String() == "*" {
			base := fr.addr(ld.X, depth+1)
			base.Path += "." + ssaval.FieldName(x.X.Type(), x.Field) + "*"
			return base
		}
	}
	return Loc{Root: v, Local: local}
}

// SameValue reports whether a (of frame fa) and b (of frame fb) certainly
// denote the same value: the same resolved SSA value in the same frame, or
// equal constants.
func SameValue(fa *Frame, a ssa.Value, fb *Frame, b ssa.Value) bool {
	ra, fra := fa.Resolve(a)
	rb, frb := fb.Resolve(b)
	if ca, ok := ra.(*ssa.Const); ok {
		cb, ok := rb.(*ssa.Const)
		return ok && ca.Value != nil && cb.Value != nil && constant.Compare(ca.Value, token.EQL, cb.Value)
	}
	return ra == rb && (fra.Parent == nil && frb.Parent == nil || fra == frb)
}

// Base returns the value a lock or access path starts from, resolved
// towards the root like Resolve, looking through loads (paths such as
// c.mu dereference implicitly) and through variables assigned once with
// a pointer, so that "the receiver c of a method" and "the variable c of
// its caller holding &T{}" meet on the same value.
func (f *Frame) Base(v ssa.Value) (ssa.Value, *Frame) {
	for i := 0; i < 32; i++ {
		v, f = f.Resolve(v)
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.Alloc:
			if sv := ssaval.StoredOnce(x); sv != nil {
				if _, ok := sv.Type().Underlying().(*types.Pointer); ok {
					v = sv
					continue
				}
			}
		}
		break
	}
	return v, f
}

// FrameOf returns the frame, from f towards the root, that runs the
// function v belongs to, or nil.
func (f *Frame) FrameOf(v ssa.Value) *Frame {
	owner := v.Parent()
	if owner == nil {
		return nil
	}
	for ; f != nil; f = f.Parent {
		if f.Fn == owner {
			return f
		}
	}
	return nil
}

// StaticFrame returns a frame for fn in which the free variables of a
// closure resolve to the values its enclosing functions bind them to
// (when fn is made by a single MakeClosure), so that a closure's c and its
// parent's c compare equal. For a declared function it is a root frame.
func StaticFrame(fn *ssa.Function) *Frame {
	parent := fn.Parent()
	if parent == nil {
		return &Frame{Fn: fn}
	}
	pf := StaticFrame(parent)
	var mc *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if m, ok := instr.(*ssa.MakeClosure); ok && m.Fn == fn {
				if mc != nil {
					return &Frame{Fn: fn, Parent: pf, depth: pf.depth + 1}
				}
				mc = m
			}
		}
	}
	f := &Frame{Fn: fn, Parent: pf, Site: mc, bind: map[ssa.Value]binding{}, depth: pf.depth + 1}
	if mc != nil {
		for i, v := range mc.Bindings {
			if i < len(fn.FreeVars) {
				f.bind[fn.FreeVars[i]] = binding{v, pf}
			}
		}
	}
	return f
}

// ObjectPath returns the value an access path starts from and the field
// names selected from it, outermost first, looking through loads and
// through free variables bound in f's parents: c.cc.mu is (c, [cc mu]).
func (f *Frame) ObjectPath(v ssa.Value) (ssa.Value, []string) {
	var path []string
	for i := 0; i < 32; i++ {
		var fr *Frame
		v, fr = f.Base(v)
		f = fr
		switch x := v.(type) {
		case *ssa.FieldAddr:
			path = append([]string{ssaval.FieldName(x.X.Type(), x.Field)}, path...)
			v = x.X
			continue
		case *ssa.Field:
			path = append([]string{ssaval.FieldName(x.X.Type(), x.Field)}, path...)
			v = x.X
			continue
		case *ssa.Alloc:
			// A struct parameter spilled to a variable: the same value.
			if p := ssaval.SpilledParam(x); p != nil {
				v = p
				continue
			}
		}
		break
	}
	return v, path
}
