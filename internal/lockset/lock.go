package lockset

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// LockKind says what kind of resource a Lock is.
type LockKind uint8

// The kinds of locks the engine tracks.
const (
	Mutex       LockKind = iota // sync.Mutex, sync.RWMutex or a sync.Locker
	ChanSem                     // a channel used as a counting semaphore: send acquires, receive releases
	WeightedSem                 // a *semaphore.Weighted of golang.org/x/sync
)

// IsSem reports whether k is a counted semaphore rather than a mutex.
func (k LockKind) IsSem() bool { return k == ChanSem || k == WeightedSem }

func (k LockKind) String() string {
	switch k {
	case Mutex:
		return "mutex"
	case ChanSem:
		return "channel semaphore"
	case WeightedSem:
		return "semaphore"
	}
	return "?"
}

// RootKind says where the path naming a lock starts.
type RootKind uint8

// The roots of lock paths.
const (
	// RootOther: a value computed inside the function (a map lookup, a
	// call's result, an element of a slice). Only that very value is the
	// same lock; two such roots are never assumed equal.
	RootOther RootKind = iota
	// RootGlobal: a package-level variable (Lock.Global).
	RootGlobal
	// RootParam: a parameter of the function, the receiver being
	// parameter 0 of a method (Lock.Param).
	RootParam
	// RootLocal: a local variable of the function or of an enclosing one.
	RootLocal
)

// A Lock names a lock (or a counted semaphore) as a root and a path of
// field selections from it: c.mu is the root c (a parameter) and the
// path ["mu"]. Dereferences along the path are implicit.
//
// Within a function two Locks with the same Key are the same lock
// instance. Across functions, summaries speak of locks rooted at the
// callee's parameters (RootParam) and at package-level variables
// (RootGlobal): a call site substitutes its arguments for the
// parameters. Class names the lock independently of the instance, by
// the type that holds it: "(*example.com/pkg.Cache).mu", or by the
// package-level variable: "example.com/pkg.mu". Two instances of one
// class (from.mu and to.mu) have the same Class and different Keys.
type Lock struct {
	Kind   LockKind
	Root   RootKind
	Param  int      // RootParam: index among the function's parameters, the receiver first
	Global string   // RootGlobal: "import/path.name"
	Path   []string // field names selected from the root, outermost first
	// Class names the lock independently of the instance: by the type
	// holding it ("(*pkg.T).mu", internal/ssaval's class) or, rooted at a
	// package-level variable, by the variable ("pkg.v.mu"); "" when the
	// path has no named struct type and no such root.
	Class string
	// TypeClass is the class by type alone, also for a lock in a
	// package-level variable: v.mu of a var v T is "(*pkg.T).mu", the
	// class of the same lock reached through a method's receiver. It is
	// Class for every other root.
	TypeClass string
	Name      string // how the source names it: "c.mu", "mu", "pkg.mu"

	key    string      // instance identity within the analyzed function
	root   ssa.Value   // the root value (nil for locks decoded from facts)
	global *ssa.Global // RootGlobal: the variable, when resolved in this process
}

// GlobalVar returns the package-level variable a RootGlobal lock lives
// in, as seen from fn's program (the lock may come from another package's
// facts); nil for other locks or when the program does not have it.
func (l *Lock) GlobalVar(fn *ssa.Function) *ssa.Global {
	if l.Root != RootGlobal {
		return nil
	}
	if l.global != nil {
		return l.global
	}
	i := strings.LastIndexByte(l.Global, '.')
	if i < 0 || fn == nil || fn.Prog == nil {
		return nil
	}
	pkg := fn.Pkg // the package under analysis is not "imported"
	if pkg == nil || pkg.Pkg.Path() != l.Global[:i] {
		pkg = fn.Prog.ImportedPackage(l.Global[:i])
	}
	if pkg == nil {
		return nil
	}
	g, _ := pkg.Members[l.Global[i+1:]].(*ssa.Global)
	return g
}

// Key identifies the lock instance within the function being analyzed.
func (l *Lock) Key() string { return l.key }

// RootValue returns the SSA value the lock's path starts from, or nil
// for a package-level variable or a lock read from another package's
// facts.
func (l *Lock) RootValue() ssa.Value { return l.root }

// String returns the lock's name as the source spells it, "c.mu".
func (l *Lock) String() string { return l.Name }

