package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"golang.org/x/tools/go/analysis"
)

// SARIF 2.1.0 output for code scanning (GitHub and others): one run of
// the tool "syncvet", one rule per analyzer that ran (id = the check's
// name, descriptions and help from its Doc, helpUri from its URL), one
// result per finding with its Related positions as relatedLocations,
// its SuggestedFixes as fixes and a partial fingerprint (see
// fingerprints). Paths are relative to the root of the git work tree (or
// the current directory outside git), under the uriBaseId %SRCROOT%;
// columns are counted in UTF-16 code units, SARIF's default. What kept
// packages from being analyzed (go vet's errors: a package that does not
// type-check...) and analyzers' failures are the invocation's
// toolExecutionNotifications, and make executionSuccessful false.

const srcRoot = "%SRCROOT%"

// fingerprintKey names syncvet's partial fingerprint; the version
// changes if its computation does.
const fingerprintKey = "syncvet/v1"

func writeSARIF(w io.Writer, analyzers []*analysis.Analyzer, an *outcome) error {
	root := sourceRoot()
	findings := an.findings
	run := sarif.NewRunWithInformationURI("syncvet", "https://github.com/syncvet/syncvet")
	run.Tool.Driver.WithVersion(version).WithSemanticVersion(semanticVersion())
	rootURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String()
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{srcRoot: *sarif.NewArtifactLocation().WithURI(rootURI)})
	run.WithColumnKind("utf16CodeUnits")
	files := &sourceFiles{}
	inv := sarif.NewInvocation().WithExecutionSuccessful(an.exitCode() == 0)
	for _, n := range notifications(root, files, an) {
		inv.AddToolExecutionNotification(n)
	}
	run.AddInvocation(inv)

	for _, a := range analyzers {
		title, body, _ := strings.Cut(a.Doc, "\n\n")
		title = strings.Join(strings.Fields(title), " ")
		rule := run.AddRule(a.Name).
			WithName(a.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(title)).
			WithHelp(sarif.NewMultiformatMessageString().WithText(strings.TrimSpace(title + "\n\n" + body))).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("warning")).
			WithProperties(sarif.NewPropertyBag().Add("tags", []string{"concurrency", origin(a)}))
		if a.URL != "" {
			rule.WithHelpURI(a.URL)
		}
	}

	prints := fingerprints(root, files, findings)
	for i, f := range findings {
		res := run.CreateResultForRule(f.analyzer.Name).
			WithRuleIndex(run.GetRuleIndex(f.analyzer.Name)).
			WithLevel("warning").
			WithMessage(sarif.NewTextMessage(f.diag.Message)).
			AddLocation(sarif.NewLocation().WithPhysicalLocation(files.location(root, f.fset, f.diag.Pos, f.diag.End))).
			WithPartialFingerprints(map[string]string{fingerprintKey: prints[i]})
		if f.diag.Category != "" {
			res.WithProperties(sarif.NewPropertyBag().Add("category", f.diag.Category))
		}
		for i, rel := range f.diag.Related {
			res.AddRelatedLocation(sarif.NewLocation().
				WithID(i + 1).
				WithMessage(sarif.NewTextMessage(rel.Message)).
				WithPhysicalLocation(files.location(root, f.fset, rel.Pos, rel.End)))
		}
		for _, fix := range f.diag.SuggestedFixes {
			sf := sarif.NewFix().WithDescription(sarif.NewTextMessage(fix.Message))
			changes := map[string]*sarif.ArtifactChange{}
			var order []string
			for _, e := range fix.TextEdits {
				loc := files.location(root, f.fset, e.Pos, e.End)
				uri := *loc.ArtifactLocation.URI
				ch := changes[uri]
				if ch == nil {
					ch = sarif.NewArtifactChange().WithArtifactLocation(loc.ArtifactLocation)
					changes[uri] = ch
					order = append(order, uri)
				}
				ch.AddReplacement(sarif.NewReplacement().
					WithDeletedRegion(loc.Region).
					WithInsertedContent(sarif.NewArtifactContent().WithText(string(e.NewText))))
			}
			for _, uri := range order {
				sf.AddArtifactChange(changes[uri])
			}
			res.AddFixe(sf)
		}
	}

	report := sarif.NewReport()
	report.Schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	report.AddRun(run)
	var buf bytes.Buffer
	if err := report.Write(&buf); err != nil {
		return err
	}
	data, err := compactSARIF(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// compactSARIF removes from go-sarif's output the properties it writes
// for the fields left unset, as its types have no omitempty for them:
// the -1 of "no index", "no offset", "no rank", "no id", and empty arrays
// and objects. The results array stays, empty or not: SARIF reads an
// empty one as "nothing found" and a missing one as "the tool did not
// run".
func compactSARIF(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var strip func(key string, v any) (any, bool)
	strip = func(key string, v any) (any, bool) {
		switch v := v.(type) {
		case json.Number:
			f, err := v.Float64()
			return v, err != nil || f != -1
		case []any:
			// Elements stay, as others refer to them by index.
			for i, e := range v {
				v[i], _ = strip("", e)
			}
			return v, len(v) > 0 || key == "results"
		case map[string]any:
			for k, e := range v {
				if e, keep := strip(k, e); keep {
					v[k] = e
				} else {
					delete(v, k)
				}
			}
			return v, len(v) > 0
		}
		return v, true
	}
	v, _ = strip("", v)
	return json.MarshalIndent(v, "", "  ")
}

// fingerprints returns the partialFingerprints value of each finding,
// which code scanning uses to tell a new result from one it has seen on
// an earlier commit: a hash of the check's name, the file (relative to
// root, as in the result's location), the text of the finding's line
// without leading and trailing space, and the message without line
// numbers (those it names move with the code around the finding, as its
// own line does), followed by ":N" for the Nth finding with that hash,
// as two identical findings in one file are still two.
func fingerprints(root string, files *sourceFiles, findings []finding) []string {
	out := make([]string, len(findings))
	seen := map[string]int{}
	for i, f := range findings {
		posn := f.fset.Position(f.diag.Pos)
		h := sha256.New()
		for _, s := range []string{
			f.analyzer.Name,
			artifactName(root, posn.Filename),
			strings.TrimSpace(files.lineText(posn)),
			lineNumbers.ReplaceAllString(f.diag.Message, "$1"),
		} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		sum := hex.EncodeToString(h.Sum(nil)[:16])
		seen[sum]++
		out[i] = fmt.Sprintf("%s:%d", sum, seen[sum])
	}
	return out
}

// lineNumbers matches the line numbers of messages ("at line 41",
// "started at bank.go:38", "at locks.go:41:2"), all but the number.
var lineNumbers = regexp.MustCompile(`(\blines? |\.go:)[0-9]+(:[0-9]+)?`)

// goVetError matches the position that starts an error go vet prints.
var goVetError = regexp.MustCompile(`^(\S.*?\.go):([0-9]+)(?::([0-9]+))?: `)

// notifications returns the toolExecutionNotifications of a run: each
// error go vet printed on stderr (with its continuation lines, indented
// by a tab), text kept, at its position if it starts with one; then the
// analyzers' failures. They are errors if go vet failed, or for the
// analyzers' failures, else warnings.
func notifications(root string, files *sourceFiles, an *outcome) []*sarif.Notification {
	level := "warning"
	if an.vet.failed {
		level = "error"
	}
	var out []*sarif.Notification
	var pkg string
	wd, _ := os.Getwd()
	for _, line := range strings.Split(an.vet.stderr, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			continue
		case strings.HasPrefix(line, "# "):
			pkg = strings.TrimPrefix(line, "# ")
			continue
		case strings.HasPrefix(line, "\t") && len(out) > 0:
			msg := out[len(out)-1].Message
			*msg.Text += "\n" + line
			continue
		}
		n := sarif.NewNotification().WithLevel(level).WithMessage(sarif.NewTextMessage(line))
		if pkg != "" {
			n.WithProperties(sarif.NewPropertyBag().Add("package", pkg))
		}
		if m := goVetError.FindStringSubmatch(line); m != nil {
			file := m[1]
			if !filepath.IsAbs(file) {
				file = filepath.Join(wd, file)
			}
			region := sarif.NewRegion().WithStartLine(atoi(m[2]))
			if m[3] != "" {
				region.WithStartColumn(files.columnAt(file, atoi(m[2]), atoi(m[3])))
			}
			n.WithLocations([]*sarif.Location{sarif.NewLocation().WithPhysicalLocation(
				sarif.NewPhysicalLocation().WithArtifactLocation(artifact(root, file)).WithRegion(region))})
		}
		out = append(out, n)
	}
	for _, e := range an.errs {
		out = append(out, sarif.NewNotification().
			WithLevel("error").
			WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: %s: %s", e.pkg, e.analyzer, e.err))).
			WithAssociatedRule(sarif.NewReportingDescriptorReference().WithID(e.analyzer)).
			WithProperties(sarif.NewPropertyBag().Add("package", e.pkg)))
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// origin names where a check comes from, as a SARIF tag.
func origin(a *analysis.Analyzer) string {
	switch {
	case strings.HasPrefix(a.URL, "https://pkg.go.dev/golang.org/x/tools/"):
		return "go vet"
	case strings.HasPrefix(a.URL, "https://staticcheck.dev/"):
		return "staticcheck"
	}
	return "syncvet"
}

// sourceRoot returns the directory SARIF paths are relative to: the top
// of the git work tree, or else the current directory.
func sourceRoot() string {
	root, err := os.Getwd()
	if out, gerr := git(".", "rev-parse", "--show-toplevel"); gerr == nil {
		root = strings.TrimSpace(string(out))
	} else if err != nil {
		root = "."
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return root
}

// sourceFiles converts positions to SARIF locations, reading each file
// once to count columns in UTF-16 code units.
type sourceFiles struct {
	content map[string][]byte
}

func (sf *sourceFiles) location(root string, fset *token.FileSet, pos, end token.Pos) *sarif.PhysicalLocation {
	start := fset.Position(pos)
	stop := start
	if end.IsValid() {
		stop = fset.Position(end)
	}
	region := sarif.NewRegion().WithStartLine(start.Line)
	if start.Column > 0 {
		region.WithStartColumn(sf.column(start))
	}
	if stop.Line > 0 && (stop.Line != start.Line || stop.Column != start.Column) {
		region.WithEndLine(stop.Line).WithEndColumn(sf.column(stop))
	}
	return sarif.NewPhysicalLocation().
		WithArtifactLocation(artifact(root, start.Filename)).
		WithRegion(region)
}

// artifact returns the location of file: relative to root under
// %SRCROOT% when it is inside root, an absolute file URI otherwise.
func artifact(root, file string) *sarif.ArtifactLocation {
	rel, inside := relativeTo(root, file)
	if inside {
		return sarif.NewArtifactLocation().
			WithURI((&url.URL{Path: rel}).String()).
			WithURIBaseID(srcRoot)
	}
	return sarif.NewArtifactLocation().WithURI((&url.URL{Scheme: "file", Path: rel}).String())
}

// artifactName is the file's name as artifact gives it, without the
// URI's escapes: its slash-separated path relative to root, or its
// absolute path.
func artifactName(root, file string) string {
	name, _ := relativeTo(root, file)
	return name
}

// relativeTo returns file's slash-separated path relative to root and
// true if file is inside root, else its absolute path and false;
// symbolic links are resolved first.
func relativeTo(root, file string) (string, bool) {
	abs := file
	if r, err := filepath.EvalSymlinks(file); err == nil {
		abs = r
	}
	if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
		return filepath.ToSlash(rel), true
	}
	return filepath.ToSlash(abs), false
}

// read returns the content of the named file, or nil.
func (sf *sourceFiles) read(name string) []byte {
	if sf.content == nil {
		sf.content = map[string][]byte{}
	}
	src, ok := sf.content[name]
	if !ok {
		src, _ = os.ReadFile(name)
		sf.content[name] = src
	}
	return src
}

// lineText returns the text of p's line, or "" if the file cannot be
// read.
func (sf *sourceFiles) lineText(p token.Position) string {
	lines := strings.Split(string(sf.read(p.Filename)), "\n")
	if p.Line < 1 || p.Line > len(lines) {
		return ""
	}
	return lines[p.Line-1]
}

// columnAt converts a byte column of a line of file into UTF-16 code
// units.
func (sf *sourceFiles) columnAt(file string, line, col int) int {
	src := sf.read(file)
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			return col
		}
		start += i + 1
	}
	return sf.column(token.Position{Filename: file, Offset: start + col - 1, Line: line, Column: col})
}

// column converts the byte column of p into UTF-16 code units.
func (sf *sourceFiles) column(p token.Position) int {
	src := sf.read(p.Filename)
	lineStart := p.Offset - (p.Column - 1)
	if src == nil || lineStart < 0 || p.Offset > len(src) {
		return p.Column
	}
	n := 0
	for b := src[lineStart:p.Offset]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		n += utf16.RuneLen(r)
		b = b[size:]
	}
	return n + 1
}
