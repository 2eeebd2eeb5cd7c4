package lockset

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"github.com/syncvet/syncvet/internal/ssaval"
	"github.com/syncvet/syncvet/internal/syncop"
)

// Lock contracts written by hand, in gVisor checklocks' comment syntax,
// so that code annotated for checklocks works unchanged:
//
//	type T struct {
//		mu sync.Mutex
//		// +checklocks:mu
//		n int             // guarded: every access holds t.mu (reads may hold it shared)
//		hint int          // +checklocksignore: no inferred guard for hint
//	}
//
//	// +checklocks:t.mu
//	func (t *T) bumpLocked() { t.n++ } // callers must hold t.mu; its body runs with it held
//
// On functions: +checklocks:P and +checklocksread:P (the caller holds
// the lock, exclusively or at least shared), +checklocksrelease[read]:P
// (held on entry, released inside), +checklocksacquire[read]:P and
// +checklocksexclude[write]:P (not held on entry), +checklocksignore (no
// access of the function is judged). P is a parameter (the receiver
// first), or a package-level variable, followed by fields: t.mu,
// globalMu, cfg.state.mu. On fields: +checklocks:F names a lock of the
// same struct (mu, inner.mu) or a package-level one; several lines mean
// every one is required; +checklocksignore leaves the field to no guard.
// An annotation overrides inference: an annotated function's lock context
// is its annotation, not what its callers hold, and an annotated field
// has no inferred guard. Annotations that name nothing, or no lock, are
// errors (Annotations.Errors), for a pass to report.

// A Spec is one lock an annotation names.
type Spec struct {
	Expr string // as written after the colon: "t.mu", "mu", "globalMu"
	// Param is the parameter a function's lock is rooted at (the
	// receiver being 0), or -1: at a package-level variable, or for a
	// field, at the struct holding the field.
	Param  int
	Global *types.Var // the package-level variable the path starts from, or nil
	Path   []string   // the fields selected from the root, outermost first
	Shared bool       // the read variants: a shared (read) lock is enough; +checklocksexcludewrite: a shared one is allowed
	Pos    token.Pos  // the comment
}

// FieldGuard is what annotations say of a struct field.
type FieldGuard struct {
	Field  *types.Var
	Guards []Spec // from the +checklocks lines: every one must be held at each access
	Ignore bool   // from +checklocksignore: no inferred guard
}

// Contract is what annotations say of a function.
type Contract struct {
	Requires []Spec // from +checklocks and +checklocksread
	Releases []Spec // from +checklocksrelease[read]: held on entry
	Acquires []Spec // from +checklocksacquire[read]: held on return
	Excludes []Spec // from +checklocksexclude[write]
	Ignore   bool   // from +checklocksignore: accesses are not judged
	// ResultAcquires are +checklocksacquire[read] on a result: the
	// caller gets the result with that lock held.
	ResultAcquires []ResultLock
	// Aliases are +checklocksalias:A=B: the locks the source names A and
	// B (p.inner.mu, p.mu) are one lock in the function.
	Aliases [][2]string
}

// Entry returns the locks held when the function is entered.
func (c *Contract) Entry() []Spec {
	if c == nil {
		return nil
	}
	return append(append([]Spec(nil), c.Requires...), c.Releases...)
}

// A ResultLock is a lock of a function's result: Spec.Path from result
// number Result.
type ResultLock struct {
	Result int
	Spec   Spec
}

// An AnnotError is a malformed annotation, or one that names no lock.
type AnnotError struct {
	Pos token.Pos
	Msg string
}

// Annotations are the package's checklocks annotations.
type Annotations struct {
	Fields map[*types.Var]*FieldGuard // by the field (its generic origin)
	// Vars are the guarded package-level variables (+checklocks:mu on a
	// var declaration or its group), each with package-level locks.
	Vars map[*types.Var]*FieldGuard
	// Aliases are +checklocksalias:A=B on a type: within a value of the
	// type, the lock at path A is the lock at path B.
	Aliases map[*types.TypeName][][2][]string
	Funcs   map[*types.Func]*Contract // by the declared function (its generic origin)
	Errors  []AnnotError
	// Force holds the lines ("file:line") that end in a +checklocksforce
	// comment: the access there is taken as guarded.
	Force map[string]bool
}

