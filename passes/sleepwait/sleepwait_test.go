package sleepwait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/relatedtest"
	"github.com/syncvet/syncvet/passes/sleepwait"
)

// The go statement a sleep waits for, and what the goroutine writes and
// the function reads, are in Related.

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "a")
	relatedtest.Check(t, results, map[string][]string{
		"a/a.go:20":      {"18"},
		"a/a.go:45":      {"42", "46"},
		"a/a.go:63":      {"62", "64"},
		"a/a.go:75":      {"74"},
		"a/a.go:84":      {"83"},
		"a/a.go:233":     {"232"},
		"a/a.go:256":     {"253", "251"},
		"a/a.go:515":     {"514"},
		"a/a_test.go:23": {"22", "24"},
	})
}

func TestProgram(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "seedmain")
	relatedtest.Check(t, results, map[string][]string{"seedmain/main.go:17": {"16"}})
}

func TestTypeParams(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "typeparams")
	relatedtest.Check(t, results, map[string][]string{"typeparams/typeparams.go:12": {"11", "13"}})
}

// TestCrossPackage: what helpers of another package do (wait, or not) is
// known through the goroutines engine's facts.
func TestCrossPackage(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "crosspkg")
	relatedtest.Check(t, results, map[string][]string{
		"crosspkg/crosspkg.go:44": {"41", "46"},
		"crosspkg/crosspkg.go:61": {"60", "62"},
	})
}

// TestForms: the waits by sleep of library code and tests, each next to
// its fix; polls done right in tests.
func TestForms(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "forms")
	relatedtest.Check(t, results, map[string][]string{
		"forms/forms.go:19":      {"18"},
		"forms/forms.go:66":      {"60", "67"},
		"forms/forms.go:94":      {"88"},
		"forms/forms.go:139":     {"138", "125"},
		"forms/forms.go:171":     {"170", "172"},
		"forms/forms.go:216":     {"199", "197"},
		"forms/forms_test.go:32": {"31", "33"},
	})
}

// TestCommand: a command that sleeps for a goroutine that sets
// package-level state its later calls read.
func TestCommand(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sleepwait.Analyzer, "command")
	relatedtest.Check(t, results, map[string][]string{"command/main.go:23": {"22", "24"}})
}
