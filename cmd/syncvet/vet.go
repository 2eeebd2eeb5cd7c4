package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The standalone command runs go vet with itself as the vet tool and
// reads back what go vet prints with -json: one JSON object per package,
// mapping the package's ID to the analyzers' diagnostics, or to an
// analyzer's error ({"error": "..."}). This file holds that half of the
// driver: the go vet command line, and the findings read back.

// vetResult is what a go vet run printed.
type vetResult struct {
	// tree maps a package ID and an analyzer name to the analyzer's
	// diagnostics (a JSON array) or error (a JSON object).
	tree map[string]map[string]json.RawMessage
	// failed: go vet exited with an error, which it printed (a package
	// that does not build, a pattern that matches nothing...).
	failed bool
	// stderr is what go vet printed on its standard error.
	stderr string
}

// An analysisError is an analyzer's failure on a package.
type analysisError struct {
	pkg, analyzer, err string
}

// The JSON forms of a diagnostic, as x/tools' drivers print them.
type (
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// vetArgs returns the vet tool's flags for the standalone command's
// flags: the analyzer selection and analyzer flags set on the command
// line, passed on as given (the vet tool selects as multichecker does),
// and -bundled.
func vetArgs(fs *flag.FlagSet, s *suite) []string {
	tool := map[string]bool{"bundled": true}
	for _, a := range append(s.filtered(), s.checker(nil)) {
		tool[a.Name] = true
	}
	var args []string
	fs.Visit(func(f *flag.Flag) {
		name, _, _ := strings.Cut(f.Name, ".")
		if tool[name] {
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	return args
}

// buildFlags returns go vet's build flags for the command's options.
func buildFlags(opts options) []string {
	if opts.tags != "" {
		return []string{"-tags=" + opts.tags}
	}
	return nil
}

// vet runs go vet with this executable as its vet tool, the build flags
// buildFlags, the tool's flags toolArgs, on patterns. What go vet prints
// on stderr (packages that do not build, patterns that match nothing) is
// passed on to stderr as it comes, and kept in the result.
func vet(buildFlags, toolArgs, patterns []string, stderr io.Writer) (*vetResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find this executable to run it under go vet: %v", err)
	}
	args := append([]string{"vet"}, buildFlags...)
	args = append(args, "-vettool="+exe, "-json", "-run="+runKey(buildFlags, patterns))
	args = append(args, toolArgs...)
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	var stdout, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, io.MultiWriter(stderr, &errOut)
	res := &vetResult{tree: map[string]map[string]json.RawMessage{}}
	err = cmd.Run()
	res.stderr = errOut.String()
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return nil, fmt.Errorf("cannot run go vet: %v", err)
		}
		res.failed = true
	}
	// go vet replays a package's cached output whenever it vets that
	// package, also as a mere dependency of the packages named (its cache
	// key does not tell the two apart): after syncvet std, the findings
	// of runtime/trace would come back with those of a module whose tests
	// import testing. Keep the packages named only.
	roots := rootPackages(buildFlags, patterns)
	dec := json.NewDecoder(&stdout)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("cannot read go vet's output: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			if roots != nil && !roots[pkg] {
				continue
			}
			if res.tree[pkg] == nil {
				res.tree[pkg] = map[string]json.RawMessage{}
			}
			for name, raw := range byAnalyzer {
				res.tree[pkg][name] = raw
			}
		}
	}
	return res, nil
}

// runKey names a run by its directory, build flags and patterns. go vet
// keys its cache of a package's result by the tool, its flags and the
// package, but not by whether the package was analyzed for itself or
// only for its facts, as a dependency of the packages named (Go 1.26):
// after a run in which a package was a dependency, a run naming it got
// the dependency's empty output back, and its findings were lost
// (stock go vet does the same: go vet ./b, then go vet ./a with a
// imported by b, reports nothing in a). Passing the key as a flag keeps
// the results of different runs apart; the same run again is still
// served from the cache.
func runKey(buildFlags, patterns []string) string {
	dir, _ := os.Getwd()
	h := sha256.New()
	for _, s := range append(append([]string{dir}, buildFlags...), patterns...) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// rootPackages returns the import paths of the packages that go vet
// analyzes for the patterns, their tests included ("p", "p_test"), or nil
// if go list cannot tell.
func rootPackages(buildFlags, patterns []string) map[string]bool {
	args := append([]string{"list", "-e", "-test", "-f", "{{.ImportPath}}"}, buildFlags...)
	args = append(args, patterns...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return nil
	}
	roots := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			// go vet's JSON names a package by its import path,
			// without the test variant's " [p.test]".
			path, _, _ := strings.Cut(line, " ")
			roots[path] = true
		}
	}
	return roots
}