// Field returns the annotations of the field v, or nil.
func (a *Annotations) Field(v *types.Var) *FieldGuard {
	if a == nil || v == nil {
		return nil
	}
	return a.Fields[v.Origin()]
}

// Func returns the contract of the function fn, or nil.
func (a *Annotations) Func(fn *types.Func) *Contract {
	if a == nil || fn == nil {
		return nil
	}
	return a.Funcs[fn.Origin()]
}

// annotation kinds, by where they may appear.
var (
	fieldKinds = map[string]bool{"checklocks": true, "checklocksignore": true, "checklocksreadany": true}
	funcKinds  = map[string]bool{
		"checklocks": true, "checklocksread": true,
		"checklocksrelease": true, "checklocksreleaseread": true,
		"checklocksacquire": true, "checklocksacquireread": true,
		"checklocksexclude": true, "checklocksexcludewrite": true,
		"checklocksignore": true, "checklocksalias": true,
	}
	lineKinds = map[string]bool{"checklocksforce": true, "checklocksfail": true}
)

// annotation is one +checklocks... comment line.
type annotation struct {
	kind, arg string
	pos       token.Pos
}

// annotationLine matches "+checklocksKIND[:ARG]", then the end of the
// line or free text after a space or a colon; prose that merely starts
// with the word ("+checklocks, so that...") is no annotation.
var annotationLine = regexp.MustCompile(`^\+(checklocks[a-z]*)(?::([A-Za-z_][A-Za-z0-9_.]*(?:=[A-Za-z_][A-Za-z0-9_.]*)?))?(?:$|[\s:])`)

