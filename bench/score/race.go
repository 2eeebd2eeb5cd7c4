package main

// The race detector's tests, GOROOT/src/runtime/race/testdata: every
// TestRace* function holds a data race, every TestNoRace* function is
// race-free. They are copied into a module of their own and the race
// checks (raceChecks) run on them; a test is found (or flagged) when a
// finding lies in its body.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// raceTestdata is the corpus, relative to GOROOT.
const raceTestdata = "src/runtime/race/testdata"

// corpusGoVersion is the go line of the modules the corpora are copied
// into.
const corpusGoVersion = "1.26.0"

// A leftOut is a corpus file not analyzed, and why.
type leftOut struct{ File, Why string }

// A testFunc is a TestRace* or TestNoRace* function of the corpus.
type testFunc struct {
	Name string
	Racy bool // TestRace*, not TestNoRace*
	Body span
}

// raceCorpus is the copy of the race tests that syncvet analyzes.
type raceCorpus struct {
	Dir     string   // the module
	Files   []string // the test files copied and kept, by name
	Of      int      // how many *_test.go files GOROOT has
	LeftOut []leftOut
	Tags    []string // build tags it is type-checked and analyzed with
	Funcs   []testFunc
}

// prepareRaceCorpus copies the race tests of goroot that can be built
// outside GOROOT into a module in dir, drops the files that do not
// type-check there (trying until the rest does), and finds the test
// functions of the files kept.
func prepareRaceCorpus(goroot, dir string, tags []string) (*raceCorpus, error) {
	src := filepath.Join(goroot, filepath.FromSlash(raceTestdata))
	names, left, err := selectRaceFiles(src, goroot)
	if err != nil {
		return nil, err
	}
	all := len(names) + len(left)
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no test file can be built outside GOROOT", src)
	}
	if err := writeModule(dir, "racetestdata"); err != nil {
		return nil, err
	}
	for _, name := range names {
		if err := copyFile(filepath.Join(src, name), filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	kept, dropped, err := pruneUntilClean(dir, names, tags)
	if err != nil {
		return nil, err
	}
	left = append(left, dropped...)
	sort.Slice(left, func(i, j int) bool { return left[i].File < left[j].File })
	c := &raceCorpus{Dir: dir, Files: kept, Of: all, LeftOut: left, Tags: tags}
	fset := token.NewFileSet()
	for _, name := range kept {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		c.Funcs = append(c.Funcs, testFuncs(fset, f, name)...)
	}
	return c, nil
}

// selectRaceFiles lists the *_test.go files of src and splits them into
// those that can be built in a module outside GOROOT and those that
// cannot, by their imports: cgo, a package internal to the standard
// library, or one the standard library only vendors.
func selectRaceFiles(src, goroot string) (keep []string, left []leftOut, err error) {
	paths, err := filepath.Glob(filepath.Join(src, "*_test.go"))
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	for _, path := range paths {
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return nil, nil, err
		}
		name := filepath.Base(path)
		why := ""
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: import %s: %v", path, imp.Path.Value, err)
			}
			if why = importProblem(p, goroot); why != "" {
				break
			}
		}
		if why != "" {
			left = append(left, leftOut{name, why})
		} else {
			keep = append(keep, name)
		}
	}
	return keep, left, nil
}

// importProblem says why a file importing path cannot be built in a
// module of its own outside GOROOT, or returns "".
func importProblem(path, goroot string) string {
	if path == "C" {
		return `uses cgo (import "C")`
	}
	for _, elem := range strings.Split(path, "/") {
		if elem == "internal" {
			return "imports " + path + ", internal to the standard library"
		}
	}
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		if fi, err := os.Stat(filepath.Join(goroot, "src", "vendor", filepath.FromSlash(path))); err == nil && fi.IsDir() {
			return "imports " + path + ", which only the standard library's vendor directory has"
		}
	}
	return ""
}

