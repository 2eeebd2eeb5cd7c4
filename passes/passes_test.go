package passes_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/passes"
)

var update = flag.Bool("update", false, "rewrite the table of checks in README.md")

func TestRegistry(t *testing.T) {
	all := passes.All()
	if len(all) == 0 {
		t.Fatal("passes.All() is empty")
	}
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range all {
		if seen[a.Name] {
			t.Errorf("%s registered twice", a.Name)
		}
		seen[a.Name] = true
		title := analysisutil.Title(a.Doc)
		if title == "" || len(title) > 60 || strings.HasSuffix(title, ".") || strings.ToLower(title[:1]) != title[:1] {
			t.Errorf("%s: title %q: want lowercase, no final period, at most 60 characters", a.Name, title)
		}
		if a.URL != analysisutil.URL(a.Name) {
			t.Errorf("%s: URL = %q, want %q", a.Name, a.URL, analysisutil.URL(a.Name))
		}
		if !strings.Contains(a.Doc, "WRONG") || !strings.Contains(a.Doc, "RIGHT") {
			t.Errorf("%s: Doc lacks a WRONG and a RIGHT example", a.Name)
		}
		if _, err := os.Stat(a.Name); err != nil {
			t.Errorf("%s: no package directory passes/%s", a.Name, a.Name)
		}
	}
}

const (
	beginMarker = "<!-- checks:begin (generated from passes/*/doc.go by `go test ./passes -update`) -->"
	endMarker   = "<!-- checks:end -->"
)

// table renders the README's table of checks from the analyzers' docs.
func table() string {
	var b strings.Builder
	b.WriteString("| check | what it reports |\n|---|---|\n")
	for _, a := range passes.All() {
		fmt.Fprintf(&b, "| [%s](passes/%s) | %s |\n", a.Name, a.Name, analysisutil.Title(a.Doc))
	}
	return b.String()
}

// TestREADME fails when the README's table of checks is not the one the
// doc.go files produce; run with -update to regenerate it.
func TestREADME(t *testing.T) {
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i := strings.Index(readme, beginMarker)
	j := strings.Index(readme, endMarker)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q ... %q", beginMarker, endMarker)
	}
	want := readme[:i+len(beginMarker)] + "\n" + table() + readme[j:]
	if want == readme {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's table of checks is stale; run: go test ./passes -update")
}
