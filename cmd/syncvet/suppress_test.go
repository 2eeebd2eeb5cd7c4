package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ignoreGo has condloop and copylocks findings, some silenced by
// //syncvet:ignore, and directives that are themselves wrong.
const ignoreGo = `package sub

import "sync"

type Box struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (b *Box) Reported() {
	b.mu.Lock()
	b.cond.Wait()
	b.mu.Unlock()
}

func (b *Box) SilencedAbove() {
	b.mu.Lock()
	//syncvet:ignore condloop one producer, which signals after the consumer waits
	b.cond.Wait()
	b.mu.Unlock()
}

func (b *Box) SilencedAtEnd() {
	b.mu.Lock()
	b.cond.Wait() //syncvet:ignore condloop one producer, which signals after the consumer waits
	b.mu.Unlock()
}

func (b *Box) NoReason() {
	b.mu.Lock()
	//syncvet:ignore condloop
	b.cond.Wait()
	b.mu.Unlock()
}

func (b *Box) Stale() {
	//syncvet:ignore condloop the Wait that was here is gone
	b.mu.Lock()
	b.mu.Unlock()
}

//syncvet:ignore copylocks Copy is only called on a Box nobody else holds
func Copy(b Box) int { return b.n }

func Typo(b *Box) {
	//syncvet:ignore condlop misspelled
	b.n++
}
`

var wantIgnore = []string{
	"sub/ignore.go:13:2: b.cond.Wait is not inside a for loop re-checking the condition; use for !condition { b.cond.Wait() }",
	"sub/ignore.go:32:2: //syncvet:ignore condloop needs a reason after the check name; write //syncvet:ignore condloop REASON",
	"sub/ignore.go:33:2: b.cond.Wait is not inside a for loop re-checking the condition; use for !condition { b.cond.Wait() }",
	"sub/ignore.go:38:2: //syncvet:ignore condloop silences no condloop finding; remove it",
	"sub/ignore.go:47:2: //syncvet:ignore names condlop, which is not a syncvet check; did you mean condloop?",
}

// TestIgnore checks //syncvet:ignore in the standalone command.
func TestIgnore(t *testing.T) {
	dir := newModule(t, map[string]string{"sub/ignore.go": ignoreGo})
	r := syncvet(t, "-condloop", "-copylocks", "-syncvetignore", "./sub")
	if r.code != 3 {
		t.Errorf("exit %d, want 3", r.code)
	}
	got := textLines(dir, r.stderr)
	sortStrings(got)
	if strings.Join(got, "\n") != strings.Join(wantIgnore, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantIgnore, "\n"))
	}

	// With condloop not run, its directives cannot be judged unused.
	r = syncvet(t, "-copylocks", "-syncvetignore", "./sub")
	for _, line := range textLines(dir, r.stderr) {
		if strings.Contains(line, "silences no") {
			t.Errorf("condloop did not run, yet: %s", line)
		}
	}
}

// TestIgnoreVet checks the same directives under go vet -vettool, where
// unitchecker is the driver.
func TestIgnoreVet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "syncvet")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := newModule(t, map[string]string{"sub/ignore.go": ignoreGo})
	cmd := exec.Command("go", "vet", "-vettool="+bin, "-condloop", "-copylocks", "-syncvetignore", "./sub")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("go vet: %v, want exit status 1\n%s", err, out)
	}
	var got []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		got = append(got, "sub/"+strings.TrimPrefix(line, "sub"+string(os.PathSeparator)))
	}
	sortStrings(got)
	if strings.Join(got, "\n") != strings.Join(wantIgnore, "\n") {
		t.Errorf("go vet output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantIgnore, "\n"))
	}

	// -bundled=false works in vet mode too.
	cmd = exec.Command("go", "vet", "-vettool="+bin, "-bundled=false", "-condloop=false", "./sub")
	cmd.Dir = dir
	out, _ = cmd.CombinedOutput()
	if strings.Contains(string(out), "(copylocks)") {
		t.Errorf("go vet -bundled=false still reports copylocks:\n%s", out)
	}
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if lineKey(s[j]) < lineKey(s[i]) {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

// lineKey orders "file:line:col: msg" by file, then line number.
func lineKey(s string) string {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) < 3 {
		return s
	}
	return parts[0] + ":" + strings.Repeat("0", 6-len(parts[1])) + parts[1] + ":" + parts[2]
}
