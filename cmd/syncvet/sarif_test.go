package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/syncvet/syncvet/internal/analysisutil"
	"github.com/syncvet/syncvet/passes/condloop"
)

// The part of SARIF 2.1.0 that GitHub code scanning reads, decoded
// independently of the library that writes it.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID               string `json:"id"`
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text string }
					HelpURI          string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations        []sarifLocation `json:"locations"`
			RelatedLocations []sarifLocation `json:"relatedLocations"`
			Fixes            []struct {
				Description     struct{ Text string }
				ArtifactChanges []struct {
					ArtifactLocation sarifArtifact `json:"artifactLocation"`
					Replacements     []struct {
						DeletedRegion   sarifRegion `json:"deletedRegion"`
						InsertedContent struct {
							Text string `json:"text"`
						} `json:"insertedContent"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	PhysicalLocation struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	} `json:"physicalLocation"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// TestSARIF runs syncvet -format=sarif in a subdirectory of a git work tree
// and checks the fields code scanning needs: paths relative to the top of
// the work tree, rules from the analyzers' docs, related locations, fixes.
func TestSARIF(t *testing.T) {
	top := newModule(t, nil)
	gitCmd(t, top, "init", "-q")
	writeFiles(t, top, map[string]string{
		"mod/go.mod":     "module example.com/m\n\ngo 1.26.0\n",
		"mod/sub/box.go": boxGo,
	})
	t.Chdir(top + "/mod")

	r := syncvet(t, "-format=sarif", "-condloop", "-copylocks", "./...")
	if r.code != 3 {
		t.Fatalf("exit %d, want 3 (findings)\n%s", r.code, r.stderr)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0") {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "syncvet" {
		t.Errorf("driver name %q", run.Tool.Driver.Name)
	}
	// The version is the command's; SARIF's semanticVersion is Semantic
	// Versioning's, without the "v" of Go's module versions.
	semver := regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$`)
	if d := run.Tool.Driver; d.Version != version || "v"+d.SemanticVersion != version || !semver.MatchString(d.SemanticVersion) {
		t.Errorf("driver version %q, semanticVersion %q; want %q and the same without its v", d.Version, d.SemanticVersion, version)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; base != "file://"+top+"/" {
		t.Errorf("%%SRCROOT%% is %q, want file://%s/", base, top)
	}

	// Rules: one per check that ran, documented from its analyzer.
	var ruleIDs []string
	for _, rule := range run.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, rule.ID)
		if rule.ID != "condloop" {
			continue
		}
		title := analysisutil.Title(condloop.Analyzer.Doc)
		if rule.ShortDescription.Text != title || rule.HelpURI != analysisutil.URL("condloop") ||
			!strings.HasPrefix(rule.Help.Text, title) || !strings.Contains(rule.Help.Text, "WRONG:") {
			t.Errorf("condloop rule: short %q, helpUri %q, help %.80q", rule.ShortDescription.Text, rule.HelpURI, rule.Help.Text)
		}
	}
	if strings.Join(ruleIDs, " ") != "condloop copylocks" {
		t.Errorf("rules %v, want [condloop copylocks]", ruleIDs)
	}

	// Results, in position order.
	var got []string
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d", res.RuleID, res.RuleIndex)
		}
		loc := res.Locations[0].PhysicalLocation
		got = append(got, res.RuleID+" "+loc.ArtifactLocation.URIBaseID+" "+loc.ArtifactLocation.URI+
			" "+itoa(loc.Region.StartLine)+":"+itoa(loc.Region.StartColumn)+"-"+itoa(loc.Region.EndLine)+":"+itoa(loc.Region.EndColumn)+
			" "+res.Level+" "+res.Message.Text)
	}
	want := []string{
		"condloop %SRCROOT% mod/sub/box.go 14:3-14:16 warning b.cond.Wait is guarded by an if, so the condition is not re-checked after waking; use for instead of if",
		// 16th byte, 15th UTF-16 code unit: "é" is two bytes, one unit.
		"condloop %SRCROOT% mod/sub/box.go 22:15-22:28 warning b.cond.Wait is not inside a for loop re-checking the condition; use for !condition { b.cond.Wait() }",
		"copylocks %SRCROOT% mod/sub/box.go 35:13-35:16 warning Copy passes lock by value: example.com/m/sub.Box contains sync.Mutex (copylocks)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Related positions and fixes of the first.
	first := run.Results[0]
	if len(first.RelatedLocations) != 1 {
		t.Fatalf("%d related locations, want 1", len(first.RelatedLocations))
	}
	rel := first.RelatedLocations[0]
	if rel.Message.Text != "condition checked only once here" || rel.PhysicalLocation.Region.StartLine != 13 ||
		rel.PhysicalLocation.ArtifactLocation.URI != "mod/sub/box.go" {
		t.Errorf("related location: %+v", rel)
	}
	if len(first.Fixes) != 1 || len(first.Fixes[0].ArtifactChanges) != 1 || len(first.Fixes[0].ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("fixes: %+v", first.Fixes)
	}
	fix := first.Fixes[0]
	change := fix.ArtifactChanges[0]
	repl := change.Replacements[0]
	if fix.Description.Text != "Replace if with for" || change.ArtifactLocation.URI != "mod/sub/box.go" ||
		repl.DeletedRegion != (sarifRegion{13, 2, 13, 4}) || repl.InsertedContent.Text != "for" {
		t.Errorf("fix: %+v", fix)
	}

	// And the whole log is valid against the SARIF 2.1.0 schema.
	report, err := sarif.FromString(r.stdout)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Validate(); err != nil {
		t.Errorf("SARIF schema validation: %v", err)
	}
}

// TestSARIFOutsideGit checks that outside a git work tree paths are
// relative to the current directory.
func TestSARIFOutsideGit(t *testing.T) {
	dir := newModule(t, map[string]string{"sub/box.go": boxGo})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	r := syncvet(t, "-format=sarif", "-copylocks", "./sub")
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	if n := len(log.Runs[0].Results); n != 1 {
		t.Fatalf("%d results, want 1", n)
	}
	if uri := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "sub/box.go" {
		t.Errorf("uri %q, want sub/box.go", uri)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
