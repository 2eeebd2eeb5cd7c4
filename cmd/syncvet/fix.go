package main

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// -fix applies the first suggested fix of each finding, as x/tools'
// drivers do. Identical fixes (a file analyzed in a package and in its
// test variant) are applied once; a fix overlapping one already accepted
// is skipped and counted, and the user is told to run again. A changed
// file is gofmt-ed if it was gofmt-ed before and still parses. With
// -diff, the files are left alone and a unified diff is printed instead.
// The command then says how many fixes it applied and prints the
// findings that remain (see standalone).

// An edit replaces bytes [start, end) of a file.
type edit struct {
	file       string
	start, end int
	text       string
}

// fixStats counts what applyFixes did: fixes applied (or, with -diff,
// shown), fixes skipped as they overlap applied ones, files changed.
type fixStats struct {
	applied, skipped, files int
}

// String says what was applied, as -fix reports it: "2 fixes applied in
// 1 file", then the fixes skipped, if any.
func (st fixStats) String() string {
	s := fmt.Sprintf("%s applied in %s", plural(st.applied, "fix", "fixes"), plural(st.files, "file", "files"))
	switch {
	case st.skipped == 1:
		s += "; 1 fix skipped, as it overlaps those: run syncvet -fix again"
	case st.skipped > 1:
		s += fmt.Sprintf("; %d fixes skipped, as they overlap those: run syncvet -fix again", st.skipped)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// applyFixes applies the findings' fixes, or with printDiff prints them
// to w as a diff.
func applyFixes(w io.Writer, findings []finding, printDiff bool) (fixStats, error) {
	var st fixStats
	perFile := map[string][]edit{}
	seenFix := map[string]bool{}
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		fix := f.diag.SuggestedFixes[0]
		var edits []edit
		for _, e := range fix.TextEdits {
			tf := f.fset.File(e.Pos)
			if tf == nil {
				return st, fmt.Errorf("%s: fix %q has an edit outside any file", f.posn, fix.Message)
			}
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			edits = append(edits, edit{tf.Name(), tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)})
		}
		sort.Slice(edits, func(i, j int) bool { return less(edits[i], edits[j]) })
		key := fmt.Sprint(edits)
		if seenFix[key] {
			continue
		}
		seenFix[key] = true
		if conflicts(perFile, edits) {
			st.skipped++
			continue
		}
		for _, e := range edits {
			if !contains(perFile[e.file], e) {
				perFile[e.file] = append(perFile[e.file], e)
			}
		}
		st.applied++
	}

	files := make([]string, 0, len(perFile))
	for name := range perFile {
		files = append(files, name)
	}
	sort.Strings(files)
	for _, name := range files {
		old, err := os.ReadFile(name)
		if err != nil {
			return st, err
		}
		edits := perFile[name]
		sort.Slice(edits, func(i, j int) bool { return less(edits[i], edits[j]) })
		var buf bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.start < last || e.end > len(old) {
				return st, fmt.Errorf("%s: fix edits out of range", name)
			}
			buf.Write(old[last:e.start])
			buf.WriteString(e.text)
			last = e.end
		}
		buf.Write(old[last:])
		fixed := buf.Bytes()
		// gofmt the result if the file was gofmt-ed: a fix must not
		// reformat code that its author laid out by hand.
		if wasFormatted(old) {
			if formatted, err := format.Source(fixed); err == nil {
				fixed = formatted
			}
		}
		if printDiff {
			io.WriteString(w, unifiedDiff(displayName(name), string(old), string(fixed)))
			st.files++
			continue
		}
		mode := os.FileMode(0o644)
		if info, err := os.Stat(name); err == nil {
			mode = info.Mode().Perm()
		}
		if err := os.WriteFile(name, fixed, mode); err != nil {
			return st, err
		}
		st.files++
	}
	return st, nil
}

func wasFormatted(src []byte) bool {
	formatted, err := format.Source(src)
	return err == nil && bytes.Equal(formatted, src)
}

func less(a, b edit) bool {
	if a.file != b.file {
		return a.file < b.file
	}
	if a.start != b.start {
		return a.start < b.start
	}
	return a.end < b.end
}

