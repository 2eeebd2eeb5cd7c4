// Package ignore implements syncvet's suppression comments:
//
//	//syncvet:ignore CHECK[,CHECK...] REASON
//
// A directive on a line of its own silences the named checks' findings on
// the next line; a directive at the end of a line silences them on that
// line. The reason is mandatory.
//
// Suppression is done by wrapping each analyzer (Filter): the wrapper runs
// the analyzer with a Pass whose Report drops the silenced diagnostics.
// Because it only changes the Pass, it works the same under every driver:
// the standalone command, go vet's unitchecker and analysistest. A second
// analyzer (Checker, named "syncvetignore") reports the directives that
// are malformed, name an unknown check, or silence nothing, so that stale
// suppressions do not accumulate.
package ignore

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/internal/suggest"
)

// Name is the name of the analyzer that checks the directives.
const Name = "syncvetignore"

const prefix = "//syncvet:ignore"

// Usage is the result of a filtered analyzer on one package: whether the
// analyzer ran, and which directives (by the position of their comment)
// silenced at least one of its diagnostics.
type Usage struct {
	Ran  bool
	Used map[token.Pos]bool
}

// A directive is one //syncvet:ignore comment.
type directive struct {
	pos     token.Pos // of the comment
	file    string
	line    int      // the line whose findings it silences
	checks  []string // the checks it names
	reason  string
	problem string // why the directive is malformed, if it is
}

// Option configures Filter.
type Option func(*filter)

type filter struct {
	skip func() bool
}

// SkipIf makes the filtered analyzer do nothing, and say so in its Usage,
// when skip returns true at run time. The command uses it for flags that
// are known only after the analyzers have been handed to a driver.
func SkipIf(skip func() bool) Option {
	return func(f *filter) { f.skip = skip }
}

// Filter returns an analyzer that runs a, minus the diagnostics that a
// //syncvet:ignore directive naming a.Name silences. It has a's name,
// documentation, flags, requirements and fact types; its result is a
// *Usage instead of a's result, so a must not be required by another
// analyzer of the same run (syncvet's passes require only engines).
func Filter(a *analysis.Analyzer, opts ...Option) *analysis.Analyzer {
	var f filter
	for _, opt := range opts {
		opt(&f)
	}
	w := *a
	w.ResultType = reflect.TypeOf(new(Usage))
	w.Run = func(pass *analysis.Pass) (any, error) {
		u := &Usage{Used: map[token.Pos]bool{}}
		if f.skip != nil && f.skip() {
			return u, nil
		}
		u.Ran = true
		index := map[string]map[int][]*directive{} // file -> line -> directives
		for _, d := range directives(pass) {
			if d.problem != "" || !contains(d.checks, a.Name) {
				continue
			}
			if index[d.file] == nil {
				index[d.file] = map[int][]*directive{}
			}
			index[d.file][d.line] = append(index[d.file][d.line], d)
		}
		inner := *pass
		inner.Report = func(diag analysis.Diagnostic) {
			if len(index) > 0 && diag.Pos.IsValid() {
				posn := pass.Fset.Position(diag.Pos)
				if ds := index[posn.Filename][posn.Line]; len(ds) > 0 {
					for _, d := range ds {
						u.Used[d.pos] = true
					}
					return
				}
			}
			pass.Report(diag)
		}
		if _, err := a.Run(&inner); err != nil {
			return nil, err
		}
		return u, nil
	}
	return &w
}

// Checker returns the syncvetignore analyzer. It requires the filtered
// analyzers (the results of Filter) that run alongside it, and reports
// the directives in a package that are malformed, name a check for which
// known returns false, or name one of filtered that silenced nothing.
// Directives naming a known check that is not among filtered (disabled in
// this run) are left alone.
func Checker(filtered []*analysis.Analyzer, known []string) *analysis.Analyzer {
	isKnown := map[string]bool{}
	for _, n := range known {
		isKnown[n] = true
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range filtered {
		byName[a.Name] = a
	}
	return &analysis.Analyzer{
		Name: Name,
		Doc: `report //syncvet:ignore directives that are malformed or unused

A directive

	//syncvet:ignore CHECK[,CHECK...] REASON

on a line of its own silences the findings of the named checks on the
next line; at the end of a line, it silences them on that line. The
reason is mandatory: it tells the next reader why the finding is wrong
or accepted. This check reports a directive without a check name or a
reason (category "malformed"), one naming a check syncvet does not have
("unknown"), and one that silenced nothing in this run ("unused"), so
that suppressions do not outlive the code they were written for.

WRONG:

	//syncvet:ignore sleepwait
	time.Sleep(time.Second)

RIGHT:

	//syncvet:ignore sleepwait the device needs one second after reset (datasheet 4.2)
	time.Sleep(time.Second)`,
		URL:              "https://github.com/syncvet/syncvet#suppressing-a-finding",
		Requires:         filtered,
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			for _, d := range directives(pass) {
				if d.problem != "" {
					pass.Report(analysis.Diagnostic{Pos: d.pos, Category: "malformed", Message: d.problem})
					continue
				}
				for _, name := range d.checks {
					if !isKnown[name] {
						fix := "run syncvet help for the list"
						if hint := suggest.DidYouMean("", suggest.Names(name, known)); hint != "" {
							fix = hint
						}
						pass.Report(analysis.Diagnostic{
							Pos: d.pos, Category: "unknown",
							Message: fmt.Sprintf("//syncvet:ignore names %s, which is not a syncvet check; %s", name, fix),
						})
						continue
					}
					a := byName[name]
					if a == nil {
						continue // not run this time: cannot tell
					}
					u, _ := pass.ResultOf[a].(*Usage)
					if u == nil || !u.Ran || u.Used[d.pos] {
						continue
					}
					pass.Report(analysis.Diagnostic{
						Pos: d.pos, Category: "unused",
						Message: fmt.Sprintf("//syncvet:ignore %s silences no %s finding; remove it", name, name),
					})
				}
			}
			return nil, nil
		},
	}
}

