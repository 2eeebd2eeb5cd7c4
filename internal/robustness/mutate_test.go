package robustness_test

// Statement-level mutations. Byte-level mutations of Go source rarely
// parse, let alone type-check; these keep most programs valid while
// reshaping what the engines care about: paths (delete, duplicate, swap,
// move statements; wrap them in if, for, switch, select), closures and
// goroutines (wrap in func literals called, deferred or started), and the
// operations themselves (insert Lock, Unlock, defer Unlock, RLock, Wait,
// Sleep, sends, receives, returns, panics; flip Lock and Unlock).

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/txtar"
)

// maxOps bounds the mutations applied to one program.
const maxOps = 16

// helperDecls declares what inserted statements use; it is added once
// per mutated package. The imports are named so as not to clash with the
// program's own.
const helperDecls = `
var (
	fuzzCond bool
	fuzzN    int
	fuzzCh   = make(chan int, 1)
	fuzzMu   fuzzsync.Mutex
	fuzzRW   fuzzsync.RWMutex
	fuzzWG   fuzzsync.WaitGroup
	fuzzCV   = fuzzsync.NewCond(&fuzzMu)
)
`

// fileUses keeps the named imports used in every mutated file.
const fileUses = `
var _ = fuzztime.Sleep
var _ fuzzsync.Locker
`

// inserted are the statements an insert mutation adds.
var inserted = []string{
	"fuzzMu.Lock()",
	"fuzzMu.Unlock()",
	"defer fuzzMu.Unlock()",
	"fuzzRW.RLock()",
	"fuzzRW.RUnlock()",
	"fuzzRW.Lock()",
	"if fuzzMu.TryLock() { defer fuzzMu.Unlock() }",
	"fuzztime.Sleep(1)",
	"fuzzCh <- 1",
	"<-fuzzCh",
	"close(fuzzCh)",
	"for len(fuzzCh) > 0 { <-fuzzCh }",
	"fuzzWG.Add(1)",
	"fuzzWG.Done()",
	"fuzzWG.Wait()",
	"fuzzCV.Wait()",
	"fuzzCV.Signal()",
	"fuzzN++",
	"go func() { fuzzN++ }()",
	"fuzzWG.Go(func() { fuzzN++ })",
	"return",
	"panic(fuzzN)",
	"break",
	"continue",
	"select {}",
	"for { fuzztime.Sleep(1) }",
}

// flips are the method renames of a flip mutation.
var flips = map[string]string{
	"Lock": "Unlock", "Unlock": "Lock",
	"RLock": "RUnlock", "RUnlock": "RLock",
	"TryLock": "Lock", "Wait": "Signal", "Signal": "Wait",
	"Add": "Done", "Done": "Wait", "Go": "TryGo",
	"Acquire": "Release", "Release": "Acquire",
}

// A stmtList is a statement list the mutations edit, in file file.
type stmtList struct {
	list *[]ast.Stmt
	file int
	fn   *ast.FuncType // of the function whose body holds the list
	loop bool          // inside a loop of that function
}

// pinned reports whether deleting, moving or wrapping the statement at i
// of l would break the program by itself, so that mutations leave it be:
// a declaration (later statements use its names), a label, or the last
// statement of a list in a function with results (it may be the return
// the function needs).
func pinned(l stmtList, i int) bool {
	switch s := (*l.list)[i].(type) {
	case *ast.DeclStmt, *ast.LabeledStmt:
		return true
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			return true
		}
	}
	return i == len(*l.list)-1 && l.fn != nil && l.fn.Results != nil && len(l.fn.Results.List) > 0
}

// leaves reports whether s holds a return, break, continue or goto of
// its function (not of a function literal inside it): such a statement
// cannot move into a function literal.
func leaves(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			found = true
		}
		return !found
	})
	return found
}

