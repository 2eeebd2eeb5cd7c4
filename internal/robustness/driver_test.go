package robustness_test

// A minimal in-memory driver: a txtar archive of "importpath/file.go"
// files is parsed and type-checked with go/types (archive packages from
// source, the standard library from export data), turned into
// *packages.Package values by hand, and analyzed with x/tools' public
// checker package, the one the standalone command uses. No go command
// runs per program, so the fuzzer can try many programs a second.

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os/exec"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"

	"github.com/syncvet/syncvet/passes"
)

// goVersion is the language version programs are checked with, the go
// line of syncvet's own module.
const goVersion = "go1.26"

// A universe is a file set and an importer of the standard library
// shared by consecutive programs, so that the export data of sync, time
// or net/http is decoded once, not per program. Imported objects have
// positions in the file set, so the two live and die together; a
// universe is replaced after maxUses programs to bound the memory the
// file set holds.
type universe struct {
	fset *token.FileSet
	std  types.ImporterFrom
	uses int
}

const maxUses = 200

var (
	univMu sync.Mutex
	univ   *universe

	stdOnce sync.Once
	stdList map[string]bool
	stdErr  error
)

// stdPackages returns the import paths of the standard library.
func stdPackages() (map[string]bool, error) {
	stdOnce.Do(func() {
		out, err := exec.Command("go", "list", "std").Output()
		if err != nil {
			stdErr = fmt.Errorf("go list std: %v", err)
			return
		}
		stdList = map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			stdList[p] = true
		}
	})
	return stdList, stdErr
}

// acquireUniverse returns the universe for the next program.
func acquireUniverse() *universe {
	univMu.Lock()
	defer univMu.Unlock()
	if univ == nil || univ.uses >= maxUses {
		fset := token.NewFileSet()
		univ = &universe{fset: fset, std: importer.ForCompiler(fset, "gc", nil).(types.ImporterFrom)}
	}
	univ.uses++
	return univ
}

// A program is an archive loaded and type-checked: its packages in the
// order their first file appears in the archive.
type program struct {
	fset *token.FileSet
	pkgs []*packages.Package
}

// errInvalid wraps the reason an archive is not a valid program (a
// parse or type error, an import cycle, an unknown import).
var errInvalid = errors.New("invalid program")

// load parses and type-checks the archive's Go files. Files are grouped
// into packages by directory; the directory is the import path. It
// fails, wrapping errInvalid, unless every package parses and
// type-checks without a single error, since syncvet's drivers never run
// the passes on a package with errors.
func load(ar *txtar.Archive) (*program, error) { return loadParsing(ar, false) }

