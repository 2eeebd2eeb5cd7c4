package analysisutil_test

import (
	"go/token"
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

// TestBefore checks that source order does not depend on the order in
// which files were added to the file set.
func TestBefore(t *testing.T) {
	fset := token.NewFileSet()
	b := fset.AddFile("b.go", -1, 100) // added first: smaller token.Pos
	a := fset.AddFile("a.go", -1, 100)
	if !analysisutil.Before(fset, a.Pos(50), b.Pos(10)) {
		t.Error("a.go:50 is not before b.go:10")
	}
	if analysisutil.Before(fset, b.Pos(10), a.Pos(50)) {
		t.Error("b.go:10 is before a.go:50")
	}
	if !analysisutil.Before(fset, a.Pos(10), a.Pos(50)) || analysisutil.Before(fset, a.Pos(50), a.Pos(50)) {
		t.Error("offsets in one file are not in order")
	}
}
