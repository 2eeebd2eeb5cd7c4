package main

// Tests of the standalone driver run in process (standalone(args, stdout,
// stderr)) on small modules written to temporary directories. Each test
// selects the checks it is about (-condloop, -copylocks, ...) so that
// other passes' findings on the fixtures do not matter.

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The standalone driver runs go vet with its own executable as the vet
// tool: in these in-process tests, the test binary, which serves the
// vet tool protocol as the command does.
func init() {
	if vetProtocol(os.Args[1:]) {
		vetMain()
	}
}

// box.go holds condloop and bundled checks' mistakes next to their fixes.
const boxGo = `package sub

import "sync"

type Box struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int
}

func (b *Box) Take() {
	b.mu.Lock()
	if b.n == 0 {
		b.cond.Wait()
	}
	b.n--
	b.mu.Unlock()
}

func (b *Box) Wide() {
	b.mu.Lock()
	_ = "héllo"; b.cond.Wait()
	b.mu.Unlock()
}

func (b *Box) Right() {
	b.mu.Lock()
	for b.n == 0 {
		b.cond.Wait()
	}
	b.n--
	b.mu.Unlock()
}

func Copy(b Box) int { return b.n }

func Empty(b *Box) {
	b.mu.Lock()
	b.mu.Unlock()
}
`

// writeFiles writes files (slash-separated path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newModule writes a module example.com/m with files into a new
// directory, changes into it and returns it.
func newModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	writeFiles(t, dir, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26.0\n"})
	writeFiles(t, dir, files)
	t.Chdir(dir)
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	return dir
}

type runResult struct {
	code           int
	stdout, stderr string
}

// syncvet runs the standalone command in process.
func syncvet(t *testing.T, args ...string) runResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := standalone(args, &stdout, &stderr)
	return runResult{code, stdout.String(), stderr.String()}
}

// textLines returns the findings of text output as "file:line:col: msg"
// with file relative to dir, in order.
func textLines(dir, stderr string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if line != "" {
			out = append(out, strings.TrimPrefix(line, dir+string(filepath.Separator)))
		}
	}
	return out
}

func gitCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestExitCodes(t *testing.T) {
	dir := newModule(t, map[string]string{"sub/box.go": boxGo, "clean/clean.go": "package clean\n\nfunc F() int { return 1 }\n"})
	if r := syncvet(t, "./clean"); r.code != 0 || r.stderr != "" {
		t.Errorf("clean package: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	r := syncvet(t, "-condloop", "./sub")
	if r.code != 3 {
		t.Errorf("findings: exit %d, want 3\n%s", r.code, r.stderr)
	}
	// The text format is x/tools': file:line:col: message, on stderr,
	// with the file relative to the current directory, as go vet prints
	// it, when the file is inside it.
	want := []string{
		"sub/box.go:14:3: b.cond.Wait is guarded by an if, not a for loop; use for instead of if",
		"sub/box.go:13:2: \tcondition checked only once here",
		"sub/box.go:22:16: b.cond.Wait is not inside a for loop re-checking the condition; use for !condition { b.cond.Wait() }",
	}
	if r.stdout != "" || r.stderr != strings.Join(want, "\n")+"\n" {
		t.Errorf("text output: stdout %q, stderr:\n%s\nwant on stderr:\n%s", r.stdout, r.stderr, strings.Join(want, "\n"))
	}
	t.Chdir(filepath.Join(dir, "sub"))
	if r := syncvet(t, "-condloop", "."); !strings.HasPrefix(r.stderr, "box.go:14:3: b.cond.Wait is guarded") {
		t.Errorf("in sub, the file is box.go; stderr:\n%s", r.stderr)
	}
	t.Chdir(filepath.Join(dir, "clean"))
	if r := syncvet(t, "-condloop", "../sub"); !strings.HasPrefix(r.stderr, filepath.Join(dir, "sub", "box.go")+":14:3: b.cond.Wait is guarded") {
		t.Errorf("outside the current directory, the file's name is absolute; stderr:\n%s", r.stderr)
	}
	t.Chdir(dir)
	if r := syncvet(t, "-json", "-condloop", "./sub"); r.code != 0 || !json.Valid([]byte(r.stdout)) || !strings.Contains(r.stdout, `"condloop"`) {
		t.Errorf("-json: exit %d (want 0), stdout %q", r.code, r.stdout)
	}
	writeFiles(t, dir, map[string]string{"broken/broken.go": "package broken\n\nfunc F() int { return \"x\" }\n"})
	// The type error is printed (by go vet), once, not a line per check
	// saying it did not run.
	if r := syncvet(t, "./broken"); r.code != 1 || strings.Count(r.stderr, "broken.go:3:23: cannot use") != 1 ||
		strings.Contains(r.stderr, "skipped") || strings.Contains(r.stderr, "prerequisites") {
		t.Errorf("package with type errors: exit %d, stderr %q; want 1 and the type error once", r.code, r.stderr)
	}
	if r := syncvet(t, "-format=xml", "./sub"); r.code != 2 || !strings.Contains(r.stderr, "unknown -format") {
		t.Errorf("-format=xml: exit %d, stderr %q", r.code, r.stderr)
	}
}

// The checks built on staticcheck's IR (SA2002, SA2003) build it only for
// packages that use the testing package or sync's Lock methods: these
// packages must still get their findings, the last one through a mutex
// embedded in another package's type, its package not importing sync.
var irFiles = map[string]string{
	"sub/defer.go": `package sub

import "sync"

var mu sync.Mutex

func Relock() {
	mu.Lock()
	defer mu.Lock()
}
`,
	"sub/box_test.go": `package sub

import "testing"

func TestFailNowInGoroutine(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		t.FailNow()
	}()
	<-done
}
`,
	"dep/dep.go": `package dep

import "sync"

type Guarded struct {
	sync.Mutex
	N int
}
`,
	"user/user.go": `package user

import "example.com/m/dep"

func Bump(g *dep.Guarded) {
	m := &g.Mutex
	m.Lock()
	defer m.Lock()
	g.N++
}
`,
}

// TestBundled checks that go vet's and staticcheck's concurrency checks run
// by default, labelled with their names, and that -bundled=false turns
// them off.
func TestBundled(t *testing.T) {
	files := map[string]string{"sub/box.go": boxGo}
	maps.Copy(files, irFiles)
	dir := newModule(t, files)
	r := syncvet(t, "-condloop=false", "-syncvetignore=false", "-missingunlock=false", "-doublelock=false", "./...")
	got := strings.Join(textLines(dir, r.stderr), "\n")
	for _, want := range []struct{ prefix, suffix string }{
		{"sub/box.go:35:13: Copy passes lock by value: example.com/m/sub.Box contains sync.Mutex", "(copylocks)"},
		{"sub/box.go:39:2: empty critical section", "(SA2001)"},
		{"sub/defer.go:9:2: ", "(SA2003)"},
		{"sub/box_test.go:7:2: ", "(SA2002)"},
		{"user/user.go:8:2: ", "(SA2003)"},
	} {
		found := false
		for _, line := range strings.Split(got, "\n") {
			found = found || strings.HasPrefix(line, want.prefix) && strings.HasSuffix(line, want.suffix)
		}
		if !found {
			t.Errorf("default run lacks %s...%s; output:\n%s", want.prefix, want.suffix, got)
		}
	}
	r = syncvet(t, "-bundled=false", "-condloop=false", "./sub")
	if strings.Contains(r.stderr, "(copylocks)") || strings.Contains(r.stderr, "(SA2001)") {
		t.Errorf("-bundled=false still runs bundled checks:\n%s", r.stderr)
	}
	r = syncvet(t, "-SA2001", "./sub")
	if got := textLines(dir, r.stderr); len(got) != 1 || !strings.HasSuffix(got[0], "(SA2001)") {
		t.Errorf("-SA2001 alone: got %q, want only the SA2001 finding", got)
	}
}

func TestHelp(t *testing.T) {
	r := syncvet(t, "help")
	for _, want := range []string{"condloop", "copylocks", "SA2003", "syncvetignore", "-new-from-rev", "-format", "-version", "syncvet version"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	r = syncvet(t, "help", "condloop")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "condloop: report sync.Cond.Wait") || !strings.Contains(r.stdout, "WRONG") {
		t.Errorf("help condloop: exit %d\n%s", r.code, r.stdout)
	}
	for _, tc := range []struct{ name, want string }{
		{"condlop", `syncvet: no check named "condlop"; did you mean condloop?`},
		{"lockodrer", `syncvet: no check named "lockodrer"; did you mean lockorder?`},
		{"sa2001", `syncvet: no check named "sa2001"; did you mean SA2001?`},
		{"nosuch", `syncvet: no check named "nosuch"; run syncvet help for the list`},
	} {
		if r := syncvet(t, "help", tc.name); r.code != 1 || r.stdout != "" || r.stderr != tc.want+"\n" {
			t.Errorf("help %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.name, r.code, r.stdout, r.stderr, tc.want)
		}
	}
	// A misspelled flag gets a suggestion too.
	if r := syncvet(t, "-condlop", "./..."); r.code != 2 ||
		!strings.HasPrefix(r.stderr, "flag provided but not defined: -condlop\nsyncvet: did you mean -condloop?\n") {
		t.Errorf("-condlop: exit %d, stderr %q; want exit 2, the error and did you mean -condloop?", r.code, r.stderr)
	}
	if r := syncvet(t, "-nosuchflag", "./..."); r.code != 2 || strings.Contains(r.stderr, "did you mean") {
		t.Errorf("-nosuchflag: exit %d, stderr %q; want exit 2 and no suggestion", r.code, r.stderr)
	}
}
