package lockset

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/lazyssa"
	"github.com/syncvet/syncvet/internal/syncop"
)

// Analyzer computes the locks held at every instruction of the package's
// functions, and each function's Summary (exported as a fact). It
// reports nothing itself; passes require it and read its *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "lockset",
	Doc:        "compute the locks held at each instruction and function lock summaries",
	URL:        "https://github.com/syncvet/syncvet/tree/main/internal/lockset",
	Requires:   []*analysis.Analyzer{lazyssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(Summary)},
	Run:        run,
}

// The engine works on SSA: held locks are a matter of paths (early
// returns, branches, loops, defers), and SSA gives the control-flow
// graph and resolved values (the same c.mu through fields, pointers,
// closures and embedded structs).

func run(pass *analysis.Pass) (any, error) {
	lazy := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.SSA)
	annots := parseAnnotations(pass.Fset, pass.Pkg, pass.TypesInfo, pass.Files)
	if !needed(pass, lazy.Scan) {
		return &Result{Annotations: annots}, nil
	}
	ssainfo, err := lazy.Get()
	if err != nil {
		return nil, err
	}
	pa := newPkgAnalysis(pass, ssainfo.Pkg, ssainfo.SrcFuncs)
	pa.annots = annots
	// Summaries first (entry-free), bottom-up on demand.
	for _, fn := range ssainfo.SrcFuncs {
		pa.summaryOf(fn)
	}
	// Then the named functions every caller runs inside a critical
	// section, with the locks their callers hold (their lock context),
	// and closures called inside critical sections, with the locks their
	// callers hold, parents before children.
	pa.contexts()
	for _, fn := range ssainfo.SrcFuncs {
		if fn.Parent() == nil {
			continue
		}
		if entry := pa.entryOf(fn); len(entry) > 0 {
			for _, anon := range fn.AnonFuncs {
				delete(pa.entries, anon)
			}
			pa.analyze(fn, entry)
		}
	}
	res := &Result{byFn: pa.results, imported: pa.imported, dispatch: pa.dispatch,
		Annotations: annots, Unguarded: pa.checkAnnotations(),
		checker: &pkgAnalysis{pass: pass, pkg: pa.pkg, closures: pa.closures, ids: pa.ids, conds: pa.conds,
			funcs: pa.funcs, results: pa.results, annots: annots}}
	for _, fn := range ssainfo.SrcFuncs {
		if f := pa.results[fn]; f != nil {
			res.Funcs = append(res.Funcs, f)
		}
		// Facts for what other packages can call: go vet copies every
		// fact of a package into the facts file of each package that
		// imports it, directly or not, and reading them back was the
		// largest cost of a vet run (a fifth of the CPU time, profiled).
		obj, _ := fn.Object().(*types.Func)
		if obj == nil || fn.Parent() != nil || !obj.Exported() || !analysisutil.Importable(pass.Pkg) {
			continue
		}
		if s := pa.summaries[fn]; s != nil && !s.empty() {
			pass.ExportObjectFact(obj, s)
		}
	}
	return res, nil
}

// needed reports whether the package can give the engine anything to
// compute: a lock, a channel, a sync operation or a blocking call of its
// own, a call of a function with a summary, or something a summary
// records (a call of a function value, a function that never returns).
// Otherwise no lock is ever held in it and it has no summary to export,
// and its SSA is not built for the engine (see lazyssa).
func needed(pass *analysis.Pass, s *syncop.Scan) bool {
	if s.Chan || s.Ops || s.FuncVarCall || s.Terminating {
		return true
	}
	for _, v := range s.Vars {
		if isIOType(v.Type()) {
			return true
		}
	}
	for _, fn := range s.Funcs {
		if mayBlock(fn) || pass.ImportObjectFact(fn, new(Summary)) {
			return true
		}
	}
	return false
}
