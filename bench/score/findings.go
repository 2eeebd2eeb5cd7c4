package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// A pos is a line and a column (in bytes, from 1), as go/token counts
// them.
type pos struct{ Line, Col int }

func (p pos) less(q pos) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col
}

func (p pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// A span is a range of a file, both ends included. File is a path
// relative to the module the corpus was copied to.
type span struct {
	File       string
	Start, End pos
}

func (s span) contains(file string, p pos) bool {
	return file == s.File && !p.less(s.Start) && !s.End.less(p)
}

// A finding is one diagnostic of syncvet -json, its position made
// relative to the module analyzed.
type finding struct {
	Check   string
	File    string // relative to the module, slash-separated
	Pos     pos
	Message string
	Related []string // "file:line:col: message", as printed
}

func (f finding) String() string {
	return fmt.Sprintf("%s:%s: %s: %s", f.File, f.Pos, f.Check, f.Message)
}

// jsonDiagnostic is one diagnostic as syncvet -json prints it (the form
// of x/tools' drivers and go vet -json).
type jsonDiagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// parseFindings reads syncvet -json's output: objects mapping package
// IDs to check names to a list of diagnostics, or to {"error": text} for
// a check that failed on the package. Positions are made relative to
// dir (findings outside it keep their path). It returns the findings,
// sorted by position, and the checks' errors.
func parseFindings(data []byte, dir string) ([]finding, []string, error) {
	var out []finding
	var errs []string
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("reading syncvet -json: %v", err)
		}
		for pkg, checks := range tree {
			for check, raw := range checks {
				var list []jsonDiagnostic
				if err := json.Unmarshal(raw, &list); err != nil {
					var e struct {
						Error string `json:"error"`
					}
					if json.Unmarshal(raw, &e) != nil || e.Error == "" {
						return nil, nil, fmt.Errorf("%s: %s: neither diagnostics nor an error: %.200s", pkg, check, raw)
					}
					errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, check, e.Error))
					continue
				}
				for _, d := range list {
					file, p, err := parsePosn(d.Posn)
					if err != nil {
						return nil, nil, fmt.Errorf("%s: %s: %v", pkg, check, err)
					}
					f := finding{Check: check, File: relTo(dir, file), Pos: p, Message: d.Message}
					for _, r := range d.Related {
						f.Related = append(f.Related, r.Posn+": "+r.Message)
					}
					out = append(out, f)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos != b.Pos {
			return a.Pos.less(b.Pos)
		}
		return a.Check < b.Check
	})
	sort.Strings(errs)
	return out, errs, nil
}

// parsePosn splits "file:line:col" (or "file:line") into its parts. The
// file name may itself hold colons.
func parsePosn(s string) (string, pos, error) {
	bad := fmt.Errorf("position %q is not file:line:col", s)
	rest, last, ok := cutNumber(s)
	if !ok {
		return "", pos{}, bad
	}
	p := pos{Line: last}
	if file, line, ok := cutNumber(rest); ok {
		rest, p = file, pos{Line: line, Col: last}
	}
	if rest == "" || p.Line < 1 || p.Col < 0 {
		return "", pos{}, bad
	}
	return rest, p, nil
}

// cutNumber splits s at its last colon and reads the integer after it.
func cutNumber(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	return s[:i], n, err == nil
}

// relTo returns file relative to dir, slash-separated, or file itself
// if it is not inside dir.
func relTo(dir, file string) string {
	rel, err := filepath.Rel(dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}

// runSyncvet runs the syncvet binary standalone on the packages of the
// module in dir, with -json and the flags given (the checks to run, build
// tags), and returns its findings. A package that fails to load (exit
// status other than 0 with -json) or a check that fails is an error.
func runSyncvet(bin, dir string, flags []string, patterns ...string) ([]finding, error) {
	args := append(append([]string{"-json"}, flags...), patterns...)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s (in %s): %v\n%s", bin, strings.Join(args, " "), dir, err, tail(stderr.String(), 30))
	}
	findings, errs, err := parseFindings(stdout.Bytes(), dir)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("syncvet %s: checks failed:\n%s", strings.Join(args, " "), strings.Join(errs, "\n"))
	}
	return findings, nil
}

// registeredChecks reads the names of syncvet's own checks from the
// output of syncvet help: the indented "name  description" lines of the
// paragraph that "syncvet's checks:" opens.
func registeredChecks(help string) []string {
	var names []string
	in := false
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.HasPrefix(line, "syncvet's checks:"):
			in = true
		case !in:
		case strings.TrimSpace(line) == "":
			if len(names) > 0 {
				return names
			}
		case strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"):
			names = append(names, strings.Fields(line)[0])
		default:
			return names
		}
	}
	return names
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