// conflicts reports whether any of edits overlaps a different accepted
// edit of the same file. Two insertions at the same offset conflict, as
// their order would be arbitrary.
func conflicts(accepted map[string][]edit, edits []edit) bool {
	for _, e := range edits {
		for _, a := range accepted[e.file] {
			if a == e {
				continue
			}
			if e.start < a.end && a.start < e.end || e.start == a.start || e.start == e.end && e.start > a.start && e.start < a.end {
				return true
			}
		}
	}
	return false
}

func contains(list []edit, e edit) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

// displayName returns name as the command prints it: relative to the
// current directory if it is inside it, as go vet and staticcheck print
// file names, else as it is.
func displayName(name string) string {
	if !filepath.IsAbs(name) {
		return name
	}
	wd, err := os.Getwd()
	if err != nil {
		return name
	}
	rel, err := filepath.Rel(wd, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return name
	}
	return rel
}

// unifiedDiff returns a unified diff (3 lines of context) turning old
// into new, labelled a/name and b/name so that patch -p1 applies it.
func unifiedDiff(name, old, new string) string {
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	if len(ops) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", name, name)
	const ctx = 3
	// Group the changes into hunks whose context does not overlap.
	for i := 0; i < len(ops); {
		j := i
		for j+1 < len(ops) && ops[j+1].a0-ops[j].a1 <= 2*ctx {
			j++
		}
		a0, b0 := max(ops[i].a0-ctx, 0), max(ops[i].b0-ctx, 0)
		a1, b1 := min(ops[j].a1+ctx, len(a)), min(ops[j].b1+ctx, len(b))
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkSpan(a0, a1), hunkSpan(b0, b1))
		ai := a0
		for k := i; k <= j; k++ {
			op := ops[k]
			for ; ai < op.a0; ai++ {
				writeLine(&out, ' ', a[ai])
			}
			for x := op.a0; x < op.a1; x++ {
				writeLine(&out, '-', a[x])
			}
			for x := op.b0; x < op.b1; x++ {
				writeLine(&out, '+', b[x])
			}
			ai = op.a1
		}
		for ; ai < a1; ai++ {
			writeLine(&out, ' ', a[ai])
		}
		i = j + 1
	}
	return out.String()
}

func hunkSpan(from, to int) string {
	if to-from == 1 {
		return fmt.Sprint(from + 1)
	}
	if to == from {
		return fmt.Sprintf("%d,0", from)
	}
	return fmt.Sprintf("%d,%d", from+1, to-from)
}

func writeLine(out *strings.Builder, tag byte, line string) {
	out.WriteByte(tag)
	out.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		out.WriteString("\n\\ No newline at end of file\n")
	}
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// A change replaces lines a[a0:a1] by b[b0:b1].
type change struct{ a0, a1, b0, b1 int }

// diffLines returns the changes turning a into b, from a longest common
// subsequence found by Myers' O((N+M)D) algorithm.
func diffLines(a, b []string) []change {
	// Trim the common prefix and suffix: fixes are local.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(am), len(bm)
	if n == 0 && m == 0 {
		return nil
	}
	// Forward search, keeping each round's furthest-reaching x per diagonal.
	max := n + m
	v := make([]int, 2*max+2)
	var trace [][]int
	found := false
	for d := 0; d <= max && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[max+k-1] < v[max+k+1] {
				x = v[max+k+1]
			} else {
				x = v[max+k-1] + 1
			}
			y := x - k
			for x < n && y < m && am[x] == bm[y] {
				x, y = x+1, y+1
			}
			v[max+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Backtrack to recover the matched pairs.
	type pair struct{ x, y int }
	var matches []pair
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || k != d && v[max+k-1] < v[max+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[max+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY && x > 0 && y > 0 && am[x-1] == bm[y-1] {
			x, y = x-1, y-1
			matches = append(matches, pair{x, y})
		}
		x, y = prevX, prevY
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		matches = append(matches, pair{x, y})
	}
	// matches is in reverse order; turn the gaps between them into changes.
	var out []change
	px, py := 0, 0
	for i := len(matches) - 1; i >= -1; i-- {
		mx, my := n, m
		if i >= 0 {
			mx, my = matches[i].x, matches[i].y
		}
		if mx > px || my > py {
			out = append(out, change{pre + px, pre + mx, pre + py, pre + my})
		}
		px, py = mx+1, my+1
	}
	return out
}
