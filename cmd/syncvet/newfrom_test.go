package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// waits returns a file of package sub whose functions named by names
// each hold one condloop mistake, at line 7+4*i. The line of each Wait is
// unique, so that git diff cannot align the lines in another way.
func waits(names ...string) string {
	var b strings.Builder
	b.WriteString("package sub\n\nimport \"sync\"\n\n")
	for _, n := range names {
		b.WriteString("func " + n + "(c *sync.Cond) {\n\tc.L.Lock()\n\tc.Wait() // " + n + "\n}\n")
	}
	return b.String()
}

// TestNewFromRev checks PR mode on a git repository: a base commit with
// old mistakes, then a commit and uncommitted changes adding new ones, and
// an untracked file.
func TestNewFromRev(t *testing.T) {
	dir := newModule(t, map[string]string{
		"sub/old.go":    waits("Old1", "Old2"),
		"sub/edited.go": waits("Kept1", "Kept2"),
	})
	gitCmd(t, dir, "init", "-q", "-b", "main")
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-q", "-m", "base")
	base := gitCmd(t, dir, "rev-parse", "HEAD")

	// A commit on a branch adds a function between the two old ones...
	gitCmd(t, dir, "checkout", "-q", "-b", "feature")
	writeFiles(t, dir, map[string]string{"sub/edited.go": waits("Kept1", "Committed", "Kept2")})
	gitCmd(t, dir, "commit", "-q", "-am", "feature")
	// ... the work tree changes another line, and adds an untracked file.
	edited := strings.Replace(waits("Kept1", "Committed", "Kept2"), "c.Wait() // Kept2", "c.Wait() // Kept2, changed", 1)
	writeFiles(t, dir, map[string]string{"sub/edited.go": edited, "sub/new.go": waits("Untracked")})

	all := syncvet(t, "-condloop", "./...")
	if n := len(textLines(dir, all.stderr)); n != 6 {
		t.Fatalf("without -new-from-rev: %d findings, want 6\n%s", n, all.stderr)
	}
	for _, rev := range []string{base, "main"} {
		r := syncvet(t, "-condloop", "-new-from-rev="+rev, "./...")
		if r.code != 3 {
			t.Errorf("-new-from-rev=%s: exit %d, want 3\n%s", rev, r.code, r.stderr)
		}
		got := textLines(dir, r.stderr)
		sortStrings(got)
		want := []string{
			"sub/edited.go:11:2: c.Wait is not inside a for loop re-checking the condition; use for !condition { c.Wait() }",
			"sub/edited.go:15:2: c.Wait is not inside a for loop re-checking the condition; use for !condition { c.Wait() }",
			"sub/new.go:7:2: c.Wait is not inside a for loop re-checking the condition; use for !condition { c.Wait() }",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("-new-from-rev=%s:\n%s\nwant:\n%s", rev, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}

	// Since HEAD, only the uncommitted change and the untracked file.
	r := syncvet(t, "-condloop", "-new-from-rev=HEAD", "-format=sarif", "./...")
	if n := strings.Count(r.stdout, `"ruleId": "condloop"`); n != 2 {
		t.Errorf("-new-from-rev=HEAD -format=sarif: %d results, want 2\n%s", n, r.stdout)
	}

	// Nothing changed since the work tree is committed: exit 0.
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-q", "-m", "all")
	if r := syncvet(t, "-condloop", "-new-from-rev=HEAD", "./..."); r.code != 0 || r.stderr != "" {
		t.Errorf("nothing new: exit %d, want 0\n%s", r.code, r.stderr)
	}
}

// TestNewFromRevMissing checks the error when the revision is not there,
// as in a shallow clone of a pull request.
func TestNewFromRevMissing(t *testing.T) {
	dir := newModule(t, map[string]string{"sub/a.go": waits("A")})
	gitCmd(t, dir, "init", "-q")
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-q", "-m", "one")
	base := gitCmd(t, dir, "rev-parse", "HEAD")
	writeFiles(t, dir, map[string]string{"sub/b.go": waits("B")})
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-q", "-m", "two")

	shallow := filepath.Join(t.TempDir(), "shallow")
	gitCmd(t, dir, "clone", "-q", "--depth=1", "file://"+dir, shallow)
	t.Chdir(shallow)
	for _, rev := range []string{base, "origin/nosuchbranch"} {
		r := syncvet(t, "-condloop", "-new-from-rev="+rev, "./...")
		if r.code != 1 || !strings.Contains(r.stderr, "is not in this repository") || !strings.Contains(r.stderr, "fetch-depth: 0") {
			t.Errorf("-new-from-rev=%s in a shallow clone: exit %d, stderr %q; want 1 and an explanation", rev, r.code, r.stderr)
		}
	}

	outside := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(outside))
	writeFiles(t, outside, map[string]string{"go.mod": "module example.com/x\n\ngo 1.26.0\n", "x.go": "package x\n"})
	t.Chdir(outside)
	if r := syncvet(t, "-new-from-rev=HEAD", "./..."); r.code != 1 || !strings.Contains(r.stderr, "needs a git work tree") {
		t.Errorf("outside git: exit %d, stderr %q", r.code, r.stderr)
	}
}
