package lockset_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/lockset"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockset.Analyzer, "basic")
}
