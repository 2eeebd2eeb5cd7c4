package main_test

// End-to-end tests of the syncvet command: they build the binary and run it
// the two ways users do, standalone and as go vet's -vettool, on the
// bundled examples of testdata/ (the tutorials' mistakes, each next to its
// fix). The findings must be exactly those of testdata/expected.txt, and
// the README's sample output must be the real one; both are regenerated
// with
//
//	go test ./cmd/syncvet -update

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/passes"
)

var update = flag.Bool("update", false, "rewrite testdata/expected.txt and the README's sample output from this run")

var (
	bin  string // the syncvet binary built for this run
	root string // the module's root directory
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	root, err = filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	dir, err := os.MkdirTemp("", "syncvet-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "syncvet")
	build := exec.Command("go", "build", "-o", bin, "./cmd/syncvet")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/syncvet: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// examples returns the bundled examples' packages as arguments for a
// command run in root: one "./testdata/NAME" per directory. The pattern
// ./testdata/... matches nothing: the go command skips every directory
// named testdata when it expands "...", even one named in the pattern.
func examples(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, e := range entries {
		if e.IsDir() {
			pkgs = append(pkgs, "./testdata/"+e.Name())
		}
	}
	if len(pkgs) == 0 {
		t.Fatal("no example packages in testdata/")
	}
	return pkgs
}

type result struct {
	stdout, stderr string
	code           int
}

// command runs name with args in dir and returns what it printed and its
// exit code; failing to start it at all fails the test.
func command(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = exit.ExitCode()
	}
	return result{stdout.String(), stderr.String(), code}
}

func (r result) String() string {
	return fmt.Sprintf("exit code %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// A finding is one diagnostic as the text output shows it, normalised to
// "file:line: message" with file relative to the module root, followed by
// its related positions, which the text output prints as lines of their
// own whose message starts with a tab.
type finding struct {
	file    string
	line    int
	text    string   // "file:line: message"
	related []string // "file:line: \tmessage"
}

var diagLine = regexp.MustCompile(`^(.+?\.go):(\d+):\d+: (.*)$`)

// parseText parses the text output of a run in root, whose file names
// must be relative (standalone runs and go vet print them relative to
// the current directory). Lines that are not diagnostics fail the test,
// but go vet's "# package" headers.
func parseText(t *testing.T, out string) []finding {
	t.Helper()
	var fs []finding
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		m := diagLine.FindStringSubmatch(line)
		if m == nil || filepath.IsAbs(m[1]) {
			t.Errorf("unexpected output line %q", line)
			continue
		}
		file := filepath.ToSlash(m[1])
		n, _ := strconv.Atoi(m[2])
		text := fmt.Sprintf("%s:%d: %s", file, n, m[3])
		if strings.HasPrefix(m[3], "\t") {
			if len(fs) == 0 {
				t.Errorf("related position %q before any diagnostic", line)
				continue
			}
			last := &fs[len(fs)-1]
			last.related = append(last.related, text)
			continue
		}
		fs = append(fs, finding{file: file, line: n, text: text})
	}
	sortFindings(fs)
	return fs
}

func sortFindings(fs []finding) {
	slices.SortStableFunc(fs, func(a, b finding) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.text, b.text),
			slices.Compare(a.related, b.related))
	})
}

// render prints findings one line each, related positions after their
// diagnostic, as testdata/expected.txt holds them.
func render(fs []finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.text + "\n")
		for _, r := range f.related {
			b.WriteString(r + "\n")
		}
	}
	return b.String()
}

const goldenHeader = "# syncvet's findings on the bundled examples (file:line: message, related positions\n" +
	"# indented with a tab after their diagnostic). Regenerate: go test ./cmd/syncvet -update\n"

// standaloneRun is the one standalone run on the examples that the tests
// share.
var standaloneRun struct {
	sync.Once
	result
}

