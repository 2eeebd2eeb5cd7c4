// Package analysisutil holds the small conventions every syncvet pass
// shares: its documentation taken from doc.go, its URL, and how it names
// expressions and positions in messages.
package analysisutil

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// URL is where the documentation of pass name lives.
func URL(name string) string {
	return "https://github.com/syncvet/syncvet/tree/main/passes/" + name
}

// MustExtractDoc returns the "# Analyzer NAME" section of a pass's doc.go
// comment (given as the file's full source, embedded with //go:embed), in
// the form analysis.Analyzer.Doc wants: a one-line title, a blank line,
// then the body. It panics if the section is missing, so that a pass with
// broken documentation cannot be built into the registry unnoticed.
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// ExtractDoc is MustExtractDoc returning an error.
func ExtractDoc(content, name string) (string, error) {
	// Take the package doc comment: every line up to "package".
	var lines []string
	inBlock := false
	for _, line := range strings.Split(content, "\n") {
		switch {
		case strings.HasPrefix(line, "package "):
			goto done
		case strings.HasPrefix(line, "/*"):
			inBlock = true
			line = strings.TrimPrefix(line, "/*")
		case inBlock && strings.HasPrefix(strings.TrimSpace(line), "*/"):
			inBlock = false
			continue
		case strings.HasPrefix(line, "//go:"):
			continue
		case strings.HasPrefix(line, "//"):
			line = strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		case !inBlock:
			continue
		}
		lines = append(lines, line)
	}
done:
	header := "# Analyzer " + name
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == header {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", fmt.Errorf("doc.go of %s has no %q section", name, header)
	}
	end := len(lines)
	for i := start; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "# ") {
			end = i
			break
		}
	}
	body := strings.TrimSpace(strings.Join(lines[start:end], "\n"))
	// The first line is "name: title".
	title, rest, _ := strings.Cut(body, "\n")
	title = strings.TrimSpace(strings.TrimPrefix(title, name+":"))
	if title == "" {
		return "", fmt.Errorf("doc.go of %s: section %q has no title line", name, header)
	}
	return title + "\n\n" + strings.TrimSpace(rest), nil
}

// Title returns the first line of an analyzer's Doc.
func Title(doc string) string {
	title, _, _ := strings.Cut(doc, "\n")
	return title
}

// Render formats an expression as Go source, for messages ("c.mu").
func Render(fset *token.FileSet, e ast.Node) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, e); err != nil {
		return "?"
	}
	return buf.String()
}

// Before reports whether position a comes before b in source order: by
// file name, then offset. Sorting by token.Pos alone is not stable from
// run to run across files, because go/packages parses a package's files
// in parallel and so gives them file-set bases in varying order.
func Before(fset *token.FileSet, a, b token.Pos) bool {
	pa, pb := fset.Position(a), fset.Position(b)
	if pa.Filename != pb.Filename {
		return pa.Filename < pb.Filename
	}
	return pa.Offset < pb.Offset
}

// Importable reports whether another package can import pkg, and so use
// the facts a pass exports about it: not a command (package main), nor
// an external test package (path ending in _test). go vet writes every
// fact into the facts file of each importer, and reads them back there,
// so facts nobody can use are a pure cost.
func Importable(pkg *types.Package) bool {
	return pkg.Name() != "main" && !strings.HasSuffix(pkg.Path(), "_test")
}

// Line returns the line of pos.
func Line(fset *token.FileSet, pos token.Pos) int {
	return fset.Position(pos).Line
}

// InTestFile reports whether pos is in a _test.go file.
func InTestFile(fset *token.FileSet, pos token.Pos) bool {
	return strings.HasSuffix(fset.Position(pos).Filename, "_test.go")
}

// ShortenPaths replaces every package path "a/b/c.Name" in s, a type,
// class or function name, by its last element "c.Name":
// "(*example.com/pkg.Cache).mu" becomes "(*pkg.Cache).mu".
func ShortenPaths(s string) string {
	var b strings.Builder
	word := 0 // start of the current word
	flush := func(end int) {
		w := s[word:end]
		if i := strings.LastIndexByte(w, '/'); i >= 0 {
			w = w[i+1:]
		}
		b.WriteString(w)
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("()*[], ", s[i]) >= 0 {
			flush(i)
			b.WriteByte(s[i])
			word = i + 1
		}
	}
	flush(len(s))
	return b.String()
}

// PathAt returns the nodes enclosing pos in the file of files that holds
// it, innermost first (astutil.PathEnclosingInterval), or nil: how a pass
// finds the syntax at an SSA instruction's position.
func PathAt(files []*ast.File, pos token.Pos) []ast.Node {
	for _, f := range files {
		if f.FileStart <= pos && pos < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			return path
		}
	}
	return nil
}
