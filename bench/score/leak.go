package main

// The runtime's goroutine-leak corpus,
// GOROOT/src/runtime/testdata/testgoroutineleakprofile: two package main
// programs (the micro tests and common patterns at its top, the GoKer
// kernels in goker/), each case registered by name with register, and
// the leaks each case must show listed in
// GOROOT/src/runtime/goroutineleakprofile_test.go.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The corpus and its expectations, relative to GOROOT.
const (
	leakCorpusDir = "src/runtime/testdata/testgoroutineleakprofile"
	leakTestFile  = "src/runtime/goroutineleakprofile_test.go"
)

// leakTopFiles are the files of the corpus's top program that are
// analyzed: its main and the micro tests and common patterns. Its
// stresstests.go is not: the runtime's test does not "strictly care about
// their output" (they are flaky on purpose), and its cases are skipped.
var leakTopFiles = []string{"main.go", "simple.go", "commonpatterns.go"}

// The corpus's package directories in the module it is copied to.
const (
	topDir   = "."
	gokerDir = "goker"
)

// copyLeakCorpus copies the corpus of goroot into a module in dir: the
// top program at the module's root, the kernels in goker/.
func copyLeakCorpus(goroot, dir string) error {
	src := filepath.Join(goroot, filepath.FromSlash(leakCorpusDir))
	if err := writeModule(dir, "leakcorpus"); err != nil {
		return err
	}
	for _, name := range leakTopFiles {
		if err := copyFile(filepath.Join(src, name), filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	paths, err := filepath.Glob(filepath.Join(src, gokerDir, "*.go"))
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fmt.Errorf("%s: no kernel", filepath.Join(src, gokerDir))
	}
	if err := os.MkdirAll(filepath.Join(dir, gokerDir), 0o755); err != nil {
		return err
	}
	for _, p := range paths {
		if err := copyFile(p, filepath.Join(dir, gokerDir, filepath.Base(p))); err != nil {
			return err
		}
	}
	return nil
}

// A leakCase is one case of the runtime's test and the leaks it expects.
type leakCase struct {
	Name  string
	Flaky bool // made with makeFlakyTest: its leaks are real, but they do not always show at run time
	Leaks []expectedLeak
}

// An expectedLeak is one leaked goroutine a case expects.
type expectedLeak struct {
	Pattern string // the regexp of the test, matched against "function [wait reason]"
	Func    string // the goroutine's function, as the runtime names it: "(*T).M.func1"
	Wait    string // its wait reason, as the pattern spells it: "sync.(RW)?Mutex.Lock"
}

// parseExpectations reads the test cases of goroutineleakprofile_test.go:
// the calls makeTest(name, leak...) and makeFlakyTest(name, leak...), each
// leak a regexp of the leaked goroutine's function (its bottom frame, the
// function the go statement started) and its wait reason, as in
// `Cockroach584\.func2\(.* \[sync\.Mutex\.Lock\]`. Cases commented out are
// not calls and are not read.
func parseExpectations(src []byte) ([]leakCase, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, leakTestFile, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var cases []leakCase
	var perr error
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || perr != nil {
			return perr == nil
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Name != "makeTest" && id.Name != "makeFlakyTest" {
			return true
		}
		at := fset.Position(call.Pos())
		var strs []string
		for _, arg := range call.Args {
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				perr = fmt.Errorf("%s: %s's arguments are not all string literals", at, id.Name)
				return false
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				perr = fmt.Errorf("%s: %v", at, err)
				return false
			}
			strs = append(strs, s)
		}
		if len(strs) == 0 {
			perr = fmt.Errorf("%s: %s without a name", at, id.Name)
			return false
		}
		c := leakCase{Name: strs[0], Flaky: id.Name == "makeFlakyTest"}
		for _, pat := range strs[1:] {
			if _, err := regexp.Compile(pat); err != nil {
				perr = fmt.Errorf("%s: case %s: %v", at, c.Name, err)
				return false
			}
			fn, wait, err := leakFunc(pat)
			if err != nil {
				perr = fmt.Errorf("%s: case %s: %v", at, c.Name, err)
				return false
			}
			c.Leaks = append(c.Leaks, expectedLeak{Pattern: pat, Func: fn, Wait: wait})
		}
		cases = append(cases, c)
		return true
	})
	if perr != nil {
		return nil, perr
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: no makeTest or makeFlakyTest call", leakTestFile)
	}
	return cases, nil
}