// loadParsing is load, parsing the files last to first if reverse: the
// packages and their file lists are the same, but the files' token.Pos
// bases come in the other order, as they may when go/packages parses a
// package's files in parallel.
func loadParsing(ar *txtar.Archive, reverse bool) (*program, error) {
	std, err := stdPackages()
	if err != nil {
		return nil, err
	}
	u := acquireUniverse()
	type srcPkg struct {
		path  string
		files []*ast.File
		names []string
		pkg   *packages.Package
		busy  bool
	}
	byPath := map[string]*srcPkg{}
	var order []*srcPkg
	parsed := make([]*ast.File, len(ar.Files))
	for k := range ar.Files {
		i := k
		if reverse {
			i = len(ar.Files) - 1 - k
		}
		f := ar.Files[i]
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		dir := path.Dir(f.Name)
		if dir == "." || dir == "C" || dir == "unsafe" || strings.HasPrefix(dir, "/") || slices.Contains(strings.Split(dir, "/"), "..") {
			return nil, fmt.Errorf("%w: file %s: want importpath/file.go", errInvalid, f.Name)
		}
		file, err := parser.ParseFile(u.fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errInvalid, err)
		}
		parsed[i] = file
	}
	for i, f := range ar.Files {
		file := parsed[i]
		if file == nil {
			continue
		}
		dir := path.Dir(f.Name)
		key := dir // an external test package gets a path of its own
		if strings.HasSuffix(file.Name.Name, "_test") {
			key += "_test"
		}
		sp := byPath[key]
		if sp == nil {
			sp = &srcPkg{path: key}
			byPath[key] = sp
			order = append(order, sp)
		}
		sp.files = append(sp.files, file)
		sp.names = append(sp.names, f.Name)
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%w: no Go files", errInvalid)
	}

	sizes := types.SizesFor("gc", "amd64")
	var check func(sp *srcPkg) (*packages.Package, error)
	importFrom := func(p string) (*types.Package, *packages.Package, error) {
		if dep := byPath[p]; dep != nil {
			pkg, err := check(dep)
			if err != nil {
				return nil, nil, err
			}
			return pkg.Types, pkg, nil
		}
		if !std[p] {
			return nil, nil, fmt.Errorf("%w: unknown import %q", errInvalid, p)
		}
		tpkg, err := u.std.ImportFrom(p, "", 0)
		return tpkg, nil, err
	}
	check = func(sp *srcPkg) (*packages.Package, error) {
		if sp.pkg != nil {
			return sp.pkg, nil
		}
		if sp.busy {
			return nil, fmt.Errorf("%w: import cycle through %s", errInvalid, sp.path)
		}
		sp.busy = true
		imports := map[string]*packages.Package{}
		var firstErr error
		conf := types.Config{
			GoVersion: goVersion,
			Sizes:     sizes,
			Importer: importerFunc(func(p string) (*types.Package, error) {
				tpkg, dep, err := importFrom(p)
				if dep != nil {
					imports[p] = dep
				}
				return tpkg, err
			}),
			Error: func(err error) {
				if firstErr == nil {
					firstErr = err
				}
			},
		}
		info := &types.Info{
			Types:        map[ast.Expr]types.TypeAndValue{},
			Instances:    map[*ast.Ident]types.Instance{},
			Defs:         map[*ast.Ident]types.Object{},
			Uses:         map[*ast.Ident]types.Object{},
			Implicits:    map[ast.Node]types.Object{},
			Selections:   map[*ast.SelectorExpr]*types.Selection{},
			Scopes:       map[ast.Node]*types.Scope{},
			FileVersions: map[*ast.File]string{},
		}
		tpkg, _ := conf.Check(sp.path, u.fset, sp.files, info)
		if firstErr != nil {
			if errors.Is(firstErr, errInvalid) {
				return nil, firstErr
			}
			return nil, fmt.Errorf("%w: %v", errInvalid, firstErr)
		}
		sp.pkg = &packages.Package{
			ID:              sp.path,
			Name:            tpkg.Name(),
			PkgPath:         sp.path,
			GoFiles:         sp.names,
			CompiledGoFiles: sp.names,
			Fset:            u.fset,
			Syntax:          sp.files,
			Types:           tpkg,
			TypesInfo:       info,
			TypesSizes:      sizes,
			Imports:         imports,
		}
		return sp.pkg, nil
	}

	prog := &program{fset: u.fset}
	for _, sp := range order {
		pkg, err := check(sp)
		if err != nil {
			return nil, err
		}
		prog.pkgs = append(prog.pkgs, pkg)
	}
	return prog, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// analyzers is what every program is analyzed with: all of syncvet's
// passes, which bring the engines (lockset, goroutines) they require.
func analyzers() []*analysis.Analyzer { return passes.All() }

// A failure is something a run of the analyzers must never do on a
// well-typed program.
type failure struct {
	kind   string // "panic", "error", "diagnostic", "nondeterministic", "timeout"
	detail string
}

func (f *failure) Error() string { return f.kind + ": " + f.detail }

