package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/missingunlock"
)

// The leaking returns, which the messages count, are in Related.

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "a", "closures", "typeparams")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:19":                   {"21"},
		"a/a.go:53":                   {"59"},
		"a/a.go:70":                   {"78"},
		"a/a.go:107":                  {"109"},
		"a/a.go:190":                  {"192"},
		"a/a.go:205":                  {"207"},
		"a/a.go:224":                  {"226", "228"},
		"a/shards.go:44":              {"47"},
		"closures/closures.go:20":     {"22"},
		"closures/closures.go:44":     {"46"},
		"closures/closures.go:55":     {"57"},
		"closures/closures.go:69":     {"71"},
		"closures/closures.go:88":     {"90"},
		"typeparams/typeparams.go:11": {"14"},
		"typeparams/typeparams.go:29": {"32"},
	})
}

func TestSemaphores(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "sem")
	relatedtest.Check(t, results, map[string][]string{
		"sem/sem.go:16": {"20"},
		"sem/sem.go:46": {"48"},
	})
}

func TestCrossPackage(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "crosspkg/b")
	relatedtest.Check(t, results, map[string][]string{"crosspkg/b/b.go:7": {"9"}})
}

func TestFix(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), missingunlock.Analyzer, "fix")
	relatedtest.Check(t, results, map[string][]string{
		"fix/fix.go:19": {"25"},
		"fix/fix.go:34": {"35"},
		"fix/fix.go:41": {"43"},
		"fix/fix.go:56": {"58"},
	})
}

// checklocks annotations: acquire, release and caller-holds contracts are
// taken as given; the callers are judged.
func TestChecklocks(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), missingunlock.Analyzer, "checklocks")
}
