package lockset

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestResolvePosKeepsLine: a position read from a fact is looked up in a
// file of the FileSet; a file loaded from export data has one-byte lines,
// and the fact's column must not carry the position to a later line.
func TestResolvePosKeepsLine(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("dep/dep.go", -1, 10)
	lines := make([]int, 10)
	for i := range lines {
		lines[i] = i // ten lines of one byte each
	}
	f.SetLines(lines)
	pa := &pkgAnalysis{pass: &analysis.Pass{Fset: fset}}
	for _, tc := range []struct{ line, col, want int }{
		{3, 1, 3},
		{3, 6, 3}, // column 6 of a one-byte line: still line 3
		{10, 4, 10},
	} {
		op := pa.resolvePos(Op{Position: token.Position{Filename: "dep/dep.go", Line: tc.line, Column: tc.col}})
		if !op.pos.IsValid() {
			t.Errorf("line %d col %d: no position", tc.line, tc.col)
			continue
		}
		if got := fset.Position(op.pos).Line; got != tc.want {
			t.Errorf("line %d col %d: resolved to line %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
}
