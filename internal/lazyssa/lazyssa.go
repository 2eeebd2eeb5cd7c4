// Package lazyssa defines an analyzer whose result builds the package's
// SSA on first use, so that the engines (lockset, goroutines) skip the
// cost of SSA in packages where they have nothing to compute: most of a
// module's packages never touch a lock, a channel or a goroutine, and
// building their SSA was a quarter of a run's time.
//
// It builds with buildssa's own Run, so the program, the functions and
// their order are those of buildssa.Analyzer.
package lazyssa

import (
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"

	"github.com/syncvet/syncvet/internal/syncop"
)

// Analyzer returns a *SSA for the package; it does no work itself.
var Analyzer = &analysis.Analyzer{
	Name: "lazyssa",
	Doc:  "build the package's SSA when an engine first asks for it (internal)",
	URL:  "https://github.com/syncvet/syncvet/tree/main/internal/lazyssa",
	// buildssa's Run reads ctrlflow's result (which functions never
	// return) from the pass it is given: ours.
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*SSA](),
	Run: func(pass *analysis.Pass) (any, error) {
		cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
		return &SSA{pass: pass, Scan: syncop.ScanPackage(pass.Pkg, pass.TypesInfo, pass.Files, cfgs.NoReturn)}, nil
	},
}

// SSA is the package's SSA, built once, by the first engine that asks.
// Engines of one package may run concurrently: Get is safe for that.
type SSA struct {
	// Scan is what the package's syntax holds that the engines build on,
	// for them to decide whether to ask for the SSA at all.
	Scan *syncop.Scan

	once sync.Once
	pass *analysis.Pass
	ssa  *buildssa.SSA
	err  error
}

// Get builds the package's SSA (once) and returns it.
func (s *SSA) Get() (*buildssa.SSA, error) {
	s.once.Do(func() {
		res, err := buildssa.Analyzer.Run(s.pass)
		if err != nil {
			s.err = err
			return
		}
		s.ssa = res.(*buildssa.SSA)
		s.pass = nil // the pass is the driver's to free
	})
	return s.ssa, s.err
}
