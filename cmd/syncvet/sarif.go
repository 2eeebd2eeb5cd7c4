package main

import (
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"golang.org/x/tools/go/analysis"
)

// SARIF 2.1.0 output for code scanning (GitHub and others): one run of
// the tool "syncvet", one rule per analyzer that ran (id = the check's
// name, descriptions and help from its Doc, helpUri from its URL), one
// result per finding with its Related positions as relatedLocations and
// its SuggestedFixes as fixes. Paths are relative to the root of the git
// work tree (or the current directory outside git), under the uriBaseId
// %SRCROOT%; columns are counted in UTF-16 code units, SARIF's default.

const srcRoot = "%SRCROOT%"

func writeSARIF(w io.Writer, analyzers []*analysis.Analyzer, findings []finding, ok bool) error {
	root := sourceRoot()
	run := sarif.NewRunWithInformationURI("syncvet", "https://github.com/syncvet/syncvet")
	run.Tool.Driver.WithVersion(version).WithSemanticVersion(semanticVersion())
	rootURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String()
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{srcRoot: *sarif.NewArtifactLocation().WithURI(rootURI)})
	run.WithColumnKind("utf16CodeUnits")
	run.AddInvocation(sarif.NewInvocation().WithExecutionSuccessful(ok))

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

	files := &sourceFiles{}
	for _, f := range findings {
		res := run.CreateResultForRule(f.analyzer.Name).
			WithRuleIndex(run.GetRuleIndex(f.analyzer.Name)).
			WithLevel("warning").
			WithMessage(sarif.NewTextMessage(f.diag.Message)).
			AddLocation(sarif.NewLocation().WithPhysicalLocation(files.location(root, f.fset, f.diag.Pos, f.diag.End)))
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
	if err := report.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
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
	abs := file
	if r, err := filepath.EvalSymlinks(file); err == nil {
		abs = r
	}
	if rel, err := filepath.Rel(root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
		return sarif.NewArtifactLocation().
			WithURI((&url.URL{Path: filepath.ToSlash(rel)}).String()).
			WithURIBaseID(srcRoot)
	}
	return sarif.NewArtifactLocation().WithURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String())
}

// column converts the byte column of p into UTF-16 code units.
func (sf *sourceFiles) column(p token.Position) int {
	if sf.content == nil {
		sf.content = map[string][]byte{}
	}
	src, ok := sf.content[p.Filename]
	if !ok {
		src, _ = os.ReadFile(p.Filename)
		sf.content[p.Filename] = src
	}
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