// findings returns the diagnostics of res in source order (file, offset,
// analyzer), without duplicates, and the analyzers' errors. known maps
// analyzer names to the analyzers.
func (res *vetResult) findings(known map[string]*analysis.Analyzer) ([]finding, []analysisError) {
	files := &fileSet{fset: token.NewFileSet(), byName: map[string]*token.File{}}
	type key struct {
		posn, end, analyzer, message string
	}
	seen := map[key]bool{}
	var out []finding
	var errs []analysisError
	for _, pkg := range sortedKeys(res.tree) {
		for _, name := range sortedKeys(res.tree[pkg]) {
			raw := res.tree[pkg][name]
			var diags []json.RawMessage
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e jsonError
				if json.Unmarshal(raw, &e) != nil || e.Err == "" {
					e.Err = "unreadable output: " + string(raw)
				}
				errs = append(errs, analysisError{pkg, name, e.Err})
				continue
			}
			a := known[name]
			if a == nil {
				a = &analysis.Analyzer{Name: name}
			}
			for _, rd := range diags {
				var d jsonDiagnostic
				if err := json.Unmarshal(rd, &d); err != nil {
					errs = append(errs, analysisError{pkg, name, "unreadable diagnostic: " + string(rd)})
					continue
				}
				k := key{d.Posn, d.End, name, d.Message}
				if seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, finding{
					analyzer: a,
					fset:     files.fset,
					diag:     files.diagnostic(d),
					posn:     parsePosn(d.Posn),
					pkg:      pkg,
					json:     rd,
				})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.posn.Filename != b.posn.Filename {
			return a.posn.Filename < b.posn.Filename
		}
		if a.posn.Line != b.posn.Line {
			return a.posn.Line < b.posn.Line
		}
		if a.posn.Column != b.posn.Column {
			return a.posn.Column < b.posn.Column
		}
		return a.analyzer.Name < b.analyzer.Name
	})
	return out, errs
}

// writeJSON prints findings and errors in the form of x/tools' drivers
// and go vet -json: one object mapping package IDs to analyzer names to
// diagnostics (or {"error": ...}), tab-indented.
func writeJSON(w io.Writer, findings []finding, errs []analysisError) error {
	tree := map[string]map[string]any{}
	add := func(pkg, name string, v any) {
		if tree[pkg] == nil {
			tree[pkg] = map[string]any{}
		}
		switch v := v.(type) {
		case json.RawMessage:
			list, _ := tree[pkg][name].([]json.RawMessage)
			tree[pkg][name] = append(list, v)
		default:
			tree[pkg][name] = v
		}
	}
	for _, f := range findings {
		add(f.pkg, f.analyzer.Name, f.json)
	}
	for _, e := range errs {
		add(e.pkg, e.analyzer, jsonError{e.err})
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// A fileSet turns the positions of go vet's output back into token.Pos
// values, reading each file once, so that the findings can be printed
// with context, turned into SARIF and fixed as if analyzed in process.
type fileSet struct {
	fset   *token.FileSet
	byName map[string]*token.File // nil: the file cannot be read
}

// file returns the token.File of name, or nil.
func (fs *fileSet) file(name string) *token.File {
	if f, ok := fs.byName[name]; ok {
		return f
	}
	var f *token.File
	if data, err := os.ReadFile(name); err == nil {
		f = fs.fset.AddFile(name, -1, len(data))
		f.SetLinesForContent(data)
	}
	fs.byName[name] = f
	return f
}

// pos returns the token.Pos of a position printed as "file:line:col",
// or token.NoPos.
func (fs *fileSet) pos(s string) token.Pos {
	p := parsePosn(s)
	if !p.IsValid() {
		return token.NoPos
	}
	f := fs.file(p.Filename)
	if f == nil || p.Line > f.LineCount() {
		return token.NoPos
	}
	start := f.LineStart(p.Line)
	if off := f.Offset(start) + p.Column - 1; off <= f.Size() {
		return f.Pos(off)
	}
	return token.NoPos
}

// diagnostic rebuilds the analysis.Diagnostic of d.
func (fs *fileSet) diagnostic(d jsonDiagnostic) analysis.Diagnostic {
	out := analysis.Diagnostic{
		Pos:      fs.pos(d.Posn),
		End:      fs.pos(d.End),
		Category: d.Category,
		Message:  d.Message,
	}
	for _, r := range d.Related {
		out.Related = append(out.Related, analysis.RelatedInformation{Pos: fs.pos(r.Posn), End: fs.pos(r.End), Message: r.Message})
	}
	for _, fix := range d.SuggestedFixes {
		sf := analysis.SuggestedFix{Message: fix.Message}
		for _, e := range fix.Edits {
			f := fs.file(e.Filename)
			if f == nil || e.Start < 0 || e.End < e.Start || e.End > f.Size() {
				sf.TextEdits = nil
				break
			}
			sf.TextEdits = append(sf.TextEdits, analysis.TextEdit{Pos: f.Pos(e.Start), End: f.Pos(e.End), NewText: []byte(e.New)})
		}
		if len(sf.TextEdits) > 0 {
			out.SuggestedFixes = append(out.SuggestedFixes, sf)
		}
	}
	return out
}

// parsePosn parses "file:line:col" (or "file:line"); the file name may
// itself hold colons.
func parsePosn(s string) token.Position {
	var p token.Position
	rest := s
	var nums []int
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		rest = rest[:i]
	}
	switch len(nums) {
	case 2:
		p.Line, p.Column = nums[0], nums[1]
	case 1:
		p.Line, p.Column = nums[0], 1
	default:
		return token.Position{}
	}
	p.Filename = rest
	return p
}
