// Command customgcl builds a golangci-lint that contains the module
// plugins of a .custom-gcl.yml, as `golangci-lint custom` does, but from
// the Go module proxy instead of a git clone of golangci-lint, so that it
// works where only the proxy is reachable (`make golangci-lint`).
//
//	go run ./scripts/customgcl [-config .custom-gcl.yml] [-o PATH]
//
// It takes golangci-lint's source at the configuration's version from the
// module cache (`go mod download -json` gives its Dir), copies it into a
// temporary directory, writes cmd/golangci-lint/plugins.go with a blank
// import of each plugin, points each plugin's module at its path with a
// replace directive (or requires its version), runs go mod tidy and
// builds ./cmd/golangci-lint into the configuration's destination and
// name (bin/golangci-lint-syncvet here), or into PATH with -o. It prints
// where the binary is and how long the build took; the progress goes to
// standard error.
//
// Only the subset of YAML that .custom-gcl.yml files use is read:
// top-level version, name and destination, and plugins as a list of
// module, import, path and version. Relative paths are relative to the
// configuration's directory.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// golangciModule is golangci-lint's module path (v2).
const golangciModule = "github.com/golangci/golangci-lint/v2"

func main() {
	log.SetFlags(0)
	log.SetPrefix("customgcl: ")
	configPath := flag.String("config", ".custom-gcl.yml", "the `file` that says which golangci-lint and plugins to build")
	out := flag.String("o", "", "write the binary to `path` instead of the configuration's destination and name")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("unexpected arguments %q", flag.Args())
	}
	start := time.Now()
	cfg, err := loadConfig(*configPath)
	if err != nil {
		log.Fatal(err)
	}
	bin := *out
	if bin == "" {
		name := cfg.Name
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		bin = filepath.Join(cfg.Destination, name)
	}
	if bin, err = filepath.Abs(bin); err != nil {
		log.Fatal(err)
	}
	if err := build(cfg, bin, start); err != nil {
		log.Fatal(err)
	}
	rel := bin
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, bin); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	fmt.Printf("built %s (golangci-lint %s with %s) in %s\n", rel, cfg.Version, cfg.imports(), time.Since(start).Round(time.Second))
}

// build builds golangci-lint with cfg's plugins into bin, an absolute path.
func build(cfg *config, bin string, start time.Time) error {
	step := func(format string, args ...any) {
		log.Printf("%s (%s)", fmt.Sprintf(format, args...), time.Since(start).Round(time.Second))
	}
	data, err := goCmd("", "mod", "download", "-json", golangciModule+"@"+cfg.Version)
	var mod struct{ Dir, Error string }
	if jerr := json.Unmarshal(data, &mod); jerr != nil || mod.Dir == "" {
		return fmt.Errorf("go mod download %s@%s: %v %s", golangciModule, cfg.Version, errors.Join(err, jerr), mod.Error)
	}
	step("golangci-lint %s source: %s", cfg.Version, mod.Dir)

	work, err := os.MkdirTemp("", "custom-gcl")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.CopyFS(work, os.DirFS(mod.Dir)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "cmd", "golangci-lint", "plugins.go"), pluginsFile(cfg), 0o644); err != nil {
		return err
	}
	for _, p := range cfg.Plugins {
		if p.Path != "" {
			_, err = goCmd(work, "mod", "edit", "-replace", p.Module+"="+p.Path)
		} else {
			_, err = goCmd(work, "get", p.Module+"@"+p.Version)
		}
		if err != nil {
			return err
		}
	}
	if _, err := goCmd(work, "mod", "tidy"); err != nil {
		return err
	}
	step("go mod tidy done")

	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	// Build next to bin and rename, so that a failed or interrupted build
	// leaves the previous binary, and a concurrent one a whole binary.
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	ldflags := fmt.Sprintf("-s -w -X 'main.version=%s-custom-gcl' -X 'main.date=%s'", cfg.Version, time.Now().UTC().Format(time.RFC3339))
	if _, err := goCmd(work, "build", "-mod=mod", "-buildvcs=false", "-ldflags", ldflags, "-o", tmp, "./cmd/golangci-lint"); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, bin)
}

