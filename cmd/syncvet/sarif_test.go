package main

import (
	"encoding/json"
	"os"
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
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations      []sarifLocation `json:"locations"`
				AssociatedRule struct {
					ID string `json:"id"`
				} `json:"associatedRule"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			RuleIndex           int               `json:"ruleIndex"`
			Level               string            `json:"level"`
			Message             struct {
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
	log := checkSARIF(t, r.stdout)
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

	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 0 {
		t.Errorf("invocations: %+v, want one, successful, without notifications", run.Invocations)
	}

	// Results, in position order, each with its fingerprint.
	var got []string
	prints := map[string]bool{}
	for _, res := range run.Results {
		fp := res.PartialFingerprints["syncvet/v1"]
		if len(res.PartialFingerprints) != 1 || !regexp.MustCompile(`^[0-9a-f]{32}:1$`).MatchString(fp) || prints[fp] {
			t.Errorf("result %s: partialFingerprints %v, want one syncvet/v1 of its own, HASH:1", res.RuleID, res.PartialFingerprints)
		}
		prints[fp] = true
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d", res.RuleID, res.RuleIndex)
		}
		loc := res.Locations[0].PhysicalLocation
		got = append(got, res.RuleID+" "+loc.ArtifactLocation.URIBaseID+" "+loc.ArtifactLocation.URI+
			" "+itoa(loc.Region.StartLine)+":"+itoa(loc.Region.StartColumn)+"-"+itoa(loc.Region.EndLine)+":"+itoa(loc.Region.EndColumn)+
			" "+res.Level+" "+res.Message.Text)
	}
	want := []string{
		"condloop %SRCROOT% mod/sub/box.go 14:3-14:16 warning b.cond.Wait is guarded by an if, not a for loop; use for instead of if",
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

}

// checkSARIF checks that out is SARIF 2.1.0 and has none of the
// placeholders of go-sarif's unset fields, and decodes it.
//
// The schema check: out has no property the schema does not define (the
// library's types are generated from the schema, so decoding into them
// with unknown fields disallowed finds any other), and what it decodes
// to is valid against the schema, which the library holds and checks
// its own types against: every value of out is checked so, and a
// required property that out lacks is missing there too. (Decoding
// strictly would leave the arrays out lacks null, which the schema
// rejects: the library's types write every array.)
func checkSARIF(t *testing.T, out string) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("SARIF output is not JSON: %v\n%s", err, out)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(new(sarif.Report)); err != nil {
		t.Errorf("SARIF output has a property outside the schema: %v", err)
	}
	report, err := sarif.FromString(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Validate(); err != nil {
		t.Errorf("SARIF schema validation: %v", err)
	}

	// No -1 (go-sarif's "unset" index, offset, rank, id) and no empty
	// array or object, but results, which is empty when nothing was found.
	var tree any
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case float64:
			if v == -1 {
				t.Errorf("SARIF output: %s is -1", path)
			}
		case []any:
			if len(v) == 0 && !strings.HasSuffix(path, ".results") {
				t.Errorf("SARIF output: %s is an empty array", path)
			}
			for i, e := range v {
				walk(path+"["+itoa(i)+"]", e)
			}
		case map[string]any:
			if len(v) == 0 {
				t.Errorf("SARIF output: %s is an empty object", path)
			}
			for k, e := range v {
				walk(path+"."+k, e)
			}
		}
	}
	walk("$", tree)
	if len(log.Runs) != 1 || !strings.Contains(out, `"results": [`) {
		t.Errorf("SARIF output: want one run, with results")
	}
	return log
}

// TestSARIFLoadErrors checks that the packages that do not load are
// reported in the invocation's toolExecutionNotifications, with go vet's
// error text and position, and make executionSuccessful false; the other
// packages' findings are still there.
func TestSARIFLoadErrors(t *testing.T) {
	dir := newModule(t, map[string]string{
		"sub/box.go":       boxGo,
		"broken/broken.go": "package broken\n\nfunc F() int { return \"x\" }\n",
	})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	r := syncvet(t, "-format=sarif", "-copylocks", "./...")
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (a package does not load)", r.code)
	}
	log := checkSARIF(t, r.stdout)
	run := log.Runs[0]
	if len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful {
		t.Fatalf("invocations %+v, want one, not successful", run.Invocations)
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	const text = `broken/broken.go:3:23: cannot use "x" (untyped string constant) as int value in return statement`
	if len(notes) != 1 || notes[0].Level != "error" || notes[0].Message.Text != text || len(notes[0].Locations) != 1 {
		t.Fatalf("toolExecutionNotifications %+v, want one error: %s", notes, text)
	}
	loc := notes[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "broken/broken.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		loc.Region.StartLine != 3 || loc.Region.StartColumn != 23 {
		t.Errorf("notification location %+v, want broken/broken.go 3:23", loc)
	}
	if !strings.Contains(r.stderr, text) {
		t.Errorf("stderr lacks the error:\n%s", r.stderr)
	}
	if len(run.Results) != 1 || run.Results[0].RuleID != "copylocks" {
		t.Errorf("results %+v, want the copylocks finding of sub", run.Results)
	}
}

// TestSARIFAnalyzerError checks that an analyzer's failure is a
// notification naming the analyzer.
func TestSARIFAnalyzerError(t *testing.T) {
	dir := newModule(t, nil)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	an := &outcome{
		vet:  &vetResult{},
		errs: []analysisError{{pkg: "example.com/m/sub", analyzer: "condloop", err: "internal error: condloop panicked"}},
	}
	var out strings.Builder
	if err := writeSARIF(&out, nil, an); err != nil {
		t.Fatal(err)
	}
	log := checkSARIF(t, out.String())
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 {
		t.Fatalf("invocations %+v, want one, not successful, with one notification", inv)
	}
	n := inv[0].ToolExecutionNotifications[0]
	if n.Level != "error" || n.Message.Text != "example.com/m/sub: condloop: internal error: condloop panicked" || n.AssociatedRule.ID != "condloop" {
		t.Errorf("notification %+v", n)
	}
}

// TestSARIFClean checks the log of a run with nothing to report: an
// empty results array, a successful invocation.
func TestSARIFClean(t *testing.T) {
	dir := newModule(t, map[string]string{"clean/clean.go": "package clean\n\nfunc F() int { return 1 }\n"})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	r := syncvet(t, "-format=sarif", "./...")
	if r.code != 0 {
		t.Fatalf("exit %d, want 0\n%s", r.code, r.stderr)
	}
	log := checkSARIF(t, r.stdout)
	if run := log.Runs[0]; len(run.Results) != 0 || len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful {
		t.Errorf("results %d, invocations %+v; want none, one successful", len(run.Results), run.Invocations)
	}
}

// fingerprinted returns the results of a SARIF run as "rule file:line
// fingerprint", in order.
func fingerprinted(t *testing.T, args ...string) []string {
	t.Helper()
	r := syncvet(t, append([]string{"-format=sarif"}, args...)...)
	var out []string
	for _, res := range checkSARIF(t, r.stdout).Runs[0].Results {
		loc := res.Locations[0].PhysicalLocation
		out = append(out, res.RuleID+" "+loc.ArtifactLocation.URI+":"+itoa(loc.Region.StartLine)+" "+res.PartialFingerprints["syncvet/v1"])
	}
	return out
}

// TestSARIFFingerprints checks that a result's fingerprint stays when
// lines above it come and go and the line is indented anew, although its
// line and the line numbers in its message change, and that it changes
// with the finding's line text, its file and its check; two identical
// findings in one file are told apart.
func TestSARIFFingerprints(t *testing.T) {
	wait2 := "\nfunc (b *Box) Wait2() {\n\tb.mu.Lock()\n\tb.cond.Wait()\n\tb.mu.Unlock()\n}\n"
	dir := newModule(t, map[string]string{"sub/get.go": getGo + wait2})
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	args := []string{"-condloop", "-missingunlock", "./sub"}
	before := fingerprinted(t, args...)
	if len(before) != 3 {
		t.Fatalf("results %q, want missingunlock's and two condloop", before)
	}
	fp := func(result string) string { return result[strings.LastIndexByte(result, ' ')+1:] }
	hash := func(result string) string { h, _, _ := strings.Cut(fp(result), ":"); return h }
	if hash(before[1]) != hash(before[2]) || fp(before[1]) == fp(before[2]) ||
		!strings.HasSuffix(before[1], ":1") || !strings.HasSuffix(before[2], ":2") {
		t.Errorf("identical findings: %q and %q, want one hash, :1 and :2", before[1], before[2])
	}

	// Two lines more above everything, the Lock re-indented: the
	// missingunlock message's "at line 15" is now "at line 17".
	moved := strings.Replace(getGo, "import \"sync\"\n", "import \"sync\"\n\n// Box is a box.\n", 1)
	moved = strings.Replace(moved, "\tb.mu.Lock()\n\tswitch", "\t  b.mu.Lock() \n\tswitch", 1)
	writeFiles(t, dir, map[string]string{"sub/get.go": moved + wait2})
	after := fingerprinted(t, args...)
	if len(after) != 3 || after[0] == before[0] {
		t.Fatalf("after the move: %q, want three results on other lines", after)
	}
	for i := range after {
		if fp(after[i]) != fp(before[i]) {
			t.Errorf("fingerprint changed as the code moved:\n%s\n%s", before[i], after[i])
		}
	}

	// The finding's own line changes: its fingerprint does, not the others'.
	writeFiles(t, dir, map[string]string{"sub/get.go": strings.Replace(moved+wait2, "\tb.cond.Wait()\n", "\t(b.cond).Wait()\n", 1)})
	edited := fingerprinted(t, args...)
	if len(edited) != 3 || fp(edited[0]) != fp(before[0]) || hash(edited[1]) == hash(before[1]) || fp(edited[2]) == fp(before[2]) {
		t.Errorf("after editing the first Wait's line:\n%q\nwant missingunlock's fingerprint kept, each Wait's new\n(before: %q)", edited, before)
	}

	// Another file: another fingerprint.
	os.Remove(filepath.Join(dir, "sub", "get.go"))
	writeFiles(t, dir, map[string]string{"sub/other.go": moved + wait2})
	other := fingerprinted(t, args...)
	if len(other) != 3 || fp(other[0]) == fp(before[0]) {
		t.Errorf("in another file: %q, want other fingerprints than %q", other, before)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestCompactSARIF(t *testing.T) {
	in := `{"runs": [{"results": [], "graphs": [], "invocations": [{"index": -1, "ok": true, "n": 0, "list": []}],
		"x": {"index": -1, "props": {}}, "s": "-1", "rank": -1.0, "start": 1, "ids": [-1, 2]}]}`
	want := `{"runs": [{"results": [], "invocations": [{"ok": true, "n": 0}], "s": "-1", "start": 1, "ids": [-1, 2]}]}`
	got, err := compactSARIF([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(want), &w)
	if a, b := canonical(g), canonical(w); a != b {
		t.Errorf("compactSARIF:\n%s\nwant:\n%s", a, b)
	}
}

// canonical prints a JSON value with its keys in order.
func canonical(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