// analyze runs the analyzers on every package of the program (each a
// root, its archive imports analyzed first for their facts) and returns
// the diagnostics rendered as text, one per line with its analyzer,
// position, message, related positions and fixes. It returns a
// *failure if an analyzer panics or fails, or reports a diagnostic at a
// position outside the program's files.
func analyze(prog *program, as []*analysis.Analyzer) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &failure{"panic", fmt.Sprintf("%v\n%s", r, debug.Stack())}
		}
	}()
	graph, aerr := checker.Analyze(as, prog.pkgs, &checker.Options{Sequential: true})
	if aerr != nil {
		return "", &failure{"error", aerr.Error()}
	}
	var buf bytes.Buffer
	for act := range graph.All() {
		if act.Err != nil {
			return "", &failure{"error", fmt.Sprintf("%s: %v", act, act.Err)}
		}
	}
	fset := prog.fset
	valid := func(pos, end token.Pos) error {
		f := fset.File(pos)
		if !pos.IsValid() || f == nil {
			return fmt.Errorf("position %d is not in any file", pos)
		}
		if end.IsValid() && (end < pos || fset.File(end) != f) {
			return fmt.Errorf("end %s before or in another file than position %s", fset.Position(end), fset.Position(pos))
		}
		return nil
	}
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			if err := valid(d.Pos, d.End); err != nil {
				return "", &failure{"diagnostic", fmt.Sprintf("%s: %q: %v", act.Analyzer.Name, d.Message, err)}
			}
			if d.Message == "" {
				return "", &failure{"diagnostic", fmt.Sprintf("%s: empty message at %s", act.Analyzer.Name, fset.Position(d.Pos))}
			}
			fmt.Fprintf(&buf, "%s: %s: %s\n", fset.Position(d.Pos), act.Analyzer.Name, d.Message)
			for _, r := range d.Related {
				if err := valid(r.Pos, r.End); err != nil {
					return "", &failure{"diagnostic", fmt.Sprintf("%s: %q: related %q: %v", act.Analyzer.Name, d.Message, r.Message, err)}
				}
				fmt.Fprintf(&buf, "\t%s: %s\n", fset.Position(r.Pos), r.Message)
			}
			for _, fix := range d.SuggestedFixes {
				fmt.Fprintf(&buf, "\tfix %q:", fix.Message)
				for _, e := range fix.TextEdits {
					fmt.Fprintf(&buf, " %s-%s %q", fset.Position(e.Pos), fset.Position(e.End), e.NewText)
				}
				buf.WriteByte('\n')
			}
		}
	}
	return buf.String(), nil
}

// analyzeWithin is analyze with a deadline: a run that does not finish
// in time is a *failure too (the analysis goes on in the background; the
// test fails anyway).
func analyzeWithin(prog *program, as []*analysis.Analyzer, limit time.Duration) (string, error) {
	type result struct {
		out string
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := analyze(prog, as)
		done <- result{out, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.out, r.err
	case <-timer.C:
		return "", &failure{"timeout", fmt.Sprintf("analysis did not finish in %v", limit)}
	}
}

// checkProgram analyzes prog twice and returns the first run's output,
// or a *failure: a failed run, or two runs that differ (findings in a
// different order or with different text), which would make the
// command's output unstable.
func checkProgram(prog *program, as []*analysis.Analyzer, limit time.Duration) (string, error) {
	first, err := analyzeWithin(prog, as, limit)
	if err != nil {
		return "", err
	}
	second, err := analyzeWithin(prog, as, limit)
	if err != nil {
		return "", err
	}
	if first != second {
		return "", &failure{"nondeterministic", fmt.Sprintf("two runs differ:\n--- first\n%s--- second\n%s", first, second)}
	}
	return first, nil
}

// TestDriverCatches checks that the harness sees what it exists to see:
// a panicking analyzer, a failing one, a diagnostic without a position,
// and an unstable one.
func TestDriverCatches(t *testing.T) {
	prog, err := load(txtar.Parse([]byte("-- p/p.go --\npackage p\n\nfunc F() {}\n")))
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, c := range []struct {
		kind string
		run  func(*analysis.Pass) (any, error)
	}{
		{"panic", func(*analysis.Pass) (any, error) { panic("boom") }},
		{"error", func(*analysis.Pass) (any, error) { return nil, errors.New("cannot") }},
		{"diagnostic", func(pass *analysis.Pass) (any, error) {
			pass.Report(analysis.Diagnostic{Pos: token.NoPos, Message: "nowhere"})
			return nil, nil
		}},
		{"nondeterministic", func(pass *analysis.Pass) (any, error) {
			runs++
			pass.Reportf(pass.Files[0].Package, "run %d", runs)
			return nil, nil
		}},
	} {
		a := &analysis.Analyzer{Name: "fake", Doc: "fake", Run: c.run}
		_, err := checkProgram(prog, []*analysis.Analyzer{a}, time.Minute)
		var f *failure
		if !errors.As(err, &f) || f.kind != c.kind {
			t.Errorf("analyzer that fails with a %s: got %v", c.kind, err)
		}
	}
	if out, err := checkProgram(prog, analyzers(), time.Minute); err != nil || out != "" {
		t.Errorf("syncvet on an empty function: %q, %v; want no finding", out, err)
	}
}
