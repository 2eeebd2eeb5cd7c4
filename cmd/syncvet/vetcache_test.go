package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vetCacheFiles is a module whose command imports a package with a
// mistake and no tests: after go vet ./app, go vet caches lib's result
// as a dependency's, without findings.
var vetCacheFiles = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	"lib/lib.go": `package lib

import "sync"

type Q struct {
	mu    sync.Mutex
	c     *sync.Cond
	ready bool
}

func (q *Q) Wait() {
	q.mu.Lock()
	if !q.ready {
		q.c.Wait()
	}
	q.mu.Unlock()
}
`,
	"app/main.go": `package main

import "example.com/m/lib"

func main() { new(lib.Q).Wait() }
`,
}

// TestVetCacheSequence runs the sequence that loses findings under go
// vet's cache (./app, then ./...), in a build cache of its own: the
// standalone command reports lib's finding on the second run, and so does
// go vet -a, the remedy the README gives for go vet -vettool.
func TestVetCacheSequence(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a fresh cache")
	}
	dir := t.TempDir()
	for name, content := range vetCacheFiles {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(exec.Command("go").Environ(), "GOWORK=off", "GOCACHE="+filepath.Join(t.TempDir(), "cache"), "GOFLAGS=")
	run := func(name string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
			}
			code = ee.ExitCode()
		}
		return string(out), code
	}
	const want = "lib/lib.go:14:3: q.c.Wait is guarded by an if"

	if out, code := run(bin, "./app"); code != 0 {
		t.Fatalf("syncvet ./app: exit code %d, want 0\n%s", code, out)
	}
	if out, code := run(bin, "./..."); code != 3 || !strings.Contains(out, want) {
		t.Errorf("syncvet ./... after syncvet ./app: exit code %d, want 3 and lib's finding\n%s", code, out)
	}

	vettool := "-vettool=" + bin
	if out, code := run("go", "vet", vettool, "./app"); code != 0 {
		t.Fatalf("go vet ./app: exit code %d, want 0\n%s", code, out)
	}
	run("go", "vet", vettool, "./...") // loses lib's finding with go 1.26: not asserted
	if out, code := run("go", "vet", "-a", vettool, "./..."); code != 1 || !strings.Contains(out, want) {
		t.Errorf("go vet -a ./... after go vet ./app: exit code %d, want 1 and lib's finding\n%s", code, out)
	}
}