// parseLine reads an annotation from a comment's text; ok is false when
// the line is no annotation.
func parseLine(text string) (kind, arg string, ok bool) {
	m := annotationLine.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// annotationsOf returns the annotation lines of a comment group.
func annotationsOf(g *ast.CommentGroup) []annotation {
	if g == nil {
		return nil
	}
	var out []annotation
	for _, c := range g.List {
		text := c.Text
		switch {
		case strings.HasPrefix(text, "//"):
			text = text[2:]
		case strings.HasPrefix(text, "/*"):
			text = strings.TrimSuffix(text[2:], "*/")
		}
		for _, line := range strings.Split(text, "\n") {
			if kind, arg, ok := parseLine(line); ok {
				out = append(out, annotation{kind: kind, arg: arg, pos: c.Slash})
			}
		}
	}
	return out
}

// hasAnnotations reports whether any comment of the files mentions
// +checklocks, so that packages without annotations are not walked.
func hasAnnotations(files []*ast.File) bool {
	for _, f := range files {
		for _, g := range f.Comments {
			for _, c := range g.List {
				if strings.Contains(c.Text, "+checklocks") {
					return true
				}
			}
		}
	}
	return false
}

// parseAnnotations reads the package's annotations; nil when it has none.
func parseAnnotations(fset *token.FileSet, pkg *types.Package, info *types.Info, files []*ast.File) *Annotations {
	if !hasAnnotations(files) {
		return nil
	}
	a := &Annotations{Fields: map[*types.Var]*FieldGuard{}, Funcs: map[*types.Func]*Contract{}, Force: map[string]bool{},
		Vars: map[*types.Var]*FieldGuard{}, Aliases: map[*types.TypeName][][2][]string{}}
	errorf := func(pos token.Pos, format string, args ...any) {
		a.Errors = append(a.Errors, AnnotError{Pos: pos, Msg: fmt.Sprintf(format, args...)})
	}
	used := map[token.Pos]bool{} // comments read as a field's or a function's
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				obj, _ := info.Defs[n.Name].(*types.Func)
				if obj == nil {
					return true
				}
				for _, an := range annotationsOf(n.Doc) {
					used[an.pos] = true
					a.funcAnnotation(pkg, obj, an, errorf)
				}
			case *ast.StructType:
				tv, ok := info.Types[n]
				if !ok {
					return true
				}
				owner, ok := tv.Type.Underlying().(*types.Struct)
				if !ok {
					return true
				}
				for _, fld := range n.Fields.List {
					var anns []annotation
					anns = append(anns, annotationsOf(fld.Doc)...)
					anns = append(anns, annotationsOf(fld.Comment)...)
					for _, an := range anns {
						used[an.pos] = true
						if lineKinds[an.kind] {
							continue
						}
						for _, name := range fld.Names {
							if v, ok := info.Defs[name].(*types.Var); ok {
								a.fieldAnnotation(pkg, owner, v, an, errorf)
							}
						}
						if len(fld.Names) == 0 { // an embedded field
							if tv, ok := info.Types[fld.Type]; ok {
								a.embeddedAnnotation(pkg, owner, tv.Type, an, errorf)
							}
						}
					}
				}
			}
			return true
		})
		// Line annotations anywhere; the others on a declaration they
		// do not apply to (a type, a variable) are errors.
		for _, g := range f.Comments {
			for _, an := range annotationsOf(g) {
				if !used[an.pos] && an.kind == "checklocksforce" {
					p := fset.Position(an.pos)
					a.Force[fmt.Sprintf("%s:%d", p.Filename, p.Line)] = true
				}
			}
		}
		misplaced := func(g *ast.CommentGroup) {
			for _, an := range annotationsOf(g) {
				if used[an.pos] || lineKinds[an.kind] {
					continue
				}
				used[an.pos] = true
				if fieldKinds[an.kind] || funcKinds[an.kind] {
					errorf(an.pos, "+%s applies to a struct field or a function declaration, not to this declaration", an.kind)
				} else {
					errorf(an.pos, "unknown annotation +%s", an.kind)
				}
			}
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			switch gd.Tok {
			case token.VAR:
				// A guarded package-level variable: the annotation on the
				// group applies to every variable of it.
				group := annotationsOf(gd.Doc)
				for _, sp := range gd.Specs {
					vs := sp.(*ast.ValueSpec)
					anns := append(append(append([]annotation(nil), group...), annotationsOf(vs.Doc)...), annotationsOf(vs.Comment)...)
					for _, an := range anns {
						used[an.pos] = true
						if lineKinds[an.kind] {
							continue
						}
						for _, name := range vs.Names {
							if v, ok := info.Defs[name].(*types.Var); ok && name.Name != "_" {
								a.varAnnotation(pkg, v, an, errorf)
							}
						}
					}
				}
			case token.TYPE:
				for _, sp := range gd.Specs {
					ts := sp.(*ast.TypeSpec)
					anns := annotationsOf(ts.Doc)
					if len(gd.Specs) == 1 {
						anns = append(anns, annotationsOf(gd.Doc)...)
					}
					for _, an := range anns {
						if an.kind != "checklocksalias" {
							continue
						}
						used[an.pos] = true
						tn, _ := info.Defs[ts.Name].(*types.TypeName)
						l, r, ok := strings.Cut(an.arg, "=")
						if tn == nil || !ok || l == "" || r == "" {
							errorf(an.pos, "+checklocksalias:%s: write +checklocksalias:inner.mu=mu", an.arg)
							continue
						}
						a.Aliases[tn] = append(a.Aliases[tn], [2][]string{strings.Split(l, "."), strings.Split(r, ".")})
					}
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				misplaced(n.Doc)
			case *ast.TypeSpec:
				misplaced(n.Doc)
				misplaced(n.Comment)
			case *ast.ValueSpec:
				misplaced(n.Doc)
				misplaced(n.Comment)
			}
			return true
		})
	}
	for _, fg := range a.Fields {
		sort.Slice(fg.Guards, func(i, j int) bool { return fg.Guards[i].Pos < fg.Guards[j].Pos })
	}
	return a
}

