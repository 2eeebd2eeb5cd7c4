package analysisutil_test

import (
	"strings"
	"testing"

	"github.com/syncvet/syncvet/internal/analysisutil"
)

const docgo = `// Package x is a pass.
//
// # Analyzer x
//
// x: report something odd
//
// The body explains.
//
//	WRONG: a()
//
// # Other
//
// not included
package x
`

func TestExtractDoc(t *testing.T) {
	got, err := analysisutil.ExtractDoc(docgo, "x")
	if err != nil {
		t.Fatal(err)
	}
	want := "report something odd\n\nThe body explains.\n\n\tWRONG: a()"
	if got != want {
		t.Errorf("ExtractDoc = %q, want %q", got, want)
	}
	if analysisutil.Title(got) != "report something odd" {
		t.Errorf("Title = %q", analysisutil.Title(got))
	}
	if _, err := analysisutil.ExtractDoc(docgo, "y"); err == nil || !strings.Contains(err.Error(), "# Analyzer y") {
		t.Errorf("missing section: err = %v", err)
	}
}