// mutate applies the mutations that ops encodes, three bytes each (kind,
// and two selectors of the statement or node to act on), to the Go files
// of the archive, and returns the new archive. Files no mutation touched
// keep their text (and comments). It returns nil when the archive's
// files do not parse.
func mutate(ar *txtar.Archive, ops []byte) *txtar.Archive {
	fset := token.NewFileSet()
	type goFile struct {
		index int // in ar.Files
		file  *ast.File
		dir   string
	}
	var files []*goFile
	for i, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		// Comments are dropped: moved statements would carry them to
		// places where a line comment changes the meaning of the code.
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		dir := f.Name[:max(strings.LastIndex(f.Name, "/"), 0)]
		files = append(files, &goFile{i, file, dir + " " + file.Name.Name})
	}
	if len(files) == 0 {
		return nil
	}
	touched := map[int]bool{}
	for n := 0; n < maxOps && len(ops) >= 3; n++ {
		kind, a, b := int(ops[0]), int(ops[1]), int(ops[2])
		ops = ops[3:]
		var lists []stmtList
		var sels []*ast.SelectorExpr
		var selFile []int
		for i, gf := range files {
			clauses := map[*ast.BlockStmt]bool{} // bodies of switch and select: clauses only
			var funcs []*ast.FuncType            // enclosing functions
			var stack []ast.Node
			ast.Inspect(gf.file, func(n ast.Node) bool {
				if n == nil {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					if fn, ok := top.(*ast.FuncDecl); ok && fn.Body != nil {
						funcs = funcs[:len(funcs)-1]
					} else if _, ok := top.(*ast.FuncLit); ok {
						funcs = funcs[:len(funcs)-1]
					}
					return true
				}
				stack = append(stack, n)
				var fn *ast.FuncType
				if len(funcs) > 0 {
					fn = funcs[len(funcs)-1]
				}
				loop := false
			up:
				for j := len(stack) - 1; j >= 0; j-- {
					switch stack[j].(type) {
					case *ast.FuncLit, *ast.FuncDecl:
						break up
					case *ast.ForStmt, *ast.RangeStmt:
						loop = true
						break up
					}
				}
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Body != nil {
						funcs = append(funcs, n.Type)
					}
				case *ast.FuncLit:
					funcs = append(funcs, n.Type)
				case *ast.SwitchStmt:
					clauses[n.Body] = true
				case *ast.TypeSwitchStmt:
					clauses[n.Body] = true
				case *ast.SelectStmt:
					clauses[n.Body] = true
				case *ast.BlockStmt:
					if !clauses[n] {
						lists = append(lists, stmtList{&n.List, i, fn, loop})
					}
				case *ast.CaseClause:
					lists = append(lists, stmtList{&n.Body, i, fn, loop})
				case *ast.CommClause:
					lists = append(lists, stmtList{&n.Body, i, fn, loop})
				case *ast.SelectorExpr:
					if _, ok := flips[n.Sel.Name]; ok {
						sels = append(sels, n)
						selFile = append(selFile, i)
					}
				}
				return true
			})
		}
		if len(lists) == 0 {
			break
		}
		if kind%16 == 15 { // flip a method: Lock to Unlock, Wait to Signal...
			if len(sels) > 0 {
				i := (a<<8 | b) % len(sels)
				sels[i].Sel = ast.NewIdent(flips[sels[i].Sel.Name])
				touched[selFile[i]] = true
			}
			continue
		}
		l := lists[a%len(lists)]
		list := *l.list
		i := 0
		if len(list) > 0 {
			i = b % len(list)
		}
		touched[l.file] = true
		switch k := kind % 16; {
		case k <= 11 && k != 1 && len(list) > 0 && pinned(l, i):
			// leave it be
		case k == 0: // delete
			if len(list) > 0 {
				*l.list = append(list[:i:i], list[i+1:]...)
			}
		case k == 1: // duplicate
			if len(list) > 0 && !pinned(l, i) {
				*l.list = insertAt(list, i+1, list[i])
			}
		case k == 2: // swap with the next
			if i+1 < len(list) {
				list[i], list[i+1] = list[i+1], list[i]
			}
		case k == 3: // move to another list, of the same function if it leaves
			m := lists[(a+b+1)%len(lists)]
			if len(list) > 0 && (m.fn == l.fn || !leaves(list[i])) {
				s := list[i]
				*l.list = append(list[:i:i], list[i+1:]...)
				*m.list = insertAt(*m.list, b%(len(*m.list)+1), s)
				touched[m.file] = true
			}
		case k <= 11: // wrap, in an if rather than a function literal if it leaves
			if len(list) > 0 {
				how := k - 4
				if how >= 3 && how <= 5 && leaves(list[i]) {
					how = 0
				}
				list[i] = wrap(how, list[i])
			}
		default: // insert
			src := inserted[(a+b)%len(inserted)]
			if (src == "break" || src == "continue") && !l.loop {
				src = "return"
			}
			s := parseStmt(src)
			if s == nil {
				return nil
			}
			if ret, ok := s.(*ast.ReturnStmt); ok {
				ret.Results = zeroResults(l.fn)
			}
			*l.list = insertAt(list, min(i+kind/16%2, len(list)), s)
		}
	}

	out := &txtar.Archive{Comment: ar.Comment, Files: append([]txtar.File(nil), ar.Files...)}
	declared := map[string]bool{}
	for i, gf := range files {
		if !touched[i] {
			continue
		}
		astutil.AddNamedImport(fset, gf.file, "fuzzsync", "sync")
		astutil.AddNamedImport(fset, gf.file, "fuzztime", "time")
		var buf bytes.Buffer
		if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&buf, fset, gf.file); err != nil {
			return nil
		}
		buf.WriteString(fileUses)
		if !declared[gf.dir] {
			declared[gf.dir] = true
			buf.WriteString(helperDecls)
		}
		out.Files[gf.index].Data = buf.Bytes()
	}
	return out
}

