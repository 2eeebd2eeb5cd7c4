// Package plugin is syncvet's golangci-lint v2 module plugin. It serves
// syncvet's own passes (passes.All()); go vet's and staticcheck's
// concurrency checks, which the syncvet command also runs, are
// golangci-lint's govet and staticcheck linters there.
//
// Build a golangci-lint that contains it with `golangci-lint custom` and
// the .custom-gcl.yml at the root of this repository (or, offline, with
// `make golangci-lint`), then enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - syncvet
//	  settings:
//	    custom:
//	      syncvet:
//	        type: module
//	        description: concurrency mistakes in Go
//	        original-url: github.com/syncvet/syncvet
//	        settings:
//	          disable: [sleepwait]
//
// Findings are silenced with //nolint:syncvet, or with the comments the
// syncvet command reads, //syncvet:ignore CHECK REASON, and fixed with
// --fix.
package plugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/ignore"
	"github.com/syncvet/syncvet/passes"
)

func init() {
	register.Plugin("syncvet", New)
}

// Settings are the plugin's settings in .golangci.yml
// (linters.settings.custom.syncvet.settings). Unknown keys and unknown
// check names are errors, so that a typo does not silently run everything.
type Settings struct {
	// Enable, if not empty, lists the only checks to run.
	Enable []string `json:"enable"`
	// Disable lists checks not to run, e.g. [sleepwait].
	Disable []string `json:"disable"`
}

// Plugin is the register.LinterPlugin of syncvet.
type Plugin struct {
	settings Settings
}

// New decodes the settings strictly and returns the plugin.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("syncvet: %w", err)
	}
	known := map[string]bool{}
	var names []string
	for _, a := range passes.All() {
		known[a.Name] = true
		names = append(names, a.Name)
	}
	for _, name := range slices.Concat(s.Enable, s.Disable) {
		if !known[name] {
			return nil, fmt.Errorf("syncvet: settings name %q, which is not a syncvet check (checks: %s)", name, strings.Join(names, ", "))
		}
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the enabled passes, each honouring
// //syncvet:ignore comments as under the syncvet command, so that one
// suppression works with every driver. (Malformed or stale directives
// are reported by the command's syncvetignore check, not here.)
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range passes.All() {
		if len(p.settings.Enable) > 0 && !slices.Contains(p.settings.Enable, a.Name) {
			continue
		}
		if slices.Contains(p.settings.Disable, a.Name) {
			continue
		}
		out = append(out, ignore.Filter(a))
	}
	return out, nil
}

// GetLoadMode asks for type information: the passes work on types and SSA.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