// funcNameRE is what a leak's function looks like once unescaped.
var funcNameRE = regexp.MustCompile(`^(\(\*?[A-Za-z_]\w*\)|[A-Za-z_]\w*)(\.\w+)*$`)

// leakFunc splits a leak pattern into the goroutine's function and the
// wait reason: `\(\*T\)\.M\.func1\(.* \[chan send\]` gives "(*T).M.func1"
// and "chan send". The patterns escape the dots and parentheses of the
// name, or not (`Mixed\.func1.1`, `\(*T\)`), and end it with `\(.*`,
// `.*` or nothing.
func leakFunc(pattern string) (fn, wait string, err error) {
	i := strings.LastIndex(pattern, ` \[`)
	if i < 0 || !strings.HasSuffix(pattern, `\]`) {
		return "", "", fmt.Errorf("leak %q: no wait reason in brackets", pattern)
	}
	wait = unescape(pattern[i+len(` \[`) : len(pattern)-len(`\]`)])
	name := strings.TrimSuffix(pattern[:i], ".*")
	name = strings.TrimSuffix(name, `\(`)
	name = unescape(name)
	if !funcNameRE.MatchString(name) {
		return "", "", fmt.Errorf("leak %q: %q is not a function name", pattern, name)
	}
	return name, wait, nil
}

func unescape(s string) string {
	return strings.NewReplacer(`\.`, ".", `\(`, "(", `\)`, ")", `\*`, "*").Replace(s)
}

// A funcName is a function as the runtime names it, split: a function or
// method and the path of closures in it ("F.func2.1" is the first
// closure of the second closure of F).
type funcName struct {
	Recv     string // the receiver's type name, without *; "" for a function
	Name     string
	Closures []int
}

var (
	closureRE = regexp.MustCompile(`^func([1-9][0-9]*)$`)
	// compilerRE matches the names the compiler gives what it generates:
	// closures, and the wrappers of go and defer statements (which have no
	// source of their own).
	compilerRE = regexp.MustCompile(`^(func|gowrap|deferwrap)[0-9]+$`)
)

// parseFuncName splits "(*T).M.func1", "T.M.func1.2", "F.func3" or "F".
func parseFuncName(s string) (funcName, error) {
	var fn funcName
	var segs []string
	if rest, ok := strings.CutPrefix(s, "("); ok {
		recv, after, ok := strings.Cut(rest, ")")
		if !ok || !strings.HasPrefix(after, ".") {
			return fn, fmt.Errorf("%q: bad receiver", s)
		}
		fn.Recv = strings.TrimPrefix(recv, "*")
		segs = strings.Split(after[1:], ".")
		fn.Name, segs = segs[0], segs[1:]
	} else {
		segs = strings.Split(s, ".")
		fn.Name, segs = segs[0], segs[1:]
		if len(segs) > 0 && !compilerRE.MatchString(segs[0]) {
			fn.Recv, fn.Name, segs = fn.Name, segs[0], segs[1:]
		}
	}
	for i, seg := range segs {
		numeral := seg
		if i == 0 {
			m := closureRE.FindStringSubmatch(seg)
			if m == nil {
				return fn, fmt.Errorf("%q: %q is not funcN", s, seg)
			}
			numeral = m[1]
		}
		n, err := strconv.Atoi(numeral)
		if err != nil || n < 1 {
			return fn, fmt.Errorf("%q: %q is not a closure number", s, seg)
		}
		fn.Closures = append(fn.Closures, n)
	}
	if fn.Name == "" {
		return fn, fmt.Errorf("%q: no function name", s)
	}
	return fn, nil
}

// A corpusPkg is one package of the corpus, parsed.
type corpusPkg struct {
	Dir   string // relative to the module
	fset  *token.FileSet
	files map[string]*ast.File // by path relative to the module
	names []string             // the files' paths, sorted
	funcs map[string]*ast.FuncDecl
	file  map[*ast.FuncDecl]string
	gos   []goStmt
	regs  []registration
}

// A goStmt is a go statement of the package: where it is, and what it
// starts.
type goStmt struct {
	At   span
	Lit  *ast.FuncLit // go func() { ... }()
	Name string       // go f(...) or go x.m(...): f or m
}

// A registration is a register(name, fn) call: a case of the program.
type registration struct {
	Case, Func, File string
}

// funcKey is how corpusPkg.funcs names a function or a method.
func funcKey(recv, name string) string {
	if recv == "" {
		return name
	}
	return recv + "." + name
}