// Unused reports whether d is a syncvetignore report of a directive that
// silenced nothing, and the check it names. Drivers that see several
// packages use it to drop the report when the directive was used in
// another package containing the same file (a package's test variant).
func Unused(d analysis.Diagnostic) (check string, ok bool) {
	if d.Category != "unused" {
		return "", false
	}
	fields := strings.Fields(d.Message)
	if len(fields) < 2 || fields[0] != prefix {
		return "", false
	}
	return fields[1], true
}

// directives returns the //syncvet:ignore directives of pass's files, in
// source order.
func directives(pass *analysis.Pass) []*directive {
	var out []*directive
	for _, file := range pass.Files {
		tf := pass.Fset.File(file.Pos())
		if tf == nil {
			continue
		}
		var src []byte // read lazily: most files have no directive
		for _, group := range file.Comments {
			for _, c := range group.List {
				d := parse(c)
				if d == nil {
					continue
				}
				posn := pass.Fset.Position(c.Slash)
				d.file = posn.Filename
				d.line = posn.Line
				if src == nil {
					// The file the parser read (not the one a //line
					// directive names), which tf's offsets are into.
					src = readFile(pass, tf.Name())
				}
				if !trailing(src, tf, c) {
					d.line++ // a directive on its own line is about the next one
				}
				out = append(out, d)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return analysisutil.Before(pass.Fset, out[i].pos, out[j].pos) })
	return out
}

// parse returns the directive comment c holds, or nil if it holds none.
func parse(c *ast.Comment) *directive {
	text := c.Text
	if inner, ok := strings.CutPrefix(text, "/*"); ok && strings.HasPrefix(strings.TrimSpace(inner), "syncvet:ignore") {
		// Go directives are line comments; say so rather than ignore it.
		return &directive{pos: c.Slash, problem: "/*syncvet:ignore*/ is an ordinary comment; write a line comment, //syncvet:ignore CHECK REASON"}
	}
	if !strings.HasPrefix(text, prefix) {
		// "// syncvet:ignore" looks like a directive but Go directives
		// have no space after the slashes; say so rather than ignore it.
		if rest, ok := strings.CutPrefix(text, "//"); ok && strings.HasPrefix(strings.TrimSpace(rest), "syncvet:ignore") {
			return &directive{pos: c.Slash, problem: "// syncvet:ignore is an ordinary comment; write //syncvet:ignore, with no space after the slashes"}
		}
		return nil
	}
	rest := text[len(prefix):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil // "//syncvet:ignoreX": not ours
	}
	d := &directive{pos: c.Slash}
	names, reason, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if names == "" {
		d.problem = "//syncvet:ignore needs the name of a check and a reason; write //syncvet:ignore CHECK REASON"
		return d
	}
	for _, n := range strings.Split(names, ",") {
		if n = strings.TrimSpace(n); n != "" {
			d.checks = append(d.checks, n)
		}
	}
	d.reason = strings.TrimSpace(reason)
	if d.reason == "" {
		d.problem = fmt.Sprintf("//syncvet:ignore %s needs a reason after the check name; write //syncvet:ignore %s REASON", names, names)
	}
	return d
}

// trailing reports whether comment c follows code on its line. Without
// the source it guesses from the column (a directive in the first column
// is on its own line).
func trailing(src []byte, tf *token.File, c *ast.Comment) bool {
	off := tf.Offset(c.Slash)
	if src == nil || off > len(src) {
		return tf.Position(c.Slash).Column > 1
	}
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return len(bytes.TrimSpace(src[start:off])) > 0
}

func readFile(pass *analysis.Pass, name string) []byte {
	read := pass.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	data, err := read(name)
	if err != nil {
		return nil
	}
	return data
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