// standalone runs syncvet on the examples (once per test binary) and
// returns its findings.
func standalone(t *testing.T) []finding {
	t.Helper()
	standaloneRun.Do(func() { standaloneRun.result = command(t, root, bin, examples(t)...) })
	r := standaloneRun.result
	if r.code != 3 || r.stdout != "" {
		t.Fatalf("syncvet ./testdata/NAME...: want exit code 3 (findings) and nothing on stdout, got %v", r)
	}
	return parseText(t, r.stderr)
}

// TestExamples runs syncvet standalone and as go vet's -vettool on the
// bundled examples and checks that both report exactly the findings of
// testdata/expected.txt.
func TestExamples(t *testing.T) {
	got := standalone(t)
	if len(got) == 0 {
		t.Fatal("no findings on the bundled examples")
	}
	text := goldenHeader + render(got)
	golden := filepath.Join(root, "testdata", "expected.txt")
	if *update && !t.Failed() { // never record output the test found wrong
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != text {
		t.Errorf("findings differ from testdata/expected.txt (run go test ./cmd/syncvet -update if the change is intended):\n%s",
			diffLines(string(want), text))
	}

	args := append([]string{"vet", "-vettool=" + bin}, examples(t)...)
	r := command(t, root, "go", args...)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("go vet -vettool=syncvet ./testdata/NAME...: want exit code 1 (findings) and nothing on stdout, got %v", r)
	}
	vet := parseText(t, r.stderr)
	if a, b := render(got), render(vet); a != b {
		t.Errorf("standalone and go vet findings differ:\n%s", diffLines(a, b))
	}
	checkREADME(t, vet, r.stderr)
}

// maxMessage is the longest message, of a diagnostic or of a related
// position, that syncvet prints on its examples: one clause of what
// happened and one of what to do. Positions go in Related, explanations
// in the check's doc (syncvet help NAME).
const maxMessage = 120

// TestMessageLength checks that every message printed on the bundled
// examples, diagnostic or related, is at most maxMessage characters long.
func TestMessageLength(t *testing.T) {
	fs := standalone(t)
	if len(fs) == 0 {
		t.Fatal("no findings on the bundled examples")
	}
	for _, f := range fs {
		for _, text := range append([]string{f.text}, f.related...) {
			_, msg, ok := strings.Cut(text, ": ")
			msg = strings.TrimPrefix(msg, "\t")
			if !ok || msg == "" {
				t.Errorf("%q: no message", text)
				continue
			}
			if n := utf8.RuneCountInString(msg); n > maxMessage {
				t.Errorf("%s\n\tmessage of %d characters, want at most %d: put positions in Related, explanations in the doc",
					text, n, maxMessage)
			}
		}
	}
}

// TestFindingsInMistakes checks the convention of the examples: every
// finding lands in a function whose name ends in Wrong, or in a method of
// a type whose name does. A finding in the code of a fix (named ...Right)
// or anywhere else is a false positive.
func TestFindingsInMistakes(t *testing.T) {
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, f := range standalone(t) {
		file, ok := files[f.file]
		if !ok {
			var err error
			file, err = parser.ParseFile(fset, filepath.Join(root, f.file), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files[f.file] = file
		}
		if name, wrong := enclosing(fset, file, f.line); !wrong {
			t.Errorf("%s\n\tis in %s, not in the code of a mistake (named ...Wrong)", f.text, name)
		}
	}
}

// enclosing names the function declared in file around line, and reports
// whether its name, or its receiver's type name, ends in Wrong.
func enclosing(fset *token.FileSet, file *ast.File, line int) (name string, wrong bool) {
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fset.Position(fn.Pos()).Line > line || fset.Position(fn.End()).Line < line {
			continue
		}
		name = fn.Name.Name
		wrong = strings.HasSuffix(name, "Wrong")
		if fn.Recv != nil && len(fn.Recv.List) == 1 {
			typ := fn.Recv.List[0].Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			if id, ok := typ.(*ast.Ident); ok {
				name = "(" + id.Name + ")." + name
				wrong = wrong || strings.HasSuffix(id.Name, "Wrong")
			}
		}
		return name, wrong
	}
	return "no function", false
}

