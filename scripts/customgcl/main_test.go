package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRepositoryConfig reads the repository's .custom-gcl.yml as make
// golangci-lint does.
func TestRepositoryConfig(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(filepath.Join(root, ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Version != "v2.15.0" || cfg.Name != "golangci-lint-syncvet" || cfg.Destination != filepath.Join(root, "bin") {
		t.Errorf("version %q, name %q, destination %q; want v2.15.0, golangci-lint-syncvet, the repository's bin", cfg.Version, cfg.Name, cfg.Destination)
	}
	if len(cfg.Plugins) != 1 {
		t.Fatalf("%d plugins, want 1", len(cfg.Plugins))
	}
	if p := *cfg.Plugins[0]; p != (plugin{Module: "github.com/syncvet/syncvet", Import: "github.com/syncvet/syncvet/plugin", Path: root}) {
		t.Errorf("plugin %+v, want syncvet's, at the repository's root", p)
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		yaml string
		want string // the plugins as module import path version, or the error
	}{
		{"version: v2.15.0\nplugins:\n  - module: example.com/a\n    path: ./a\n",
			"example.com/a example.com/a " + filepath.Join(dir, "a") + " "},
		{"# comment\nversion: \"v2.15.0\" # trailing\nname: 'x'\nplugins:\n- module: example.com/a\n  import: example.com/a/p\n  version: v1.0.0\n\n  - module: example.com/b\n    path: /b\n",
			"example.com/a example.com/a/p  v1.0.0; example.com/b example.com/b /b "},
		{"plugins:\n  - module: example.com/a\n    path: .\n", "version is required"},
		{"version: v2.15.0\n", "no plugins"},
		{"version: v2.15.0\nplugins:\n  - module: example.com/a\n", "needs a path or a version"},
		{"version: v2.15.0\nplugins:\n  - module: example.com/a\n    path: .\n    version: v1.0.0\n", "needs a path or a version"},
		{"version: v2.15.0\nplugins:\n  - import: example.com/a\n    path: .\n", "a plugin without module"},
		{"versoin: v2.15.0\n", `line 1: unknown key "versoin"`},
		{"version: v2.15.0\nplugins:\n  - module: example.com/a\n    paths: .\n", `line 4: unknown plugin key "paths"`},
		{"version: v2.15.0\n  name: x\n", "line 2: unexpected indentation"},
		{"version: v2.15.0\nplugins: [a]\n", "line 2: plugins must be a list"},
		{"version v2.15.0\n", "line 1: want key: value"},
	} {
		path := filepath.Join(dir, ".custom-gcl.yml")
		if err := os.WriteFile(path, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		var got string
		if cfg, err := loadConfig(path); err != nil {
			got = err.Error()
		} else {
			var ps []string
			for _, p := range cfg.Plugins {
				ps = append(ps, strings.Join([]string{p.Module, p.Import, p.Path, p.Version}, " "))
			}
			got = strings.Join(ps, "; ")
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.yaml, got, tc.want)
		}
	}
}
