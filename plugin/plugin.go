// Package plugin is syncvet's golangci-lint v2 module plugin. It serves
// syncvet's own passes (passes.All()) and the syncvetignore check of
// //syncvet:ignore directives; go vet's and staticcheck's concurrency
// checks, which the syncvet command also runs, are golangci-lint's govet
// and staticcheck linters there.
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
// --fix. Each finding is one golangci-lint issue: its related positions
// (where the lock was first acquired, the goroutine started...) are in
// its message, "(goroutine started here: main.go:12)", since
// golangci-lint would make each of them an issue of its own.

package plugin

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/syncvet/syncvet/internal/bundled"
	"github.com/syncvet/syncvet/internal/ignore"
	"github.com/syncvet/syncvet/internal/suggest"
	"github.com/syncvet/syncvet/passes"
)

func init() {
	register.Plugin("syncvet", New)
}

// Settings are the plugin's settings in .golangci.yml
// (linters.settings.custom.syncvet.settings). Unknown keys and unknown
// check names are errors, so that a typo does not silently run everything,
// and so is a check both enabled and disabled.
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

// checkNames returns the names the settings may use: syncvet's passes and
// syncvetignore.
func checkNames() []string {
	var names []string
	for _, a := range passes.All() {
		names = append(names, a.Name)
	}
	return append(names, ignore.Name)
}

// New decodes the settings strictly, checks the names they use, and
// returns the plugin.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("syncvet: %w", err)
	}
	names := checkNames()
	for _, list := range []struct {
		key   string
		names []string
	}{{"enable", s.Enable}, {"disable", s.Disable}} {
		for _, name := range list.names {
			if slices.Contains(names, name) {
				continue
			}
			hint := suggest.DidYouMean("", suggest.Names(name, names))
			if hint == "" {
				hint = "the checks are " + strings.Join(names, ", ")
			}
			return nil, fmt.Errorf("syncvet: %s names %q, which is not a syncvet check; %s", list.key, name, hint)
		}
	}
	var both []string
	for _, name := range s.Enable {
		if slices.Contains(s.Disable, name) && !slices.Contains(both, name) {
			both = append(both, name)
		}
	}
	if len(both) > 0 {
		return nil, fmt.Errorf("syncvet: enable and disable both name %s; name each check in one of them", strings.Join(both, ", "))
	}
	return &Plugin{settings: s}, nil
}

// enabled reports whether the settings run the check named name.
func (p *Plugin) enabled(name string) bool {
	if len(p.settings.Enable) > 0 && !slices.Contains(p.settings.Enable, name) {
		return false
	}
	return !slices.Contains(p.settings.Disable, name)
}

// BuildAnalyzers returns the enabled passes, each honouring
// //syncvet:ignore comments as under the syncvet command, so that one
// suppression works with every driver, and reporting its related
// positions in its message (folded); then, if enabled, the syncvetignore
// check, which reports the directives that are malformed, name no check,
// or silence nothing in one of the passes that run.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range passes.All() {
		if p.enabled(a.Name) {
			out = append(out, ignore.Filter(folded(a)))
		}
	}
	if p.enabled(ignore.Name) {
		// Directives may also name the checks that the syncvet command
		// runs beside its passes (golangci-lint's govet and staticcheck
		// here): known, but not run, so never called unused.
		out = append(out, ignore.Checker(slices.Clone(out), slices.Concat(checkNames(), bundled.Names())))
	}
	return out, nil
}

// GetLoadMode asks for type information: the passes work on types and SSA.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// folded returns an analyzer like a whose diagnostics carry their related
// positions in the message, "MESSAGE (RELATED: FILE:LINE; ...)" with the
// base name of the file, and no Related. golangci-lint makes each related
// position an issue of its own ("condloop(related information): ..."),
// which counts one finding several times, hides findings when issues are
// made unique by line, and outlives a //nolint on the finding. Suggested
// fixes are kept, for --fix.
func folded(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			d.Message = foldRelated(pass, d.Message, d.Related)
			d.Related = nil
			pass.Report(d)
		}
		return a.Run(&inner)
	}
	return &w
}

// foldRelated returns msg followed by the related positions, in
// parentheses: "msg (condition checked only once here: queue.go:19)".
func foldRelated(pass *analysis.Pass, msg string, related []analysis.RelatedInformation) string {
	var parts []string
	for _, r := range related {
		var where string
		if r.Pos.IsValid() {
			posn := pass.Fset.Position(r.Pos)
			where = fmt.Sprintf("%s:%d", filepath.Base(posn.Filename), posn.Line)
		}
		switch {
		case r.Message == "" && where == "":
		case r.Message == "":
			parts = append(parts, where)
		case where == "":
			parts = append(parts, r.Message)
		default:
			parts = append(parts, r.Message+": "+where)
		}
	}
	if len(parts) == 0 {
		return msg
	}
	return msg + " (" + strings.Join(parts, "; ") + ")"
}
