package guards_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/guards"
)

func TestInfer(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), guards.Analyzer, "p")
	res := results[0].Result.(*guards.Result)
	byClass := map[string]*guards.Field{}
	for _, f := range res.Fields {
		byClass[f.Class] = f
	}
	n := byClass["(*p.C).n"]
	if n == nil {
		t.Fatalf("no guard inferred for (*p.C).n; fields: %v", res.Fields)
	}
	if n.Guard != "(*p.C).mu" || strings.Join(n.Path, ".") != "mu" {
		t.Errorf("(*p.C).n: guard %s at %v, want (*p.C).mu at mu", n.Guard, n.Path)
	}
	// A, B: a load and a store each; G: a load; Reset: a store; Peek: a load.
	if n.Accesses != 7 || n.Guarded != 5 || len(n.Deviant) != 1 || len(n.Reads) != 1 {
		t.Errorf("(*p.C).n: %d of %d accesses guarded, %d deviant writes, %d reads without; want 5 of 7, 1, 1",
			n.Guarded, n.Accesses, len(n.Deviant), len(n.Reads))
	}
	if n.Var == nil || n.Var.Name() != "n" {
		t.Errorf("(*p.C).n: Var = %v", n.Var)
	}
	if f := byClass["(*p.C).m"]; f != nil {
		t.Errorf("annotated (*p.C).m has an inferred guard %s", f.Guard)
	}
	// e: every access holds c.d, a part of the object.
	if e := byClass["(*p.C).e"]; e == nil || strings.Join(e.Path, ".") != "d.Mutex" {
		t.Errorf("(*p.C).e: %+v, want the guard at path d.Mutex", e)
	}
}