// goCmd runs the go command in dir (the current directory if empty), out
// of any workspace, and returns its standard output; its standard error is
// in the error.
func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

// pluginsFile returns cmd/golangci-lint/plugins.go: a blank import of
// each plugin, as `golangci-lint custom` writes it.
func pluginsFile(cfg *config) []byte {
	var b bytes.Buffer
	b.WriteString("package main\n\n// The module plugins of the custom build.\nimport (\n")
	for _, p := range cfg.Plugins {
		fmt.Fprintf(&b, "\t_ %q\n", p.Import)
	}
	b.WriteString(")\n")
	return b.Bytes()
}

// config is what customgcl reads of a .custom-gcl.yml.
type config struct {
	Version, Name, Destination string
	Plugins                    []*plugin
}

type plugin struct {
	Module, Import, Path, Version string
}

func (c *config) imports() string {
	var s []string
	for _, p := range c.Plugins {
		s = append(s, p.Import)
	}
	return strings.Join(s, ", ")
}

// loadConfig reads and checks the configuration at path, as `golangci-lint
// custom` does: version and at least one plugin are required, name
// defaults to custom-gcl, a plugin's import to its module, and each plugin
// has a path or a version, not both. Paths become absolute.
func loadConfig(path string) (*config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := parseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if cfg.Version == "" {
		return nil, fmt.Errorf("%s: version is required", path)
	}
	if cfg.Name == "" {
		cfg.Name = "custom-gcl"
	}
	if len(cfg.Plugins) == 0 {
		return nil, fmt.Errorf("%s: no plugins", path)
	}
	base, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(base, p)
	}
	cfg.Destination = abs(cfg.Destination)
	for _, p := range cfg.Plugins {
		switch {
		case p.Module == "":
			return nil, fmt.Errorf("%s: a plugin without module", path)
		case (p.Path == "") == (p.Version == ""):
			return nil, fmt.Errorf("%s: plugin %s needs a path or a version (not both)", path, p.Module)
		}
		if p.Import == "" {
			p.Import = p.Module
		}
		if p.Path != "" {
			p.Path = abs(p.Path)
		}
	}
	return cfg, nil
}

// parseConfig parses the YAML of a .custom-gcl.yml: "key: value" lines at
// the top level, and under "plugins:" a list of such mappings, each item
// starting with "- ". Comments and blank lines are skipped; anything else
// is an error.
func parseConfig(data []byte) (*config, error) {
	cfg := new(config)
	var cur *plugin // the plugin being read, in the plugins list
	inPlugins := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		indented := line != strings.TrimLeft(line, " \t")
		item := false
		if rest, ok := strings.CutPrefix(text, "- "); ok {
			text, item = strings.TrimSpace(rest), true
		}
		key, value, ok := strings.Cut(text, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value", n)
		}
		key, value = strings.TrimSpace(key), unquote(strings.TrimSpace(value))
		if !indented && !item {
			inPlugins, cur = false, nil
			switch key {
			case "version":
				cfg.Version = value
			case "name":
				cfg.Name = value
			case "destination":
				cfg.Destination = value
			case "plugins":
				if value != "" {
					return nil, fmt.Errorf("line %d: plugins must be a list of mappings", n)
				}
				inPlugins = true
			default:
				return nil, fmt.Errorf("line %d: unknown key %q", n, key)
			}
			continue
		}
		if !inPlugins {
			return nil, fmt.Errorf("line %d: unexpected indentation", n)
		}
		if item {
			cur = new(plugin)
			cfg.Plugins = append(cfg.Plugins, cur)
		}
		if cur == nil {
			return nil, fmt.Errorf("line %d: want a list item (- module: ...)", n)
		}
		switch key {
		case "module":
			cur.Module = value
		case "import":
			cur.Import = value
		case "path":
			cur.Path = value
		case "version":
			cur.Version = value
		default:
			return nil, fmt.Errorf("line %d: unknown plugin key %q", n, key)
		}
	}
	return cfg, sc.Err()
}

// unquote removes YAML's double or single quotes around s.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return s
}
