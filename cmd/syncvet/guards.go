package main

import (
	"fmt"
	"go/token"
	"go/types"
	"io"
	"log"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/guards"
	"github.com/syncvet/syncvet/internal/lockset"
)

// syncvet -guards prints the lock contracts syncvet infers, in gVisor
// checklocks' annotation syntax, for a team to paste where it wants them
// checked: the guard of each field whose accesses syncvet takes as
// guarded (internal/guards), and each function's lock effect (lockset:
// the locks every caller in the package holds, the locks it returns
// holding). Annotated fields and functions are left out: they say it
// already. It goes through go vet as the checks do, with the vet tool's
// -guards flag, which makes the tool run guardsAnalyzer alone.

// guardsAnalyzer reports one diagnostic per inferred contract, at the
// declaration to annotate; the message is the annotation and its grounds.
var guardsAnalyzer = &analysis.Analyzer{
	Name:     "syncvetguards",
	Doc:      "print the inferred lock contracts as checklocks annotations (syncvet -guards)",
	URL:      "https://github.com/syncvet/syncvet#lock-contracts",
	Requires: []*analysis.Analyzer{guards.Analyzer, lockset.Analyzer},
	Run:      runGuards,
}

func runGuards(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	for _, f := range pass.ResultOf[guards.Analyzer].(*guards.Result).Fields {
		if f.Var == nil || f.Var.Pkg() != pass.Pkg || len(f.Path) == 0 {
			continue // a type of another package: annotated there
		}
		// The annotation, pasted, would report every access lockset finds
		// without the guard: offered as one only when those are the
		// writes sharedwrite reports already.
		reported := map[string]bool{}
		for _, s := range f.Deviant {
			reported[lineOf(pass.Fset, s.Instr.Pos())] = true
		}
		var extra []*lockset.Unguarded
		for _, u := range locks.CheckGuard(f.Var, f.Path) {
			if !reported[lineOf(pass.Fset, u.Pos)] {
				extra = append(extra, u)
			}
		}
		class := analysisutil.ShortenPaths(f.Class)
		lock := strings.Join(f.Path, ".")
		msg := fmt.Sprintf("%s: // +checklocks:%s  (held at %d of %d accesses)", class, lock, f.Guarded, f.Accesses)
		if len(extra) > 0 {
			msg = fmt.Sprintf("%s: guarded by %s (held at %d of %d accesses judged), but +checklocks:%s would also report %d (related)",
				class, lock, f.Guarded, f.Accesses, lock, len(extra))
		}
		d := analysis.Diagnostic{Pos: f.Var.Pos(), Category: "field", Message: msg}
		for _, s := range f.Deviant {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: s.Instr.Pos(), Message: "written without it here"})
		}
		for _, u := range extra {
			what := "read"
			if u.Write {
				what = "written"
			}
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: u.Pos, Message: what + " without it here"})
		}
		pass.Report(d)
	}
	for _, lf := range locks.Funcs {
		fn := lf.Fn
		obj, _ := fn.Object().(*types.Func)
		if obj == nil || fn.Parent() != nil || fn.Synthetic != "" || analysisutil.InTestFile(pass.Fset, fn.Pos()) ||
			locks.Annotations.Func(obj) != nil {
			continue
		}
		var lines []string
		released := map[string]bool{}
		if lf.Summary != nil {
			for _, e := range lf.Summary.Releases {
				released[e.Lock.Key()] = true
			}
		}
		for _, h := range lf.Entry {
			if !h.Context || !annotatable(pass, h.Lock) {
				continue
			}
			kind := "checklocks"
			if released[h.Lock.Key()] {
				kind = "checklocksrelease"
			}
			if h.Shared {
				kind += "read"
			}
			lines = append(lines, fmt.Sprintf("// +%s:%s  (held by every caller in the package)", kind, h.Lock.Name))
		}
		if lf.Summary != nil {
			for _, e := range lf.Summary.Acquires {
				if !annotatable(pass, e.Lock) {
					continue
				}
				kind := "checklocksacquire"
				if e.Shared {
					kind += "read"
				}
				lines = append(lines, fmt.Sprintf("// +%s:%s  (held on every return)", kind, e.Lock.Name))
			}
		}
		for _, line := range lines {
			pass.Report(analysis.Diagnostic{Pos: fn.Pos(), Category: "func", Message: analysisutil.ShortenPaths(fn.RelString(nil)) + ": " + line})
		}
	}
	return nil, nil
}

// annotatable reports whether an annotation of the function can name l:
// a lock reached from a parameter, or a package-level variable of the
// package.
func annotatable(pass *analysis.Pass, l *lockset.Lock) bool {
	switch l.Root {
	case lockset.RootParam:
		return l.Name != "" && !strings.HasPrefix(l.Name, "_")
	case lockset.RootGlobal:
		return strings.HasPrefix(l.Global, pass.Pkg.Path()+".") && !strings.Contains(l.Global[len(pass.Pkg.Path())+1:], "/")
	}
	return false
}

func lineOf(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", p.Filename, p.Line)
}

// printGuards prints the findings of guardsAnalyzer, in file order, with
// the accesses that do not hold a field's guard under it.
func printGuards(w io.Writer, findings []finding) {
	slices.SortFunc(findings, func(a, b finding) int {
		if c := strings.Compare(a.posn.Filename, b.posn.Filename); c != 0 {
			return c
		}
		if a.posn.Line != b.posn.Line {
			return a.posn.Line - b.posn.Line
		}
		return strings.Compare(a.diag.Message, b.diag.Message)
	})
	for _, f := range findings {
		printPlain(w, f, -1)
	}
}

// showGuards runs syncvet -guards: go vet with the vet tool's -guards
// flag, the contracts printed on stdout. It exits 1 if a package failed
// to load or analyze, else 0.
func showGuards(stdout, stderr io.Writer, logger *log.Logger, opts options, patterns []string) int {
	if opts.fix || opts.format != "text" || opts.newFromRev != "" {
		logger.Print("-guards prints annotations as text; it does not combine with -fix, -json, -format or -new-from-rev")
		return 2
	}
	res, err := vet(buildFlags(opts), []string{"-guards"}, patterns, stderr)
	if err != nil {
		logger.Print(err)
		return 1
	}
	findings, errs := res.findings(map[string]*analysis.Analyzer{guardsAnalyzer.Name: guardsAnalyzer})
	if !opts.tests {
		findings = slices.DeleteFunc(findings, func(f finding) bool { return strings.HasSuffix(f.posn.Filename, "_test.go") })
	}
	printErrors(stderr, errs)
	printGuards(stdout, findings)
	if res.failed || len(errs) > 0 {
		return 1
	}
	return 0
}