// pruneUntilClean type-checks the test package in dir (its files names)
// and removes every file with a type error, again until what is left
// type-checks. It returns the files kept and those removed, each with its
// first error.
func pruneUntilClean(dir string, names []string, tags []string) (kept []string, dropped []leftOut, err error) {
	kept = names
	for len(kept) > 0 {
		errs, err := typeErrors(dir, tags)
		if err != nil {
			return nil, nil, err
		}
		if len(errs) == 0 {
			return kept, dropped, nil
		}
		var next []string
		for _, name := range kept {
			if e, ok := errs[name]; ok {
				dropped = append(dropped, leftOut{name, "does not type-check in a module of its own: " + e})
				if err := os.Remove(filepath.Join(dir, name)); err != nil {
					return nil, nil, err
				}
			} else {
				next = append(next, name)
			}
		}
		if len(next) == len(kept) {
			return nil, nil, fmt.Errorf("%s: type errors in no file of the corpus: %v", dir, errs)
		}
		kept = next
	}
	return nil, dropped, nil
}

// typeErrors loads the package in dir with its tests and returns the
// first type or syntax error of each file that has one, keyed by the
// file's name.
func typeErrors(dir string, tags []string) (map[string]string, error) {
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedTypes,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOWORK=off"),
	}
	if len(tags) > 0 {
		cfg.BuildFlags = []string{"-tags=" + strings.Join(tags, ",")}
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return nil, err
	}
	errs := map[string]string{}
	var unplaced []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if e.Kind == packages.ListError && len(p.GoFiles) == 0 {
				continue // the package of the directory's non-test files, which has none
			}
			file, at, perr := parsePosn(e.Pos)
			if perr != nil || !sameDir(filepath.Dir(file), dir) {
				unplaced = append(unplaced, e.Error())
				continue
			}
			name := filepath.Base(file)
			if _, ok := errs[name]; !ok {
				errs[name] = fmt.Sprintf("%s (line %d)", e.Msg, at.Line)
			}
		}
	}
	if len(errs) == 0 && len(unplaced) > 0 {
		return nil, fmt.Errorf("loading %s: %s", dir, strings.Join(unplaced, "; "))
	}
	return errs, nil
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// testFuncs returns the TestRace* and TestNoRace* functions of f (named
// name in the module) with the extent of their bodies.
func testFuncs(fset *token.FileSet, f *ast.File, name string) []testFunc {
	var out []testFunc
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Body == nil {
			continue
		}
		n := fd.Name.Name
		racy := strings.HasPrefix(n, "TestRace")
		if !racy && !strings.HasPrefix(n, "TestNoRace") {
			continue
		}
		out = append(out, testFunc{Name: n, Racy: racy, Body: spanOf(fset, name, fd.Body)})
	}
	return out
}

// spanOf returns the extent of n in the file named name.
func spanOf(fset *token.FileSet, name string, n ast.Node) span {
	s, e := fset.Position(n.Pos()), fset.Position(n.End())
	// End is just past the node; its last byte is one column before.
	return span{File: name, Start: pos{s.Line, s.Column}, End: pos{e.Line, e.Column - 1}}
}

// A funcResult is a test function and the findings in its body.
type funcResult struct {
	testFunc
	Findings []finding
}

// raceScore is the race checks' score on the race tests.
type raceScore struct {
	Racy, RaceFree []funcResult
}

func (s raceScore) found() (n int) {
	for _, r := range s.Racy {
		if len(r.Findings) > 0 {
			n++
		}
	}
	return n
}

func (s raceScore) flagged() (n int) {
	for _, r := range s.RaceFree {
		if len(r.Findings) > 0 {
			n++
		}
	}
	return n
}

// scoreRace matches the findings (their primary positions) to the test
// functions whose bodies hold them.
func scoreRace(funcs []testFunc, findings []finding) raceScore {
	var s raceScore
	for _, fn := range funcs {
		r := funcResult{testFunc: fn}
		for _, f := range findings {
			if fn.Body.contains(f.File, f.Pos) {
				r.Findings = append(r.Findings, f)
			}
		}
		if fn.Racy {
			s.Racy = append(s.Racy, r)
		} else {
			s.RaceFree = append(s.RaceFree, r)
		}
	}
	return s
}

// writeModule creates dir holding a go.mod for module path.
func writeModule(dir, path string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod := "module " + path + "\n\ngo " + corpusGoVersion + "\n"
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