// embeddedAnnotation finds the field var of an embedded field whose
// object is not recorded as an implicit (a type name): the struct's field
// of that name.
func (a *Annotations) embeddedAnnotation(pkg *types.Package, s *types.Struct, t types.Type, an annotation, errorf func(token.Pos, string, ...any)) {
	for i := 0; i < s.NumFields(); i++ {
		if f := s.Field(i); f.Embedded() && types.Identical(f.Type(), t) {
			a.fieldAnnotation(pkg, s, f, an, errorf)
		}
	}
}

func (a *Annotations) fieldAnnotation(pkg *types.Package, owner *types.Struct, v *types.Var, an annotation, errorf func(token.Pos, string, ...any)) {
	if !fieldKinds[an.kind] {
		if funcKinds[an.kind] {
			errorf(an.pos, "+%s applies to functions; a field takes +checklocks or +checklocksignore", an.kind)
		} else {
			errorf(an.pos, "unknown annotation +%s", an.kind)
		}
		return
	}
	v = v.Origin()
	fg := a.Fields[v]
	if fg == nil {
		fg = &FieldGuard{Field: v}
		a.Fields[v] = fg
	}
	switch an.kind {
	case "checklocksignore":
		fg.Ignore = true
		return
	case "checklocksreadany":
		return // an atomic field's reads need no lock: atomics are not checked here
	}
	if an.arg == "" {
		errorf(an.pos, "+checklocks on field %s names no lock; write +checklocks:mu", v.Name())
		return
	}
	parts := strings.Split(an.arg, ".")
	spec := Spec{Expr: an.arg, Param: -1, Pos: an.pos}
	var t types.Type
	if owner != nil {
		for i := 0; i < owner.NumFields(); i++ {
			if f := owner.Field(i); f.Name() == parts[0] {
				t = f.Type()
			}
		}
	}
	if t == nil {
		g, _ := pkg.Scope().Lookup(parts[0]).(*types.Var)
		if g == nil {
			errorf(an.pos, "+checklocks:%s: %s is no field of the struct and no package-level variable", an.arg, parts[0])
			return
		}
		spec.Global, t = g, g.Type()
		spec.Path = parts[1:]
	} else {
		spec.Path = parts
		t = nil // resolved again along the whole path below
	}
	if !lockPath(owner, spec, t, an, errorf) {
		return
	}
	if spec.Global == nil && len(spec.Path) == 1 && spec.Path[0] == v.Name() {
		errorf(an.pos, "+checklocks:%s: the field cannot guard itself", an.arg)
		return
	}
	fg.Guards = append(fg.Guards, spec)
}

// varAnnotation reads an annotation of a package-level variable: its
// lock is a package-level one (mu, or cfg.mu).
func (a *Annotations) varAnnotation(pkg *types.Package, v *types.Var, an annotation, errorf func(token.Pos, string, ...any)) {
	if v.Parent() != pkg.Scope() {
		errorf(an.pos, "+%s applies to a struct field, a package-level variable or a function declaration", an.kind)
		return
	}
	if an.kind != "checklocks" && an.kind != "checklocksignore" {
		errorf(an.pos, "+%s does not apply to a variable; a variable takes +checklocks or +checklocksignore", an.kind)
		return
	}
	fg := a.Vars[v]
	if fg == nil {
		fg = &FieldGuard{Field: v}
		a.Vars[v] = fg
	}
	if an.kind == "checklocksignore" {
		fg.Ignore = true
		return
	}
	parts := strings.Split(an.arg, ".")
	g, _ := pkg.Scope().Lookup(parts[0]).(*types.Var)
	if an.arg == "" || g == nil {
		errorf(an.pos, "+checklocks:%s on %s: %s is no package-level variable", an.arg, v.Name(), parts[0])
		return
	}
	spec := Spec{Expr: an.arg, Param: -1, Global: g, Path: parts[1:], Pos: an.pos}
	if !lockPath(nil, spec, g.Type(), an, errorf) {
		return
	}
	fg.Guards = append(fg.Guards, spec)
}