// SameRoot reports whether l and o are paths from the same variable or
// value (c.mu and c.conn).
func (l *Lock) SameRoot(o *Lock) bool {
	if l == nil || o == nil || l.Root != o.Root {
		return false
	}
	if l.Root == RootGlobal {
		return l.Global == o.Global
	}
	return l.root != nil && l.root == o.root
}

// ShortClass returns Class with package paths shortened to their last
// element: "(*pkg.Cache).mu".
func (l *Lock) ShortClass() string { return shortenPaths(l.Class) }

// shortenPaths replaces every "a/b/c.Name" in s by "c.Name".
func shortenPaths(s string) string { return analysisutil.ShortenPaths(s) }

// extend returns the lock selected by path from l: the callee's
// param.f.g substituted with l for param.
func (l *Lock) extend(kind LockKind, path []string, class, typeClass string) *Lock {
	n := &Lock{
		Kind:      kind,
		Root:      l.Root,
		Param:     l.Param,
		Global:    l.Global,
		Path:      append(append([]string(nil), l.Path...), path...),
		Class:     class,
		TypeClass: typeClass,
		Name:      l.Name,
		key:       l.key,
		root:      l.root,
		global:    l.global,
	}
	if len(path) > 0 {
		n.Name += "." + strings.Join(path, ".")
		n.key += "." + strings.Join(path, ".")
	}
	if n.Class == "" && len(path) == 0 {
		n.Class, n.TypeClass = l.Class, l.TypeClass
	}
	n.key = kindPrefix(kind) + n.key[1:]
	return n
}

func kindPrefix(k LockKind) string {
	switch k {
	case ChanSem:
		return "s"
	case WeightedSem:
		return "w"
	}
	return "m"
}

// resolve names the lock whose address (or Locker interface, or
// channel) is v. It returns nil if v cannot be a lock. shared reports
// that v is the Locker returned by RWMutex.RLocker. The steps that keep a
// value's identity, field names and classes are internal/ssaval's; the
// loads, closure bindings and RLocker calls followed are the engine's.
func (pa *pkgAnalysis) resolve(v ssa.Value, kind LockKind) (l *Lock, shared bool) {
	return pa.resolveFrom(v, kind, nil)
}

// resolveFrom names the lock that tail selects from the value v (a
// pointer to a struct, or a struct): c and ["mu"] name c.mu. With no tail
// it is resolve.
func (pa *pkgAnalysis) resolveFrom(v ssa.Value, kind LockKind, tail []string) (l *Lock, shared bool) {
	path := append([]string(nil), tail...)
	var fieldFrom types.Type // the type the outermost selection of path is made from
	if len(path) > 0 {
		fieldFrom = v.Type()
	}
	for depth := 0; depth < 32; depth++ {
		if u := ssaval.Unwrap(v); u != nil {
			v = u
			continue
		}
		switch x := v.(type) {
		case *ssa.FieldAddr:
			if base, alias := pa.condL(x); base != nil {
				// A Cond's L: the Locker it was made with.
				v = base
				if alias != nil {
					path = append(append([]string(nil), alias.path...), path...)
					fieldFrom = base.Type()
					shared = shared || alias.shared
				}
				continue
			}
			name, _ := ssaval.Field(x.X.Type(), x.Field, true)
			if name == "" {
				return pa.opaque(v, kind, path, fieldFrom), shared
			}
			path = append([]string{name}, path...)
			fieldFrom = x.X.Type()
			v = x.X
			continue
		case *ssa.Field:
			name, _ := ssaval.Field(x.X.Type(), x.Field, false)
			if name == "" {
				return pa.opaque(v, kind, path, fieldFrom), shared
			}
			path = append([]string{name}, path...)
			fieldFrom = x.X.Type()
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.FreeVar:
			if b := pa.binding(x); b != nil {
				v = b
				continue
			}
		case *ssa.Alloc:
			// A parameter captured by a closure lives in a heap cell
			// holding nothing else: it is still the parameter.
			if p := ssaval.SpilledParam(x); p != nil {
				v = p
				continue
			}
		case *ssa.Call:
			// mu.RLocker() is mu, locked in shared mode.
			if op := syncop.Call(&x.Call); op.Kind == syncop.RLocker && op.Operand != nil {
				v = op.Operand
				shared = true
				continue
			}
		}
		break
	}
	class := ""
	if fieldFrom != nil {
		class = ssaval.Class(fieldFrom, path)
	}
	l = &Lock{Kind: kind, Path: path, Class: class, TypeClass: class, root: v}
	suffix := ""
	if len(path) > 0 {
		suffix = "." + strings.Join(path, ".")
	}
	switch x := v.(type) {
	case *ssa.Global:
		l.Root = RootGlobal
		l.root = nil
		l.global = x
		pkgPath := ""
		if x.Pkg != nil && x.Pkg.Pkg != nil {
			pkgPath = x.Pkg.Pkg.Path()
		}
		l.Global = pkgPath + "." + x.Name()
		// A package-level variable is one instance: its class is the
		// variable. By type, it is the class of its type's field, so that
		// the variable's lock and the lock of a method's receiver meet.
		l.Class = l.Global + suffix
		l.TypeClass = ssaval.Class(x.Type(), path)
		if l.TypeClass == "" {
			l.TypeClass = l.Class
		}
		l.Name = x.Name() + suffix
		if x.Pkg != nil && x.Pkg.Pkg != nil && x.Pkg.Pkg != pa.pass.Pkg {
			l.Name = x.Pkg.Pkg.Name() + "." + l.Name
		}
		l.key = kindPrefix(kind) + "g:" + l.Global + suffix
		return l, shared
	case *ssa.Parameter:
		l.Root = RootParam
		l.Param = ssaval.ParamIndex(x)
		l.Name = x.Name() + suffix
	case *ssa.Alloc:
		l.Root = RootLocal
		l.Name = ssaval.Name(x) + suffix
	case *ssa.Const:
		return nil, false // nil
	case *ssa.IndexAddr, *ssa.Index, *ssa.Lookup:
		// s.shards[i].mu: every evaluation of the index expression is a
		// new SSA value, but the same base and the same index value (or
		// constant) select the same element, so Lock and the matching
		// Unlock of a sharded lock name one instance.
		l.Root = RootOther
		l.Name = ssaval.Name(v) + suffix
		l.key = kindPrefix(kind) + "x:" + pa.elemKey(v, 0) + suffix
		return l, shared
	default:
		l.Root = RootOther
		l.Name = ssaval.Name(v) + suffix
	}
	l.key = fmt.Sprintf("%sv%d%s", kindPrefix(kind), pa.idOf(v), suffix)
	return l, shared
}

