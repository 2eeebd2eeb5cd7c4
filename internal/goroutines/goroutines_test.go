package goroutines_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/syncvet/syncvet/internal/goroutines"
)

// describe reports, at every goroutine start, what the engine knows about
// it, so that the testdata's want comments assert the engine's Result.
var describe = &analysis.Analyzer{
	Name:       "describe",
	Doc:        "report what the goroutines engine finds",
	Requires:   []*analysis.Analyzer{goroutines.Analyzer},
	ResultType: reflect.TypeFor[bool](),
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[goroutines.Analyzer].(*goroutines.Result)
		for _, s := range r.Spawns {
			pass.Reportf(s.Pos(), "%s", describeSpawn(r, s))
		}
		return true, nil
	},
}

func describeSpawn(r *goroutines.Result, s *goroutines.Spawn) string {
	entries := map[string]bool{}
	writes := map[string]bool{}
	r.Walk(s, func(fr *goroutines.Frame, instr ssa.Instruction) {
		if fr.Parent != nil && fr.Parent.Parent == nil && fr.Spawn == s {
			entries[fr.Fn.Name()] = true
		}
	})
	for _, w := range r.Writes(s) {
		writes[w.Loc.String()] = true
	}
	reads := map[string]bool{}
	r.WalkAfter(s, func(fr *goroutines.Frame, instr ssa.Instruction) {
		if ld, ok := instr.(*ssa.UnOp); ok && ld.Op.String() == "*" {
			if l := fr.Addr(ld.X); l.Shared() && writes[l.String()] {
				reads[l.String()] = true
			}
		}
	})
	sum := r.Summarize(s)
	parts := []string{s.Kind.String() + " runs " + keys(entries)}
	if s.Many {
		parts = append(parts, "many")
	}
	if r.Outlives(s) {
		parts = append(parts, "outlives")
	}
	if sum.Signals {
		parts = append(parts, "signals")
	}
	if sum.Receives {
		parts = append(parts, "receives")
	}
	if len(writes) > 0 {
		parts = append(parts, "writes "+keys(writes))
	}
	if len(reads) > 0 {
		parts = append(parts, "read after "+keys(reads))
	}
	if r.WaitsAfter(s) {
		parts = append(parts, "waits after")
	}
	return strings.Join(parts, "; ")
}

func keys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestSpawns(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "spawn", "generic")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), describe, "usewrap")
}

// TestFuncFacts checks the facts the engine exports for wrappers.
func TestFuncFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), goroutines.Analyzer, "wrap")
}
