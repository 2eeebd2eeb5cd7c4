// Package relatedtest checks the Related positions of the diagnostics
// that analysistest.Run returns. A // want comment asserts a message, not
// the positions in Related; since messages name no positions (the line of
// the first Lock, of the leaking return, of the go statement are in
// Related), the tests of the passes assert those here.
package relatedtest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/analysistest"
)

// Testing is the part of *testing.T that Check uses.
type Testing interface {
	Helper()
	Errorf(format string, args ...any)
}

// Check reports an error for each position of want, "dir/file.go:line"
// relative to the testdata's src directory, whose diagnostics' Related
// positions (of all the diagnostics on that line, in order) are not the
// positions it maps to. A related position in another file than its
// diagnostic is "dir/file.go:line" too; one in the same file is
// "line". A package analyzed twice (once with its tests) counts once.
func Check(t Testing, results []*analysistest.Result, want map[string][]string) {
	t.Helper()
	got := map[string][]string{}
	seen := map[string]bool{}
	for _, r := range results {
		if r.Action == nil || r.Action.Package == nil {
			continue
		}
		fset := r.Action.Package.Fset
		for _, d := range r.Action.Diagnostics {
			p := fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d", rel(p.Filename), p.Line)
			if _, ok := want[key]; !ok || seen[p.String()+" "+d.Message] {
				continue
			}
			seen[p.String()+" "+d.Message] = true
			rs := got[key]
			if rs == nil {
				rs = []string{} // a diagnostic with no Related
			}
			for _, ri := range d.Related {
				q := fset.Position(ri.Pos)
				switch {
				case !q.IsValid():
					rs = append(rs, "-")
				case q.Filename == p.Filename:
					rs = append(rs, fmt.Sprint(q.Line))
				default:
					rs = append(rs, fmt.Sprintf("%s:%d", rel(q.Filename), q.Line))
				}
			}
			got[key] = rs
		}
	}
	for key, w := range want {
		g, ok := got[key]
		switch {
		case !ok:
			t.Errorf("%s: no diagnostic", key)
		case !slices.Equal(g, w):
			t.Errorf("%s: related positions %v, want %v", key, g, w)
		}
	}
}

// rel returns filename relative to the src directory of the testdata.
func rel(filename string) string {
	filename = filepath.ToSlash(filename)
	if i := strings.LastIndex(filename, "/src/"); i >= 0 {
		return filename[i+len("/src/"):]
	}
	return filepath.Base(filename)
}
