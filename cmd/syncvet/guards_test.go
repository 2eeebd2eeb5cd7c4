package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// syncvet -guards on testdata/guards prints the contracts syncvet infers
// as checklocks annotations; pasted back above the lines it names, they
// change no finding: the same checks report at the same lines.
func TestGuardsPasteBack(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "cmd", "syncvet", "testdata", "guards"))); err != nil {
		t.Fatal(err)
	}
	before := findingsIn(t, dir)

	res := command(t, dir, bin, "-guards", "./...")
	if res.code != 0 {
		t.Fatalf("syncvet -guards: %s", res)
	}
	for _, want := range []string{
		"cache.go:16:2: (*guards.Cache).items: // +checklocks:mu  (held at 7 of 7 accesses)",
		"cache.go:17:2: (*guards.Cache).hits: // +checklocks:mu  (held at 5 of 6 accesses)",
		"cache.go:18:2: (*guards.Cache).size: guarded by mu (held at 4 of 5 accesses judged), but +checklocks:mu would also report 1 (related)",
		"cache.go:52:41: \tread without it here",
		"cache.go:38:17: (*guards.Cache).evictLocked: // +checklocks:c.mu  (held by every caller in the package)",
		"cache.go:65:17: (*guards.Cache).lock: // +checklocksacquire:c.mu  (held on every return)",
		"cache.go:97:17: (*guards.Table).copyRows: // +checklocksread:t.rw  (held by every caller in the package)",
		"cache.go:109:2: (*guards.Counter).n: // +checklocks:Mutex  (held at 5 of 6 accesses)",
	} {
		if !slices.Contains(strings.Split(res.stdout, "\n"), want) {
			t.Errorf("syncvet -guards does not print %q; it prints:\n%s", want, res.stdout)
		}
	}

	inserted := pasteAnnotations(t, dir, res.stdout)
	if n := len(inserted["cache.go"]); n != 8 {
		t.Fatalf("pasted %d annotations, want the 8 printed:\n%s", n, res.stdout)
	}
	after := findingsIn(t, dir)
	var moved []string
	annotated := false
	for _, f := range after {
		// The i-th insertion (in order) is now at line at+i: the lines
		// above f's that are insertions.
		n := 0
		for i, at := range inserted[f.file] {
			if at+i < f.line {
				n++
			}
		}
		moved = append(moved, fmt.Sprintf("%s %s:%d", f.check, f.file, f.line-n))
		annotated = annotated || strings.Contains(f.message, "+checklocks:mu annotation requires")
	}
	var was []string
	for _, f := range before {
		was = append(was, fmt.Sprintf("%s %s:%d", f.check, f.file, f.line))
	}
	slices.Sort(was)
	slices.Sort(moved)
	if !slices.Equal(was, moved) {
		t.Errorf("findings before pasting the annotations:\n%s\nafter (at the lines before pasting):\n%s",
			strings.Join(was, "\n"), strings.Join(moved, "\n"))
	}
	if !annotated {
		t.Errorf("no finding cites the pasted annotations:\n%v", after)
	}
}

type lineFinding struct {
	check, file, message string
	line                 int
}

// findingsIn runs syncvet -json ./... in dir.
func findingsIn(t *testing.T, dir string) []lineFinding {
	t.Helper()
	res := command(t, dir, bin, "-json", "./...")
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(res.stdout), &tree); err != nil {
		t.Fatalf("syncvet -json: %v\n%s", err, res)
	}
	var out []lineFinding
	for _, byCheck := range tree {
		for check, raw := range byCheck {
			var diags []struct{ Posn, Message string }
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s: %v: %s", check, err, raw)
			}
			for _, d := range diags {
				parts := strings.Split(d.Posn, ":")
				if len(parts) < 3 {
					t.Fatalf("position %q", d.Posn)
				}
				line, _ := strconv.Atoi(parts[len(parts)-2])
				file := filepath.Base(strings.Join(parts[:len(parts)-2], ":"))
				out = append(out, lineFinding{check, file, d.Message, line})
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no findings in %s:\n%s", dir, res)
	}
	return out
}

var annotationLine = regexp.MustCompile(`^(\S+\.go):(\d+):\d+: \S+: (// \+checklocks\S*)  \(`)

// pasteAnnotations inserts each annotation -guards printed on the line
// above the one it names, indented as that line, and returns the lines
// (before insertion) that got one, by file name.
func pasteAnnotations(t *testing.T, dir, out string) map[string][]int {
	t.Helper()
	type ann struct {
		line int
		text string
	}
	byFile := map[string][]ann{}
	for _, l := range strings.Split(out, "\n") {
		m := annotationLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		byFile[m[1]] = append(byFile[m[1]], ann{n, m[3]})
	}
	inserted := map[string][]int{}
	for name, anns := range byFile {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		var out []string
		for i, l := range lines {
			for _, a := range anns {
				if a.line == i+1 {
					indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
					out = append(out, indent+a.text)
					inserted[filepath.Base(name)] = append(inserted[filepath.Base(name)], a.line)
				}
			}
			out = append(out, l)
		}
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, lines := range inserted {
		slices.Sort(lines)
	}
	return inserted
}