// TestEveryPassCatchesItsExample checks that each registered pass reports
// the mistake of its own example, testdata/NAME.
func TestEveryPassCatchesItsExample(t *testing.T) {
	found := jsonFindings(t)
	for _, a := range passes.All() {
		if _, err := os.Stat(filepath.Join(root, "testdata", a.Name)); err != nil {
			t.Errorf("%s: no example package testdata/%s", a.Name, a.Name)
			continue
		}
		caught := false
		for _, d := range found[a.Name] {
			if strings.HasPrefix(d.file, "testdata/"+a.Name+"/") {
				caught = true
			}
		}
		if !caught {
			t.Errorf("%s reports nothing on its example testdata/%s", a.Name, a.Name)
		}
	}
}

type jsonDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// jsonFindings runs syncvet -json on the examples, checks that its output
// parses and holds the same findings as the text output, and returns them
// by analyzer.
func jsonFindings(t *testing.T) map[string][]finding {
	t.Helper()
	args := append([]string{"-json"}, examples(t)...)
	r := command(t, root, bin, args...)
	if r.code != 0 {
		t.Fatalf("syncvet -json: want exit code 0, got %v", r)
	}
	prefix := root + string(filepath.Separator)
	posn := func(p string) (string, int) {
		i := strings.LastIndex(p, ".go:")
		if i < 0 || !strings.HasPrefix(p, prefix) {
			t.Fatalf("syncvet -json: position %q is not in the examples", p)
		}
		line, _, _ := strings.Cut(p[i+len(".go:"):], ":")
		n, err := strconv.Atoi(line)
		if err != nil {
			t.Fatalf("syncvet -json: bad position %q", p)
		}
		return filepath.ToSlash(strings.TrimPrefix(p[:i+len(".go")], prefix)), n
	}
	byAnalyzer := map[string][]finding{}
	var all []finding
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	for {
		// {"package": {"analyzer": [diagnostic...] or {"error": "..."}}}
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("syncvet -json: output does not parse: %v\n%s", err, r.stdout)
		}
		for pkg, analyzers := range tree {
			for name, raw := range analyzers {
				var diags []jsonDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("syncvet -json: %s: %s: %s", pkg, name, raw)
				}
				for _, d := range diags {
					file, line := posn(d.Posn)
					f := finding{file: file, line: line, text: fmt.Sprintf("%s:%d: %s", file, line, d.Message)}
					for _, rel := range d.Related {
						file, line := posn(rel.Posn)
						f.related = append(f.related, fmt.Sprintf("%s:%d: \t%s", file, line, rel.Message))
					}
					byAnalyzer[name] = append(byAnalyzer[name], f)
					all = append(all, f)
				}
			}
		}
	}
	sortFindings(all)
	if a, b := render(standalone(t)), render(all); a != b {
		t.Errorf("text and -json findings differ:\n%s", diffLines(a, b))
	}
	return byAnalyzer
}

// TestExamplesBuild checks that the examples compile and that go vet's own
// checks find nothing in them: the only mistakes they hold are syncvet's.
func TestExamplesBuild(t *testing.T) {
	for _, verb := range []string{"build", "vet"} {
		args := append([]string{verb}, examples(t)...)
		if r := command(t, root, "go", args...); r.code != 0 {
			t.Errorf("go %s ./testdata/NAME...: %v", verb, r)
		}
	}
}