// parseCorpusPkg parses the .go files of dir (relative to the module in
// root) and indexes their functions, go statements and registrations.
func parseCorpusPkg(root, dir string) (*corpusPkg, error) {
	paths, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
	if err != nil {
		return nil, err
	}
	p := &corpusPkg{
		Dir:   dir,
		fset:  token.NewFileSet(),
		files: map[string]*ast.File{},
		funcs: map[string]*ast.FuncDecl{},
		file:  map[*ast.FuncDecl]string{},
	}
	for _, path := range paths {
		name := filepath.ToSlash(filepath.Join(dir, filepath.Base(path)))
		f, err := parser.ParseFile(p.fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.add(name, f)
	}
	return p, nil
}

// add indexes the file f, named name.
func (p *corpusPkg) add(name string, f *ast.File) {
	p.files[name] = f
	p.names = append(p.names, name)
	sort.Strings(p.names)
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		recv := ""
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			recv = recvTypeName(fd.Recv.List[0].Type)
		}
		p.funcs[funcKey(recv, fd.Name.Name)] = fd
		p.file[fd] = name
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			g := goStmt{At: p.lineSpan(name, n)}
			switch fun := ast.Unparen(n.Call.Fun).(type) {
			case *ast.FuncLit:
				g.Lit = fun
			case *ast.Ident:
				g.Name = fun.Name
			case *ast.SelectorExpr:
				g.Name = fun.Sel.Name
			}
			p.gos = append(p.gos, g)
		case *ast.CallExpr:
			id, ok := n.Fun.(*ast.Ident)
			if !ok || id.Name != "register" || len(n.Args) != 2 {
				break
			}
			lit, ok1 := n.Args[0].(*ast.BasicLit)
			fn, ok2 := n.Args[1].(*ast.Ident)
			if !ok1 || !ok2 || lit.Kind != token.STRING {
				break
			}
			if c, err := strconv.Unquote(lit.Value); err == nil {
				p.regs = append(p.regs, registration{Case: c, Func: fn.Name, File: name})
			}
		}
		return true
	})
}

// recvTypeName returns T for a receiver of type T, *T, T[P] or *T[P].
func recvTypeName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// lineSpan is the extent of the line on which n starts.
func (p *corpusPkg) lineSpan(name string, n ast.Node) span {
	at := p.fset.Position(n.Pos())
	return span{File: name, Start: pos{at.Line, 1}, End: pos{at.Line, 1 << 30}}
}

// directClosures returns the function literals whose nearest enclosing
// function is body's, in source order: the compiler names them func1,
// func2... in a declared function, and 1, 2... in a closure.
func directClosures(body *ast.BlockStmt) []*ast.FuncLit {
	var lits []*ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			lits = append(lits, lit)
			return false
		}
		return true
	})
	return lits
}

// A goroutineFunc is where a goroutine's function lies: its body, less the
// function literals in it that other go statements start (other
// goroutines), and the go statements that start it.
type goroutineFunc struct {
	Body   span
	Holes  []span
	Starts []span
}

// has reports whether a finding at file:p lies in the goroutine's
// function or at a go statement that starts it.
func (g goroutineFunc) has(file string, p pos) bool {
	for _, s := range g.Starts {
		if s.contains(file, p) {
			return true
		}
	}
	if !g.Body.contains(file, p) {
		return false
	}
	for _, h := range g.Holes {
		if h.contains(file, p) {
			return false
		}
	}
	return true
}

// resolve finds the function the runtime calls name in p. The go
// statements that start a declared function or method are found by its
// name, in its own file (each kernel is a file of its own; without types,
// a method of another type with the same name in that file counts too).
func (p *corpusPkg) resolve(name string) (goroutineFunc, error) {
	fn, err := parseFuncName(name)
	if err != nil {
		return goroutineFunc{}, err
	}
	decl := p.funcs[funcKey(fn.Recv, fn.Name)]
	if decl == nil {
		return goroutineFunc{}, fmt.Errorf("%s: no function %s in %s", name, funcKey(fn.Recv, fn.Name), p.Dir)
	}
	file := p.file[decl]
	body := decl.Body
	var lit *ast.FuncLit
	for i, n := range fn.Closures {
		lits := directClosures(body)
		if n > len(lits) {
			return goroutineFunc{}, fmt.Errorf("%s: closure %d of %d at level %d", name, n, len(lits), i+1)
		}
		lit = lits[n-1]
		body = lit.Body
	}
	g := goroutineFunc{Body: spanOf(p.fset, file, body)}
	for _, gs := range p.gos {
		if gs.Lit != nil && gs.Lit != lit && g.Body.contains(gs.At.File, spanOf(p.fset, gs.At.File, gs.Lit).Start) {
			g.Holes = append(g.Holes, spanOf(p.fset, gs.At.File, gs.Lit.Body))
		}
		if lit != nil && gs.Lit == lit || lit == nil && gs.Name == fn.Name && gs.At.File == file {
			g.Starts = append(g.Starts, gs.At)
		}
	}
	return g, nil
}

