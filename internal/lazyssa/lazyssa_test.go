package lazyssa

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// probe asks for the SSA twice, from two goroutines, and reports what it got.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "test lazyssa",
	Requires: []*analysis.Analyzer{Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		lazy := pass.ResultOf[Analyzer].(*SSA)
		if lazy.ssa != nil {
			return nil, fmt.Errorf("SSA built before anyone asked")
		}
		if lazy.Scan == nil {
			return nil, fmt.Errorf("no Scan")
		}
		other := make(chan any)
		go func() {
			s, _ := lazy.Get()
			other <- s
		}()
		first, err := lazy.Get()
		if err != nil {
			return nil, err
		}
		how := "built once"
		if <-other != any(first) {
			how = "built twice"
		}
		pass.Reportf(pass.Files[0].Package, "SSA of %d source functions, %s", len(first.SrcFuncs), how)
		return nil, nil
	},
}

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), probe, "p")
}
