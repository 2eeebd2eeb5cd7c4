package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// PR mode (-new-from-rev=REV) reports only the findings on lines that
// changed since REV, as golangci-lint's --new-from-rev does: the lines
// that `git diff REV` adds or modifies in tracked files (committed or
// not), and every line of untracked files. A finding is kept when the
// line of its position changed; its Related positions do not count.

// A changeSet holds the changed lines of each changed file, by the file's
// absolute, symlink-free path. A nil line set stands for the whole file.
type changeSet struct {
	files map[string]map[int]bool
	real  map[string]string // memo of canonical paths
}

// changedSince runs git in the current directory and returns the lines
// changed since rev. It fails with an explanation when rev is not in the
// repository, as in a shallow clone that lacks the base commit.
func changedSince(rev string) (*changeSet, error) {
	top, err := git(".", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev needs a git work tree: %v", err)
	}
	root := strings.TrimSpace(string(top))
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if _, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("-new-from-rev: revision %q is not in this repository; "+
			"in a shallow clone (CI checkouts fetch one commit by default) fetch the history first, "+
			"e.g. actions/checkout with fetch-depth: 0, or git fetch origin %s", rev, rev)
	}
	diff, err := git(root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
		"--find-renames", "-U0", "--src-prefix=a/", "--dst-prefix=b/", rev, "--")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: %v", err)
	}
	cs := &changeSet{files: map[string]map[int]bool{}, real: map[string]string{}}
	if err := cs.parseDiff(root, diff); err != nil {
		return nil, fmt.Errorf("-new-from-rev: reading git diff: %v", err)
	}
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: %v", err)
	}
	for _, name := range strings.Split(string(untracked), "\x00") {
		if name != "" {
			cs.files[filepath.Join(root, filepath.FromSlash(name))] = nil
		}
	}
	return cs, nil
}

// parseDiff records the added lines of a unified diff with no context
// (-U0), whose paths are relative to root.
func (cs *changeSet) parseDiff(root string, diff []byte) error {
	var lines map[int]bool // of the current file; nil when deleted
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if strings.HasPrefix(name, `"`) {
				unq, err := strconv.Unquote(name)
				if err != nil {
					return fmt.Errorf("bad file name %s", name)
				}
				name = unq
			}
			lines = nil
			if name != "/dev/null" {
				name = strings.TrimPrefix(name, "b/")
				lines = map[int]bool{}
				cs.files[filepath.Join(root, filepath.FromSlash(name))] = lines
			}
		case strings.HasPrefix(line, "@@ ") && lines != nil:
			// @@ -a[,b] +c[,d] @@
			fields := strings.Fields(line)
			if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
				return fmt.Errorf("bad hunk header %q", line)
			}
			start, count, err := hunkRange(fields[2][1:])
			if err != nil {
				return fmt.Errorf("bad hunk header %q", line)
			}
			for l := start; l < start+count; l++ {
				lines[l] = true
			}
		}
	}
	return sc.Err()
}

// hunkRange parses "c" or "c,d" into the first line and the line count.
func hunkRange(s string) (start, count int, err error) {
	first, n, found := strings.Cut(s, ",")
	if start, err = strconv.Atoi(first); err != nil {
		return 0, 0, err
	}
	count = 1
	if found {
		if count, err = strconv.Atoi(n); err != nil {
			return 0, 0, err
		}
	}
	return start, count, nil
}

// changed reports whether line of file (as go/packages names it) changed.
func (cs *changeSet) changed(file string, line int) bool {
	path, ok := cs.real[file]
	if !ok {
		path = file
		if r, err := filepath.EvalSymlinks(file); err == nil {
			path = r
		}
		cs.real[file] = path
	}
	lines, ok := cs.files[path]
	return ok && (lines == nil || lines[line])
}

// git runs git with args in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
		}
		return nil, fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return out, nil
}