func (a *Annotations) funcAnnotation(pkg *types.Package, fn *types.Func, an annotation, errorf func(token.Pos, string, ...any)) {
	if !funcKinds[an.kind] {
		errorf(an.pos, "unknown annotation +%s", an.kind)
		return
	}
	c := a.Funcs[fn]
	if c == nil {
		c = &Contract{}
		a.Funcs[fn] = c
	}
	switch an.kind {
	case "checklocksignore":
		c.Ignore = true
		return
	case "checklocksalias":
		if l, r, ok := strings.Cut(an.arg, "="); ok && l != "" && r != "" {
			c.Aliases = append(c.Aliases, [2]string{l, r})
		} else {
			errorf(an.pos, "+checklocksalias:%s: write +checklocksalias:a.b.mu=a.mu", an.arg)
		}
		return
	}
	if an.arg == "" {
		errorf(an.pos, "+%s on %s names no lock; write +%s:param.mu", an.kind, fn.Name(), an.kind)
		return
	}
	sig := fn.Type().(*types.Signature)
	parts := strings.Split(an.arg, ".")
	// The read variants ask for a lock held at least shared; the write
	// variant of exclude forbids it held exclusively only.
	spec := Spec{Expr: an.arg, Param: -1, Path: parts[1:], Pos: an.pos,
		Shared: strings.HasSuffix(an.kind, "read") || an.kind == "checklocksexcludewrite"}
	var root types.Type
	idx := 0
	if r := sig.Recv(); r != nil {
		if r.Name() == parts[0] {
			spec.Param, root = 0, r.Type()
		}
		idx = 1
	}
	for i := 0; root == nil && i < sig.Params().Len(); i++ {
		if p := sig.Params().At(i); p.Name() == parts[0] {
			spec.Param, root = idx+i, p.Type()
		}
	}
	if root == nil {
		for i := 0; i < sig.Results().Len(); i++ {
			if r := sig.Results().At(i); r.Name() == parts[0] {
				// A result's lock: it has no name on entry; an acquire
				// says the caller gets the result with it held.
				rs := Spec{Expr: an.arg, Param: -1, Path: parts[1:], Pos: an.pos, Shared: strings.HasSuffix(an.kind, "read")}
				if strings.HasPrefix(an.kind, "checklocksacquire") && lockPath(nil, rs, r.Type(), an, errorf) {
					c.ResultAcquires = append(c.ResultAcquires, ResultLock{Result: i, Spec: rs})
				}
				return
			}
		}
		g, _ := pkg.Scope().Lookup(parts[0]).(*types.Var)
		if g == nil {
			errorf(an.pos, "+%s:%s: %s is no parameter of %s and no package-level variable", an.kind, an.arg, parts[0], fn.Name())
			return
		}
		spec.Global, root = g, g.Type()
	}
	if !lockPath(nil, spec, root, an, errorf) {
		return
	}
	switch an.kind {
	case "checklocks", "checklocksread":
		c.Requires = append(c.Requires, spec)
	case "checklocksrelease", "checklocksreleaseread":
		c.Releases = append(c.Releases, spec)
	case "checklocksacquire", "checklocksacquireread":
		c.Acquires = append(c.Acquires, spec)
	default:
		c.Excludes = append(c.Excludes, spec)
	}
}

// lockPath checks that spec's path, from the root type t (or, when t is
// nil, from the struct owner), selects fields and ends at a lock.
func lockPath(owner *types.Struct, spec Spec, t types.Type, an annotation, errorf func(token.Pos, string, ...any)) bool {
	for i, name := range spec.Path {
		var st *types.Struct
		if t == nil && i == 0 {
			st = owner
		} else {
			if e := ssaval.Elem(t); e != nil {
				t = e
			}
			st, _ = ssaval.CoreType(t).(*types.Struct)
		}
		var next types.Type
		if st != nil {
			for j := 0; j < st.NumFields(); j++ {
				if st.Field(j).Name() == name {
					next = st.Field(j).Type()
				}
			}
		}
		if next == nil {
			errorf(an.pos, "+%s:%s: no field %s", an.kind, an.arg, name)
			return false
		}
		t = next
	}
	if t == nil || !syncop.IsLockType(t) {
		errorf(an.pos, "+%s:%s does not name a sync.Mutex, sync.RWMutex or sync.Locker", an.kind, an.arg)
		return false
	}
	return true
}