// module writes a module of one package, with the given source, in a
// temporary directory, and returns the directory.
func module(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// clean uses the corrected pattern of every mistake, and idioms that look
// like them but are correct.
const clean = `package m

import (
	"sync"
	"time"
)

type Account struct {
	mu      sync.Mutex
	ready   sync.Cond
	balance int
	events  chan string
}

func NewAccount() *Account {
	a := &Account{events: make(chan string, 16)}
	a.ready.L = &a.mu
	return a
}

func (a *Account) Deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
	a.ready.Broadcast()
	select {
	case a.events <- "deposit":
	default: // never block under the lock
	}
}

func (a *Account) balanceLocked() int { return a.balance }

func (a *Account) AwaitBalance(min int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	for a.balanceLocked() < min {
		a.ready.Wait()
	}
	return a.balance
}

// Pending is for metrics only.
func (a *Account) Pending() int { return len(a.events) }

func DepositAll(a *Account, amounts []int) {
	var wg sync.WaitGroup
	for _, n := range amounts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.Deposit(n)
		}()
	}
	wg.Wait()
}

// Log prints events until stop is closed.
func (a *Account) Log(stop <-chan struct{}, print func(string)) {
	go func() {
		for {
			select {
			case e := <-a.events:
				print(e)
			case <-stop:
				return
			}
		}
	}()
}

func Retry(f func() error) error {
	var err error
	for attempt := range 3 {
		if err = f(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return err
}
`

// TestClean checks that a package without mistakes gets no finding: exit
// code 0 both standalone and under go vet.
func TestClean(t *testing.T) {
	dir := module(t, clean)
	if r := command(t, dir, bin, "./..."); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("syncvet ./... on a clean package: want exit code 0 and no output, got %v", r)
	}
	if r := command(t, dir, "go", "vet", "-vettool="+bin, "./..."); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("go vet -vettool=syncvet ./... on a clean package: want exit code 0 and no output, got %v", r)
	}
}

// TestBroken checks that a package that does not type-check makes the
// standalone command fail with exit code 1 and say where.
func TestBroken(t *testing.T) {
	dir := module(t, "package m\n\nvar X int = \"not an int\"\n")
	r := command(t, dir, bin, "./...")
	if r.code != 1 {
		t.Fatalf("syncvet ./... on a package that does not type-check: want exit code 1, got %v", r)
	}
	if !strings.Contains(r.stderr, "m.go:3:") {
		t.Errorf("syncvet ./... on a package that does not type-check: the error does not name m.go:3, got %v", r)
	}
}

// TestFixDiff checks that -fix -diff prints condloop's fix of the
// examples as a diff and leaves the file alone.
func TestFixDiff(t *testing.T) {
	file := filepath.Join(root, "testdata", "condloop", "chef.go")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r := command(t, root, bin, "-condloop", "-fix", "-diff", "./testdata/condloop")
	if after, err := os.ReadFile(file); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("syncvet -fix -diff changed testdata/condloop/chef.go (restore it with git checkout)")
	}
	if r.code != 0 || !strings.Contains(r.stdout, "-\tif k.dish == \"\" {\n+\tfor k.dish == \"\" {\n") {
		t.Errorf("syncvet -fix -diff: want exit code 0 and a diff turning the if around Wait into a for, got %v", r)
	}
}

