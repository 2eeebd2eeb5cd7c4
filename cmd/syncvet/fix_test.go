package main

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFix applies condloop's fix, once although the file is analyzed in
// its package and in the package's test variant. box.go is not gofmt-ed
// (line 22), so the fix leaves the rest of the file as it was.
func TestFix(t *testing.T) {
	dir := newModule(t, map[string]string{
		"sub/box.go":      boxGo,
		"sub/box_test.go": "package sub\n\nimport \"testing\"\n\nfunc TestBox(t *testing.T) {}\n",
	})
	path := filepath.Join(dir, "sub", "box.go")

	r := syncvet(t, "-condloop", "-fix", "-diff", "./sub")
	if r.code != 0 {
		t.Fatalf("-fix -diff: exit %d\n%s", r.code, r.stderr)
	}
	wantDiff := `--- a/sub/box.go
+++ b/sub/box.go
@@ -10,7 +10,7 @@
 
 func (b *Box) Take() {
 	b.mu.Lock()
-	if b.n == 0 {
+	for b.n == 0 {
 		b.cond.Wait()
 	}
 	b.n--
`
	if r.stdout != wantDiff {
		t.Errorf("-fix -diff printed:\n%s\nwant:\n%s", r.stdout, wantDiff)
	}
	if data, _ := os.ReadFile(path); string(data) != boxGo {
		t.Errorf("-fix -diff changed the file")
	}

	// -fix says what it applied, and prints the finding that remains.
	r = syncvet(t, "-condloop", "-fix", "./sub")
	want := "syncvet: 1 fix applied in 1 file\n" +
		"sub/box.go:22:16: b.cond.Wait is not inside a for loop re-checking the condition; use for !condition { b.cond.Wait() }\n"
	if r.code != 0 || r.stdout != "" || r.stderr != want {
		t.Fatalf("-fix: exit %d, stdout %q, stderr:\n%s\nwant exit 0 and on stderr:\n%s", r.code, r.stdout, r.stderr, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\tfor b.n == 0 {\n\t\tb.cond.Wait()\n\t}\n") || strings.Contains(string(data), "if b.n == 0") {
		t.Errorf("after -fix:\n%s", data)
	}
	r = syncvet(t, "-condloop", "./sub")
	if got := textLines(dir, r.stderr); len(got) != 1 || !strings.Contains(got[0], "is not inside a for loop") {
		t.Errorf("after -fix, findings %q, want only the one without a fix", got)
	}
}

// getGo has a missingunlock finding whose fix removes a line (it adds a
// defer and removes two unlocks), above a condloop finding that has no
// fix.
const getGo = `package sub

import "sync"

type Box struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (b *Box) Get(mode int) int {
	b.mu.Lock()
	switch mode {
	case 0:
		return 0
	case 1:
		b.mu.Unlock()
		return 1
	}
	b.mu.Unlock()
	return b.n
}

func (b *Box) Wait() {
	b.mu.Lock()
	b.cond.Wait()
	b.mu.Unlock()
}
`

// TestFixRemaining checks that the findings -fix prints as remaining are
// at their positions in the fixed file.
func TestFixRemaining(t *testing.T) {
	newModule(t, map[string]string{"sub/get.go": getGo})
	wait := "b.cond.Wait is not inside a for loop re-checking the condition; use for !condition { b.cond.Wait() }\n"
	r := syncvet(t, "-condloop", "-missingunlock", "./sub")
	if r.code != 3 || !strings.Contains(r.stderr, "sub/get.go:12:2: b.mu is locked here") || !strings.Contains(r.stderr, "sub/get.go:26:2: "+wait) {
		t.Fatalf("before -fix: exit %d, want 3 and both findings; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"syncvet: 1 fix applied in 1 file\nsub/get.go:25:2: " + wait,
		"syncvet: 0 fixes applied in 0 files\nsub/get.go:25:2: " + wait, // nothing left to fix
	} {
		r = syncvet(t, "-condloop", "-missingunlock", "-fix", "./sub")
		if r.code != 0 || r.stdout != "" || r.stderr != want {
			t.Errorf("-fix: exit %d, stdout %q, stderr:\n%s\nwant exit 0 and on stderr:\n%s", r.code, r.stdout, r.stderr, want)
		}
	}
}

// TestFixUsage checks that -fix with a format other than text, and
// -diff without -fix, are usage errors that change nothing.
func TestFixUsage(t *testing.T) {
	dir := newModule(t, map[string]string{"sub/box.go": boxGo})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-fix", "-json"}, "syncvet: -fix cannot be combined with -json"},
		{[]string{"-fix", "-format=json"}, "syncvet: -fix cannot be combined with -format=json"},
		{[]string{"-fix", "-format=sarif"}, "syncvet: -fix cannot be combined with -format=sarif"},
		{[]string{"-fix", "-diff", "-format=sarif"}, "syncvet: -fix cannot be combined with -format=sarif"},
		{[]string{"-diff"}, "syncvet: -diff works with -fix only"},
		{[]string{"-diff", "-format=sarif"}, "syncvet: -diff works with -fix only"},
	} {
		r := syncvet(t, append(tc.args, "-condloop", "./sub")...)
		if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and one line %q...", strings.Join(tc.args, " "), r.code, r.stdout, r.stderr, tc.want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "sub", "box.go")); string(data) != boxGo {
		t.Errorf("a usage error changed the file")
	}
}

func TestFixStats(t *testing.T) {
	for _, tc := range []struct {
		st   fixStats
		want string
	}{
		{fixStats{}, "0 fixes applied in 0 files"},
		{fixStats{applied: 1, files: 1}, "1 fix applied in 1 file"},
		{fixStats{applied: 3, files: 2, skipped: 1}, "3 fixes applied in 2 files; 1 fix skipped, as it overlaps those: run syncvet -fix again"},
		{fixStats{applied: 2, files: 1, skipped: 2}, "2 fixes applied in 1 file; 2 fixes skipped, as they overlap those: run syncvet -fix again"},
	} {
		if got := tc.st.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.st, got, tc.want)
		}
	}
}

// TestDiffLines checks that the changes diffLines computes turn a into b,
// on random line sequences.
func TestDiffLines(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	randLines := func() []string {
		n := rng.Intn(12)
		out := make([]string, n)
		for i := range out {
			out[i] = string(rune('a'+rng.Intn(4))) + "\n"
		}
		return out
	}
	for i := 0; i < 2000; i++ {
		a, b := randLines(), randLines()
		var got []string
		ai := 0
		for _, c := range diffLines(a, b) {
			if c.a0 < ai || c.a1 < c.a0 || c.b1 < c.b0 {
				t.Fatalf("bad change %+v for %q -> %q", c, a, b)
			}
			got = append(got, a[ai:c.a0]...)
			got = append(got, b[c.b0:c.b1]...)
			ai = c.a1
		}
		got = append(got, a[ai:]...)
		if strings.Join(got, "") != strings.Join(b, "") {
			t.Fatalf("%q -> %q: changes give %q", a, b, got)
		}
	}
}
