package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ciFiles are the files the README's "Use in CI" section shows; users copy
// them from there, so the README must show them as they are.
var ciFiles = []string{"docs/ci/syncvet.yml", ".custom-gcl.yml", ".golangci.yml"}

func repoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestREADMEShowsCIFiles checks that the README embeds the CI files
// verbatim.
func TestREADMEShowsCIFiles(t *testing.T) {
	readme := repoFile(t, "README.md")
	for _, name := range ciFiles {
		if block := "```yaml\n" + repoFile(t, name) + "```\n"; !strings.Contains(readme, block) {
			t.Errorf("README.md does not show %s as it is; copy the file into its yaml block", name)
		}
	}
}

// TestAction runs the steps of the GitHub Action (action.yml, whose run
// step is scripts/action.sh) the way the workflow in docs/ci/syncvet.yml
// uses it, on a two-commit repository, as a pull request and a push run it.
func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	workflow := repoFile(t, "docs/ci/syncvet.yml")
	for _, want := range []string{"fetch-depth: 0", "uses: syncvet/syncvet@v", "sarif: true"} {
		if !strings.Contains(workflow, want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}
	action := repoFile(t, "action.yml")
	for _, want := range []string{
		"using: composite",
		"SYNCVET_ACTION_PATH: ${{ github.action_path }}",
		"SYNCVET_BASE: ${{ inputs.base }}",
		"default: ${{ github.event.pull_request.base.sha }}",
		"SYNCVET_SARIF: ${{ inputs.sarif == 'true' && 'syncvet.sarif' || '' }}",
		`run: bash "$SYNCVET_ACTION_PATH/scripts/action.sh"`,
		"sarif_file: syncvet.sarif\n",
	} {
		if !strings.Contains(action, want) {
			t.Errorf("action.yml lacks %q", want)
		}
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}

	dir := newModule(t, map[string]string{"sub/a.go": waits("Old")})
	gitCmd(t, dir, "init", "-q")
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-q", "-m", "base")
	base := gitCmd(t, dir, "rev-parse", "HEAD")
	writeFiles(t, dir, map[string]string{"sub/b.go": waits("New")})
	gitCmd(t, dir, "add", "-A")
	gitCmd(t, dir, "commit", "-q", "-m", "pull request")

	for _, tc := range []struct {
		event, base string
		want        []string // condloop results' URIs, and the files the log names
	}{
		{"pull_request", base, []string{"sub/b.go"}},
		{"push", "", []string{"sub/a.go", "sub/b.go"}},
	} {
		os.Remove(filepath.Join(dir, "syncvet.sarif"))
		cmd := exec.Command("bash", filepath.Join(root, "scripts", "action.sh"))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "SYNCVET_ACTION_PATH="+root, "SYNCVET_BASE="+tc.base,
			"SYNCVET_PACKAGES=./...", "SYNCVET_SARIF=syncvet.sarif", "RUNNER_TEMP="+t.TempDir())
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 3 {
			t.Errorf("%s: the step ended with %v, want exit status 3 (findings)\n%s", tc.event, err, out)
		}
		for _, f := range []string{"sub/a.go", "sub/b.go"} {
			if logged := strings.Contains(string(out), f+":"); logged != slices.Contains(tc.want, f) {
				t.Errorf("%s: the log names %s: %v, want %v\n%s", tc.event, f, logged, !logged, out)
			}
		}
		data, err := os.ReadFile(filepath.Join(dir, "syncvet.sarif"))
		if err != nil {
			t.Fatalf("%s: %v", tc.event, err)
		}
		var log sarifLog
		if err := json.Unmarshal(data, &log); err != nil {
			t.Fatalf("%s: syncvet.sarif: %v", tc.event, err)
		}
		var got []string
		for _, res := range log.Runs[0].Results {
			if res.RuleID == "condloop" {
				got = append(got, res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s: condloop results in %v, want %v", tc.event, got, tc.want)
		}
	}
}

// remoteInstall matches a go install of the command from its module
// path, with the version asked for.
var remoteInstall = regexp.MustCompile(`go install github\.com/syncvet/syncvet/cmd/syncvet@(\S*)`)

// actionUse matches the workflow's use of the action, with the version.
var actionUse = regexp.MustCompile(`uses: syncvet/syncvet@(\S*)`)

// TestPinnedInstalls checks that the README installs a release by its tag,
// never @latest or a branch, and that the workflow uses the action at the
// same tag.
func TestPinnedInstalls(t *testing.T) {
	release := regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	pinned := map[string]bool{}
	for _, f := range []struct {
		name string
		re   *regexp.Regexp
	}{{"README.md", remoteInstall}, {"docs/ci/syncvet.yml", actionUse}} {
		uses := f.re.FindAllStringSubmatch(repoFile(t, f.name), -1)
		if len(uses) == 0 {
			t.Errorf("%s has no %s", f.name, f.re)
		}
		for _, m := range uses {
			if !release.MatchString(m[1]) {
				t.Errorf("%s: %q does not pin a release tag vX.Y.Z", f.name, m[0])
			}
			pinned[m[1]] = true
		}
	}
	if len(pinned) > 1 {
		t.Errorf("the README and the workflow pin different versions: %v", pinned)
	}
}

// TestInstallFromClone runs the commands the README's Install section
// gives for a clone, each with its own GOBIN, and the command each
// installs.
func TestInstallFromClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	readme := repoFile(t, "README.md")
	_, section, ok := strings.Cut(readme, "\n## Install\n")
	if !ok {
		t.Fatal("README.md has no Install section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok := strings.Cut(section, "\n```\n")
	if !ok {
		t.Fatal("the README's Install section has no code block")
	}
	block, _, _ = strings.Cut(block, "```\n")
	var cmds []string
	for _, line := range strings.Split(block, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			cmds = append(cmds, line)
		}
	}
	if !slices.Contains(cmds, "go install ./cmd/syncvet") || !slices.Contains(cmds, "make install") {
		t.Errorf("the README's first Install block is %q, want go install ./cmd/syncvet and make install", cmds)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range cmds {
		if strings.Contains(line, "@") {
			t.Errorf("%s: not an install from the clone", line)
			continue // and not run: it would fetch a module
		}
		gobin := t.TempDir()
		cmd := exec.Command("bash", "-e", "-c", line)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", line, err, out)
			continue
		}
		out, err := exec.Command(filepath.Join(gobin, "syncvet"), "-version").Output()
		if err != nil || !strings.HasPrefix(string(out), "syncvet "+version+" (") {
			t.Errorf("after %s, $GOBIN/syncvet -version: %v, %q; want syncvet %s (...)", line, err, out, version)
		}
	}
}