// TestVersion checks that -version and "syncvet version" print the
// version the README names, with the Go version the command was built
// with, and that -V=full, go vet's question, gets an answer that go vet
// keys its cache by the executable's hash from ("devel" in the third
// field, buildID=HASH last) and that names the version too.
func TestVersion(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("This tree is syncvet `(v[^`]+)`").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md does not say which version this tree is (\"This tree is syncvet `vX.Y.Z`\")")
	}
	version := string(m[1])
	if !regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-dev)?$`).MatchString(version) {
		t.Errorf("README.md: version %q is neither a release tag vX.Y.Z nor vX.Y.Z-dev", version)
	}
	line := regexp.MustCompile(`^syncvet ` + regexp.QuoteMeta(version) + ` \(` + regexp.QuoteMeta(runtime.Version()) + `(, [^()]+)?\)\n$`)
	for _, args := range [][]string{{"-version"}, {"version"}, {"-version", "./testdata/condloop"}, {"-V"}} {
		r := command(t, root, bin, args...)
		if r.code != 0 || !line.MatchString(r.stdout) || r.stderr != "" {
			t.Errorf("syncvet %s: want exit code 0 and \"syncvet %s (%s)\", got %v", strings.Join(args, " "), version, runtime.Version(), r)
		}
	}

	r := command(t, root, bin, "-V=full")
	f := strings.Fields(r.stdout)
	if r.code != 0 || len(f) < 4 || f[1] != "version" || !strings.Contains(f[2], "devel") ||
		!strings.Contains(r.stdout, " "+version+" ") || !strings.Contains(r.stdout, " "+runtime.Version()+" ") {
		t.Fatalf("syncvet -V=full: want exit code 0 and \"syncvet version devel %s %s buildID=...\", got %v", version, runtime.Version(), r)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("buildID=%x", sha256.Sum256(data)); f[len(f)-1] != want {
		t.Errorf("syncvet -V=full: last field %q, want %q (the executable's hash)", f[len(f)-1], want)
	}
}

// TestHelp checks that "syncvet help NAME" prints each pass's
// documentation, condloop's first.
func TestHelp(t *testing.T) {
	all := passes.All()
	if !slices.ContainsFunc(all, func(a *analysis.Analyzer) bool { return a.Name == "condloop" }) {
		t.Fatal("condloop is not registered")
	}
	for _, a := range all {
		r := command(t, root, bin, "help", a.Name)
		if r.code != 0 || !strings.Contains(r.stdout, a.Doc) {
			t.Errorf("syncvet help %s: want exit code 0 and the pass's documentation, got %v", a.Name, r)
		}
	}
}

const (
	sampleBegin = "<!-- sample:begin (generated by `go test ./cmd/syncvet -update`) -->"
	sampleEnd   = "<!-- sample:end -->"
)

// checkREADME checks that the README's sample output is the real output
// of go vet on the examples (out, with findings fs), sorted; -update
// rewrites it.
func checkREADME(t *testing.T, fs []finding, out string) {
	t.Helper()
	// Keep go vet's own lines (with columns), in the order of fs.
	lines := map[string][]string{} // finding's text -> its lines
	var last string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := diagLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text := fmt.Sprintf("%s:%s: %s", m[1], m[2], m[3])
		if !strings.HasPrefix(m[3], "\t") {
			last = text
		}
		lines[last] = append(lines[last], line)
	}
	var b strings.Builder
	b.WriteString("```\n$ go vet -vettool=$(command -v syncvet) ./testdata/*/\n")
	for _, f := range fs {
		for _, line := range lines[f.text] {
			b.WriteString(line + "\n")
		}
		delete(lines, f.text) // two identical findings print their lines once
	}
	b.WriteString("```\n")

	path := filepath.Join(root, "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, sampleBegin), strings.Index(readme, sampleEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q ... %q", sampleBegin, sampleEnd)
	}
	want := readme[:i+len(sampleBegin)] + "\n" + b.String() + readme[j:]
	if want == readme {
		return
	}
	if *update && !t.Failed() { // never record output the test found wrong
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's sample output is not the real one; run: go test ./cmd/syncvet -update")
}

// diffLines shows the lines only in a (-) and only in b (+).
func diffLines(a, b string) string {
	count := map[string]int{}
	for _, l := range strings.SplitAfter(a, "\n") {
		count[l]++
	}
	for _, l := range strings.SplitAfter(b, "\n") {
		count[l]--
	}
	var out strings.Builder
	for _, l := range strings.SplitAfter(a, "\n") {
		if count[l] > 0 {
			fmt.Fprintf(&out, "- %s", l)
			count[l]--
		}
	}
	for _, l := range strings.SplitAfter(b, "\n") {
		if count[l] < 0 {
			fmt.Fprintf(&out, "+ %s", l)
			count[l]++
		}
	}
	if out.Len() == 0 {
		return "(same lines, different order)\n"
	}
	return out.String()
}