// caseSpans returns where the code of the case registered by r lies: the
// whole file when the file registers no other case (a GoKer kernel);
// otherwise the registered function and the functions of its file that it
// refers to by name, transitively, other than other cases' functions.
func (p *corpusPkg) caseSpans(r registration) []span {
	others := map[string]bool{}
	for _, o := range p.regs {
		if o.File == r.File && o.Case != r.Case {
			others[o.Func] = true
		}
	}
	if len(others) == 0 {
		return []span{{File: r.File, Start: pos{1, 1}, End: pos{1 << 30, 1 << 30}}}
	}
	byName := map[string][]*ast.FuncDecl{}
	for _, d := range p.files[r.File].Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !(fd.Recv == nil && others[fd.Name.Name]) {
			byName[fd.Name.Name] = append(byName[fd.Name.Name], fd)
		}
	}
	var spans []span
	seen := map[*ast.FuncDecl]bool{}
	var work []*ast.FuncDecl
	for _, fd := range byName[r.Func] {
		if fd.Recv == nil {
			work = append(work, fd)
		}
	}
	for len(work) > 0 {
		fd := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[fd] {
			continue
		}
		seen[fd] = true
		spans = append(spans, spanOf(p.fset, r.File, fd))
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				work = append(work, byName[id.Name]...)
			}
			return true
		})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start.less(spans[j].Start) })
	return spans
}

// leakResult is one expected leak and the goroutineleak findings that
// find it.
type leakResult struct {
	Case     string
	Flaky    bool
	Leak     expectedLeak
	Findings []finding
	Err      error // the function could not be found in the corpus
}

// leakScore is goroutineleak's score on the corpus.
type leakScore struct {
	Leaks       []leakResult
	Clean       []string  // cases that expect no leak
	FalseAlarms []finding // findings in them
	Other       []finding // findings in leaking cases that find none of their leaks
	Skipped     []string  // cases whose registration is not in the corpus analyzed
}

func (s leakScore) found() (n, flaky, flakyFound int) {
	for _, r := range s.Leaks {
		if r.Flaky {
			flaky++
		}
		if len(r.Findings) > 0 {
			n++
			if r.Flaky {
				flakyFound++
			}
		}
	}
	return n, flaky, flakyFound
}

// scoreLeaks matches the goroutineleak findings to the cases' expected
// leaks: a leak is found by a finding in its goroutine's function or at
// a go statement that starts it; a finding in the code of a case that
// expects no leak is a false alarm.
func scoreLeaks(cases []leakCase, pkgs []*corpusPkg, findings []finding) *leakScore {
	s := new(leakScore)
	for _, c := range cases {
		var pkg *corpusPkg
		var reg registration
		for _, p := range pkgs {
			for _, r := range p.regs {
				if r.Case == c.Name {
					pkg, reg = p, r
				}
			}
		}
		if pkg == nil {
			s.Skipped = append(s.Skipped, c.Name)
			continue
		}
		spans := pkg.caseSpans(reg)
		var inCase []int // indexes of the findings in the case's code
		for i, f := range findings {
			for _, sp := range spans {
				if sp.contains(f.File, f.Pos) {
					inCase = append(inCase, i)
					break
				}
			}
		}
		if len(c.Leaks) == 0 {
			s.Clean = append(s.Clean, c.Name)
			for _, i := range inCase {
				s.FalseAlarms = append(s.FalseAlarms, findings[i])
			}
			continue
		}
		used := map[int]bool{}
		for _, l := range c.Leaks {
			r := leakResult{Case: c.Name, Flaky: c.Flaky, Leak: l}
			g, err := pkg.resolve(l.Func)
			if err != nil {
				r.Err = err
			} else {
				for i, f := range findings {
					if g.has(f.File, f.Pos) {
						r.Findings = append(r.Findings, f)
						used[i] = true
					}
				}
			}
			s.Leaks = append(s.Leaks, r)
		}
		for _, i := range inCase {
			if !used[i] {
				s.Other = append(s.Other, findings[i])
			}
		}
	}
	return s
}
