package robustness_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// repoRoot is the module's root, from this package's directory.
const repoRoot = "../.."

// A seed is one testdata package as an archive: its Go files and those
// of the testdata packages it imports, each named importpath/file.go.
type seed struct {
	name    string // where it comes from, e.g. passes/condloop/testdata/src/a
	archive []byte
}

// seeds returns a seed for every package of the passes' and engines'
// testdata (passes/*/testdata/src/**, internal/*/testdata/src/**), for
// every bundled example (testdata/NAME) and for every archive of
// testdata/seeds, sorted by name.
func seeds(t testing.TB) []seed {
	t.Helper()
	var out []seed
	roots, err := filepath.Glob(filepath.Join(repoRoot, "passes", "*", "testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join(repoRoot, "internal", "*", "testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	roots = append(roots, more...)
	for _, root := range roots {
		dirs := goDirs(t, root)
		for _, dir := range dirs {
			out = append(out, seed{
				name:    filepath.ToSlash(filepath.Join(strings.TrimPrefix(root, repoRoot+string(filepath.Separator)), dir)),
				archive: txtar.Format(archiveOf(t, root, dir)),
			})
		}
	}
	// The bundled examples are packages of the module named by their
	// directory, testdata/NAME; they import only the standard library.
	examples := filepath.Join(repoRoot, "testdata")
	entries, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, seed{
				name:    "testdata/" + e.Name(),
				archive: txtar.Format(archiveOf(t, examples, e.Name())),
			})
		}
	}
	// Programs written for this package: shapes of code the testdata
	// does not hold (iterators, goto, locks in odd places...).
	archives, err := filepath.Glob(filepath.Join("testdata", "seeds", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range archives {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, seed{name: "internal/robustness/" + filepath.ToSlash(name), archive: data})
	}
	slices.SortFunc(out, func(a, b seed) int { return strings.Compare(a.name, b.name) })
	if len(out) == 0 {
		t.Fatal("no testdata packages found")
	}
	return out
}

// goDirs returns the directories under root (slash-separated, relative
// to root) that hold Go files.
func goDirs(t testing.TB, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// archiveOf returns the archive of package dir under root (a GOPATH-like
// src directory) and of the packages under root it imports, directly or
// not: dir first, then its imports in the order found.
func archiveOf(t testing.TB, root, dir string) *txtar.Archive {
	t.Helper()
	ar := new(txtar.Archive)
	queue := []string{dir}
	seen := map[string]bool{dir: true}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(d)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			file := filepath.Join(root, filepath.FromSlash(d), e.Name())
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ar.Files = append(ar.Files, txtar.File{Name: d + "/" + e.Name(), Data: data})
			f, err := parser.ParseFile(token.NewFileSet(), file, data, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p, err := strconv.Unquote(imp.Path.Value)
				if err != nil || seen[p] {
					continue
				}
				if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err == nil && fi.IsDir() {
					seen[p] = true
					queue = append(queue, p)
				}
			}
		}
	}
	return ar
}

// TestSeedsLoad checks that every seed is a valid program for the
// in-memory driver: a seed that does not type-check would be dropped by
// the fuzz target and test nothing.
func TestSeedsLoad(t *testing.T) {
	for _, s := range seeds(t) {
		if _, err := load(txtar.Parse(s.archive)); err != nil {
			t.Errorf("%s: %v", s.name, err)
		}
	}
}

// TestFileOrder checks that what the passes report, and in which order,
// does not depend on the order in which a package's files were added to
// the file set: go/packages parses them in parallel, so their token.Pos
// bases vary from run to run, and a pass that orders its reports by
// token.Pos across files makes the command's output unstable.
func TestFileOrder(t *testing.T) {
	for _, s := range seeds(t) {
		ar := txtar.Parse(s.archive)
		if len(ar.Files) < 2 {
			continue
		}
		fwd, err := load(ar)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		rev, err := loadParsing(ar, true)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		a, err := analyze(fwd, analyzers())
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		b, err := analyze(rev, analyzers())
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if a != b {
			t.Errorf("%s: files parsed in reverse order change the output:\n--- in order\n%s--- reversed\n%s", s.name, a, b)
		}
	}
}