// elemKey names the element a chain of index, lookup, field and load
// operations selects: structurally, down to a root value named by its
// identity. Indices are constants or SSA values, so an index variable
// that changes between two evaluations (a phi) yields two keys.
func (pa *pkgAnalysis) elemKey(v ssa.Value, depth int) string {
	if depth > 16 {
		return fmt.Sprintf("v%d", pa.idOf(v))
	}
	switch x := v.(type) {
	case *ssa.IndexAddr:
		return pa.elemKey(x.X, depth+1) + "[" + pa.indexKey(x.Index) + "]"
	case *ssa.Index:
		return pa.elemKey(x.X, depth+1) + "[" + pa.indexKey(x.Index) + "]"
	case *ssa.Lookup:
		if !x.CommaOk {
			return pa.elemKey(x.X, depth+1) + "{" + pa.indexKey(x.Index) + "}"
		}
	case *ssa.FieldAddr:
		return pa.elemKey(x.X, depth+1) + fmt.Sprintf(".%d", x.Field)
	case *ssa.Field:
		return pa.elemKey(x.X, depth+1) + fmt.Sprintf(".%d", x.Field)
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return "*" + pa.elemKey(x.X, depth+1)
		}
	case *ssa.Global:
		return "g:" + x.RelString(nil)
	}
	return fmt.Sprintf("v%d", pa.idOf(v))
}

// indexKey names an index: its value when constant, else its SSA value.
func (pa *pkgAnalysis) indexKey(v ssa.Value) string {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		return c.Value.ExactString()
	}
	return fmt.Sprintf("v%d", pa.idOf(v))
}

// opaque names a lock reached through a value the engine cannot follow.
func (pa *pkgAnalysis) opaque(v ssa.Value, kind LockKind, path []string, fieldFrom types.Type) *Lock {
	suffix := ""
	if len(path) > 0 {
		suffix = "." + strings.Join(path, ".")
	}
	class := ""
	if fieldFrom != nil {
		class = ssaval.Class(fieldFrom, path)
	}
	return &Lock{
		Kind: kind, Root: RootOther, Path: path, Class: class, TypeClass: class,
		Name: ssaval.Name(v) + suffix,
		key:  fmt.Sprintf("%sv%d%s", kindPrefix(kind), pa.idOf(v), suffix),
		root: v,
	}
}
