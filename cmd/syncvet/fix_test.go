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

	r = syncvet(t, "-condloop", "-fix", "./sub")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("-fix: exit %d\n%s", r.code, r.stderr)
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