func insertAt(list []ast.Stmt, i int, s ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list)+1)
	out = append(out, list[:i]...)
	out = append(out, s)
	return append(out, list[i:]...)
}

// wrap returns s wrapped in one of eight enclosing statements.
func wrap(how int, s ast.Stmt) ast.Stmt {
	block := &ast.BlockStmt{List: []ast.Stmt{s}}
	cond := func() ast.Expr { return ast.NewIdent("fuzzCond") }
	lit := func() *ast.CallExpr {
		return &ast.CallExpr{Fun: &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: block}}
	}
	switch how {
	case 0:
		return &ast.IfStmt{Cond: cond(), Body: block}
	case 1:
		return &ast.ForStmt{Cond: cond(), Body: block}
	case 2:
		return &ast.RangeStmt{X: &ast.BasicLit{Kind: token.INT, Value: "2"}, Body: block}
	case 3:
		return &ast.GoStmt{Call: lit()}
	case 4:
		return &ast.DeferStmt{Call: lit()}
	case 5:
		return &ast.ExprStmt{X: lit()}
	case 6:
		recv := &ast.ExprStmt{X: &ast.UnaryExpr{Op: token.ARROW, X: ast.NewIdent("fuzzCh")}}
		return &ast.SelectStmt{Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.CommClause{Comm: recv, Body: []ast.Stmt{s}},
			&ast.CommClause{},
		}}}
	default:
		return &ast.SwitchStmt{Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.CaseClause{List: []ast.Expr{cond()}, Body: []ast.Stmt{s}},
		}}}
	}
}

// parseStmt parses one statement.
func parseStmt(src string) ast.Stmt {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() { "+src+" }", parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	return f.Decls[0].(*ast.FuncDecl).Body.List[0]
}

// zeroResults returns the operands of a return statement in a function
// of type fn: none if its results are named or absent, else *new(T) for
// each result type T, the zero value of any type.
func zeroResults(fn *ast.FuncType) []ast.Expr {
	if fn == nil || fn.Results == nil {
		return nil
	}
	var out []ast.Expr
	for _, field := range fn.Results.List {
		if len(field.Names) > 0 {
			return nil
		}
		out = append(out, &ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{field.Type}}})
	}
	return out
}

// TestMutate checks that statement-level mutations mostly keep programs
// valid while changing them, which is what makes them worth more to the
// fuzzer than byte flips: over 64 pseudo-random op strings on each
// bundled example, at least a quarter of the mutants must type-check and
// differ from the original.
func TestMutate(t *testing.T) {
	for _, s := range seeds(t) {
		if !strings.HasPrefix(s.name, "testdata/") {
			continue
		}
		ar := txtar.Parse(s.archive)
		good := 0
		for i := range 64 {
			ops := make([]byte, 12)
			for j := range ops {
				ops[j] = byte((i*131 + j*29 + i*j*7) % 251)
			}
			m := mutate(ar, ops)
			if m == nil {
				t.Fatalf("%s: mutate failed on a valid program", s.name)
			}
			if bytes.Equal(txtar.Format(m), txtar.Format(ar)) {
				continue
			}
			if _, err := load(m); err == nil {
				good++
			}
		}
		if good < 16 {
			t.Errorf("%s: %d of 64 mutants are valid and changed, want at least 16", s.name, good)
		}
	}
}
