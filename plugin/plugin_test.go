package plugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/syncvet/syncvet/passes"
	"github.com/syncvet/syncvet/plugin"
)

func names(t *testing.T, settings any) []string {
	t.Helper()
	p, err := plugin.New(settings)
	if err != nil {
		t.Fatalf("New(%v): %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range analyzers {
		out = append(out, a.Name)
	}
	return out
}

func allNames() []string {
	var out []string
	for _, a := range passes.All() {
		out = append(out, a.Name)
	}
	return out
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
		t.Errorf("no settings: got %s, want every pass: %s", got, strings.Join(all, " "))
	}
	if got := strings.Join(names(t, map[string]any{"disable": []any{}}), " "); got != strings.Join(all, " ") {
		t.Errorf("empty disable: got %s, want every pass", got)
	}
	got := names(t, map[string]any{"disable": []any{"condloop"}})
	if len(got) != len(all)-1 || strings.Contains(" "+strings.Join(got, " ")+" ", " condloop ") {
		t.Errorf("disable [condloop]: got %v, want every pass but condloop", got)
	}
	if got := names(t, map[string]any{"enable": []any{"condloop"}}); len(got) != 1 || got[0] != "condloop" {
		t.Errorf("enable [condloop]: got %v, want [condloop]", got)
	}
}

// TestBadSettings checks that typos are errors, not silently ignored.
func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"disabled": []any{"condloop"}}, "unknown field"},
		{map[string]any{"disable": []any{"condlop"}}, `"condlop", which is not a syncvet check`},
		{map[string]any{"disable": "condloop"}, "cannot unmarshal"},
	} {
		_, err := plugin.New(tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%v) = %v, want an error containing %q", tc.settings, err, tc.want)
		}
	}
}
