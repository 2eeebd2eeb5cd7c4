package plugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/syncvet/syncvet/internal/ignore"
	"github.com/syncvet/syncvet/passes"
	"github.com/syncvet/syncvet/plugin"
)

// analyzers returns the analyzers of the plugin with the given settings.
func analyzers(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := plugin.New(settings)
	if err != nil {
		t.Fatalf("New(%v): %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func names(t *testing.T, settings any) []string {
	t.Helper()
	var out []string
	for _, a := range analyzers(t, settings) {
		out = append(out, a.Name)
	}
	return out
}

// analyzer returns the plugin's analyzer named name, with the settings.
func analyzer(t *testing.T, settings any, name string) *analysis.Analyzer {
	t.Helper()
	for _, a := range analyzers(t, settings) {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("the plugin with settings %v has no analyzer %s", settings, name)
	return nil
}

// allNames returns the names of the passes, then syncvetignore.
func allNames() []string {
	var out []string
	for _, a := range passes.All() {
		out = append(out, a.Name)
	}
	return append(out, ignore.Name)
}

func TestRegistered(t *testing.T) {
	if _, err := register.GetPlugin("syncvet"); err != nil {
		t.Fatal(err)
	}
}

// TestSettings checks how the settings of .golangci.yml select passes.
func TestSettings(t *testing.T) {
	all := allNames()
	if got := strings.Join(names(t, nil), " "); got != strings.Join(all, " ") {
		t.Errorf("no settings: got %s, want every pass and syncvetignore: %s", got, strings.Join(all, " "))
	}
	if got := strings.Join(names(t, map[string]any{"disable": []any{}}), " "); got != strings.Join(all, " ") {
		t.Errorf("empty disable: got %s, want every pass and syncvetignore", got)
	}
	got := names(t, map[string]any{"disable": []any{"condloop"}})
	if len(got) != len(all)-1 || strings.Contains(" "+strings.Join(got, " ")+" ", " condloop ") {
		t.Errorf("disable [condloop]: got %v, want every pass but condloop, and syncvetignore", got)
	}
	if got := names(t, map[string]any{"disable": []any{"syncvetignore"}}); len(got) != len(all)-1 || got[len(got)-1] == ignore.Name {
		t.Errorf("disable [syncvetignore]: got %v, want every pass", got)
	}
	if got := names(t, map[string]any{"enable": []any{"condloop"}}); len(got) != 1 || got[0] != "condloop" {
		t.Errorf("enable [condloop]: got %v, want [condloop]", got)
	}
	if got := strings.Join(names(t, map[string]any{"enable": []any{"condloop", "syncvetignore"}}), " "); got != "condloop syncvetignore" {
		t.Errorf("enable [condloop, syncvetignore]: got %s, want condloop syncvetignore", got)
	}
}

// TestBadSettings checks that typos are errors, not silently ignored, and
// that they say which name was meant; and that a check both enabled and
// disabled is an error.
func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"disabled": []any{"condloop"}}, "unknown field"},
		{map[string]any{"disable": "condloop"}, "cannot unmarshal"},
		{map[string]any{"disable": []any{"condlop"}},
			`syncvet: disable names "condlop", which is not a syncvet check; did you mean condloop?`},
		{map[string]any{"enable": []any{"condloop", "lockodrer"}},
			`syncvet: enable names "lockodrer", which is not a syncvet check; did you mean lockorder?`},
		{map[string]any{"disable": []any{"syncvetignor"}},
			`syncvet: disable names "syncvetignor", which is not a syncvet check; did you mean syncvetignore?`},
		{map[string]any{"disable": []any{"nosuch"}},
			`syncvet: disable names "nosuch", which is not a syncvet check; the checks are ` + strings.Join(allNames(), ", ")},
		// go vet's and staticcheck's checks are golangci-lint's govet and
		// staticcheck linters, not the plugin's.
		{map[string]any{"disable": []any{"SA2001"}}, `"SA2001", which is not a syncvet check`},
		{map[string]any{"enable": []any{"condloop", "sleepwait"}, "disable": []any{"sleepwait", "condloop", "sleepwait"}},
			"syncvet: enable and disable both name condloop, sleepwait; name each check in one of them"},
	} {
		_, err := plugin.New(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tc.settings, err, tc.want)
		}
	}
}

// TestFolded checks that the plugin's passes put their related positions
// in the message and report none, so that golangci-lint makes one issue of
// each finding, and keep their fixes.
func TestFolded(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"condloop", "doublelock"} {
		results := analysistest.Run(t, analysistest.TestData(), analyzer(t, nil, name), name)
		n := 0
		for _, r := range results {
			for _, d := range r.Diagnostics {
				n++
				if len(d.Related) > 0 {
					t.Errorf("%s: %s: %d related positions, want none (folded into the message)", name, d.Message, len(d.Related))
				}
				if name == "condloop" && len(d.SuggestedFixes) == 0 {
					t.Errorf("%s: %s: the fix is lost", name, d.Message)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no diagnostics", name)
		}
	}
}

// TestDirectives checks the plugin's syncvetignore check: malformed,
// misspelled and stale directives are reported; one naming a check that
// the settings disable, or one of the checks the syncvet command bundles,
// is not.
func TestDirectives(t *testing.T) {
	t.Parallel()
	checker := analyzer(t, map[string]any{"disable": []any{"sleepwait"}}, ignore.Name)
	analysistest.Run(t, analysistest.TestData(), checker, "directives")
}
