package plugin_test

// TestGolangciLint builds a golangci-lint containing the plugin, offline,
// and runs it with the repository's .golangci.yml on testdata/lintme and
// on the bundled examples.
//
// The binary is built by scripts/customgcl, the program behind
// `make golangci-lint`, which does from the Go module proxy what
// `golangci-lint custom` does from a git clone. The test has it write the
// binary into the user's cache directory under a key made of the
// golangci-lint and Go versions and the hash of what the build reads (every
// file of this module that the plugin or the build program compiles,
// .custom-gcl.yml, go.mod and go.sum), and skips the build when that
// binary exists, so only the first run after a change of a pass pays for
// the build.
//
// Measured on 2 busy cores (load average 5 to 9): empty module and build
// caches 8.5 min (building scripts/customgcl and the standard library
// 1 min, downloads and go mod tidy 25 s, golangci-lint's build 7 min);
// golangci-lint's modules not downloaded yet but syncvet's built, 4.5 min;
// warm caches but a changed pass, 1.5 min; binary cached, 30 s (the
// golangci-lint runs).

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/syncvet/syncvet/passes"
)

const golangciVersion = "v2.15.0"

func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint with the plugin (minutes on a cold cache)")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	checkCustomConfig(t, root)
	bin := customGolangciLint(t, root)
	config, err := os.ReadFile(filepath.Join(root, ".golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}

	// The issues on testdata/lintme/queue.go: one per finding, its related
	// position (the if) in its message, none on the lines that
	// //nolint:syncvet and //syncvet:ignore silence, and the directives
	// that syncvetignore reports.
	want := []string{
		"21 condloop: q.nonEmpty.Wait is guarded by an if, not a for loop; use for instead of if (condition checked only once here: queue.go:20)",
		"32 condloop: q.nonEmpty.Wait is not inside a for loop re-checking the condition; use for !condition { q.nonEmpty.Wait() }",
		"91 syncvetignore: //syncvet:ignore names condlop, which is not a syncvet check; did you mean condloop?",
		"92 condloop: q.nonEmpty.Wait is not inside a for loop re-checking the condition; use for !condition { q.nonEmpty.Wait() }",
		"104 syncvetignore: //syncvet:ignore condloop silences no condloop finding; remove it",
	}
	// Lines of findings that are silenced, and of the if of the finding
	// that //nolint:syncvet silences on line 55.
	silenced := []int{42, 54, 55, 79, 80}

	t.Run("findings", func(t *testing.T) {
		dir := lintme(t, config)
		code, issues, out := golangciRun(t, bin, dir)
		if code != 1 {
			t.Fatalf("exit code %d, want 1 (issues)\n%s", code, out)
		}
		if !slices.Equal(issues, want) {
			t.Errorf("issues:\n%s\nwant:\n%s\n(output:\n%s)", strings.Join(issues, "\n"), strings.Join(want, "\n"), out)
		}
		for _, is := range issues {
			if slices.Contains(silenced, lineOf(is)) {
				t.Errorf("issue on a silenced line: %s", is)
			}
		}
	})

	t.Run("examples", func(t *testing.T) {
		examples(t, bin, root)
	})

	t.Run("fix", func(t *testing.T) {
		dir := lintme(t, config)
		cmd := exec.Command(bin, "run", "--fix", "--show-stats=false", "./...")
		cmd.Dir = dir
		cmd.Env = lintEnv(t)
		out, _ := cmd.CombinedOutput()
		src, err := os.ReadFile(filepath.Join(dir, "queue.go"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		for _, tc := range []struct {
			line int
			want string
			why  string
		}{
			{20, "\tfor len(q.items) == 0 {", "fixed"},
			{32, "\tq.nonEmpty.Wait()", "no fix"},
			{54, "\tif len(q.items) == 0 {", "silenced by //nolint:syncvet"},
		} {
			if got := lines[tc.line-1]; got != tc.want {
				t.Errorf("after --fix, line %d (%s) is %q, want %q\n%s", tc.line, tc.why, got, tc.want, out)
			}
		}
		_, issues, out2 := golangciRun(t, bin, dir)
		if want := want[1:]; !slices.Equal(issues, want) {
			t.Errorf("after --fix, issues:\n%s\nwant:\n%s\n(output:\n%s)", strings.Join(issues, "\n"), strings.Join(want, "\n"), out2)
		}
	})

	t.Run("disable", func(t *testing.T) {
		// With condloop disabled, its findings are gone and the directive
		// naming it is not called stale (whether it is used cannot be
		// told); the misspelled one is still reported.
		dir := lintme(t, setDisable(t, config, "[condloop]"))
		code, issues, out := golangciRun(t, bin, dir)
		want := []string{want[2]}
		if code != 1 || !slices.Equal(issues, want) {
			t.Errorf("with disable: [condloop]: exit code %d, issues:\n%s\nwant 1 and:\n%s\n(output:\n%s)", code, strings.Join(issues, "\n"), strings.Join(want, "\n"), out)
		}
	})

	t.Run("bad settings", func(t *testing.T) {
		dir := lintme(t, setDisable(t, config, "[condlop]"))
		code, _, out := golangciRun(t, bin, dir)
		if code != 3 || !strings.Contains(out, `disable names "condlop", which is not a syncvet check; did you mean condloop?`) {
			t.Errorf("with disable: [condlop]: exit code %d, want 3 and an error naming the typo and the check meant\n%s", code, out)
		}
	})
}

// examples runs golangci-lint with syncvet alone on the bundled examples
// (testdata/NAME, at the root) with golangci-lint's default processing
// (issues unique by line, at most 3 of the same text) and checks that it
// reports each finding of testdata/expected.txt, the standalone command's,
// as one issue: at the finding's position, its message followed by its
// related positions in parentheses.
func examples(t *testing.T, bin, root string) {
	golden, err := os.ReadFile(filepath.Join(root, "testdata", "expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// file:line: message, and each related position indented by a tab.
	re := regexp.MustCompile(`^([^:]+):(\d+): (\t?)(.*)$`)
	var want []string
	var related []string
	flush := func() {
		if len(related) > 0 {
			want[len(want)-1] += " (" + strings.Join(related, "; ") + ")"
		}
		related = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(golden))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := re.FindStringSubmatch(line)
		switch {
		case m == nil:
			t.Fatalf("testdata/expected.txt: unexpected line %q", line)
		case m[3] == "":
			if len(want) > 0 {
				flush()
			}
			want = append(want, m[1]+":"+m[2]+" "+m[4])
		case len(want) == 0:
			t.Fatalf("testdata/expected.txt: related position before any finding: %q", line)
		default:
			related = append(related, m[4]+": "+filepath.Base(m[1])+":"+m[2])
		}
	}
	if len(want) == 0 {
		t.Fatal("testdata/expected.txt has no findings")
	}
	flush()

	args := []string{"run", "--enable-only=syncvet", "--output.json.path=" + filepath.Join(t.TempDir(), "report.json"), "--show-stats=false"}
	entries, err := os.ReadDir(filepath.Join(root, "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			args = append(args, "./testdata/"+e.Name())
		}
	}
	code, reported, out := golangciReport(t, bin, root, args)
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (issues)\n%s", code, out)
	}
	checks := map[string]bool{}
	for _, a := range passes.All() {
		checks[a.Name] = true
	}
	var got []string
	for _, is := range reported {
		check, msg, _ := strings.Cut(is.Text, ": ")
		if !checks[check] {
			t.Errorf("issue not of a syncvet pass: %s:%d: %s", is.Pos.Filename, is.Pos.Line, is.Text)
		}
		got = append(got, fmt.Sprintf("%s:%d %s", filepath.ToSlash(is.Pos.Filename), is.Pos.Line, msg))
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("%d issues on the bundled examples, want one per finding of testdata/expected.txt (%d):\n%s\nwant:\n%s",
			len(got), len(want), strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkCustomConfig checks that .custom-gcl.yml, the configuration users
// give `golangci-lint custom`, builds the version this test builds and
// imports this plugin.
func checkCustomConfig(t *testing.T, root string) {
	data, err := os.ReadFile(filepath.Join(root, ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"version: " + golangciVersion + "\n",
		"module: github.com/syncvet/syncvet\n",
		"import: github.com/syncvet/syncvet/plugin\n",
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf(".custom-gcl.yml lacks %q", want)
		}
	}
}

// setDisable returns config with its plugin setting "disable: []"
// replaced by "disable: list".
func setDisable(t *testing.T, config []byte, list string) []byte {
	t.Helper()
	const marker = "disable: []"
	if !bytes.Contains(config, []byte(marker)) {
		t.Fatalf(".golangci.yml lacks %q", marker)
	}
	return bytes.Replace(config, []byte(marker), []byte("disable: "+list), 1)
}

// lintme copies testdata/lintme and the given .golangci.yml into a
// temporary directory and returns it.
func lintme(t *testing.T, config []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "lintme"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), config, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// An issue is what golangci-lint's JSON report says of one.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

// golangciRun runs golangci-lint in dir and returns its exit code, the
// syncvet issues as "LINE TEXT" in order, and what it printed.
func golangciRun(t *testing.T, bin, dir string) (code int, issues []string, output string) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	code, reported, output := golangciReport(t, bin, dir, []string{"run", "--output.json.path=" + report, "--show-stats=false", "./..."})
	for _, is := range reported {
		issues = append(issues, fmt.Sprintf("%d %s", is.Pos.Line, is.Text))
	}
	sort.SliceStable(issues, func(i, j int) bool { return lineOf(issues[i]) < lineOf(issues[j]) })
	return code, issues, output
}

// golangciReport runs golangci-lint in dir with args, which name a JSON
// report with --output.json.path=, and returns its exit code, the syncvet
// issues of the report (an issue of another linter is an error), and
// what it printed.
func golangciReport(t *testing.T, bin, dir string, args []string) (code int, issues []issue, output string) {
	t.Helper()
	var report string
	for _, arg := range args {
		if path, ok := strings.CutPrefix(arg, "--output.json.path="); ok {
			report = path
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = lintEnv(t)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatal(err)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return code, nil, string(out) // no report: a configuration error
	}
	var parsed struct{ Issues []issue }
	if err := json.Unmarshal(data, &parsed); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	for _, is := range parsed.Issues {
		if is.FromLinter != "syncvet" {
			t.Errorf("unexpected issue from %s: %s:%d: %s", is.FromLinter, is.Pos.Filename, is.Pos.Line, is.Text)
			continue
		}
		issues = append(issues, is)
	}
	return code, issues, string(out)
}

func lineOf(issue string) int {
	var n int
	fmt.Sscan(issue, &n)
	return n
}

// lintEnv is the environment of golangci-lint runs: a cache of their own,
// so that results of an older build of the plugin are never reused.
func lintEnv(t *testing.T) []string {
	return append(os.Environ(), "GOWORK=off", "GOLANGCI_LINT_CACHE="+t.TempDir())
}

// customGolangciLint returns the path of a golangci-lint binary built with
// the plugin of the checkout at root by scripts/customgcl, building it if
// the cache lacks it.
func customGolangciLint(t *testing.T, root string) string {
	t.Helper()
	key, err := pluginKey(root)
	if err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(t.TempDir(), "cache")
	if dir, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(dir, "syncvet-test")
	}
	name := "golangci-lint-" + golangciVersion + "-" + key
	bin := filepath.Join(cacheDir, name)
	if _, err := os.Stat(bin); err == nil {
		t.Logf("using cached %s", bin)
		return bin
	}
	cmd := exec.Command("go", "run", "./scripts/customgcl", "-o", bin)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./scripts/customgcl: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))

	// Keep one binary: remove those of older sources.
	if entries, err := os.ReadDir(cacheDir); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "golangci-lint-") && e.Name() != name {
				os.Remove(filepath.Join(cacheDir, e.Name()))
			}
		}
	}
	return bin
}

// pluginKey hashes what the plugin is built from: the Go version, the
// golangci-lint version, .custom-gcl.yml, go.mod, go.sum and every file of
// this module's packages that the plugin package or the build program
// depends on.
func pluginKey(root string) (string, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=Dir,GoFiles,CgoFiles,EmbedFiles,Module", "./plugin", "./scripts/customgcl")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list: %v", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", runtime.Version(), golangciVersion)
	var files []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir                           string
			GoFiles, CgoFiles, EmbedFiles []string
			Module                        *struct{ Path string }
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
		if p.Module == nil || p.Module.Path != "github.com/syncvet/syncvet" {
			continue
		}
		for _, f := range slices.Concat(p.GoFiles, p.CgoFiles, p.EmbedFiles) {
			files = append(files, filepath.Join(p.Dir, f))
		}
	}
	for _, f := range []string{".custom-gcl.yml", "go.mod", "go.sum"} {
		files = append(files, filepath.Join(root, f))
	}
	sort.Strings(files)
	files = slices.Compact(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, f)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
