package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// expectSrc has the shapes of goroutineleakprofile_test.go: the helpers'
// own calls, a commented-out case, a case without leaks.
const expectSrc = "package runtime_test\n" + `
func TestGoroutineLeakProfile(t *testing.T) {
	makeTest := func(name string, leaks ...string) testCase {
		tcase := makeAnyTest(name, false, 2, leaks...)
		return tcase
	}
	micro := []testCase{
		makeTest("NilRecv",
			` + "`NilRecv\\.func1\\(.* \\[chan receive \\(nil chan\\)\\]`" + `,
		),
		makeTest("NoLeakGlobal"),
	}
	goker := []testCase{
		makeFlakyTest("Cockroach10214",
			` + "`\\(*Store_cockroach10214\\)\\.sendQueuedHeartbeats\\(.* \\[sync\\.Mutex\\.Lock\\]`" + `,
			"Mixed\\.func1.1\\(.* \\[sync\\.(RW)?Mutex\\.Lock\\]",
		),
		// makeTest(testCase{name: "Kubernetes1321"},
		// 	` + "`NewMux_kubernetes1321\\.gowrap1\\(.* \\[chan send\\]`" + `),
		makeTest("Syncthing5795",
			` + "`Syncthing5795\\.func2.* \\[chan receive\\]`" + `,
		),
	}
}
`

func TestParseExpectations(t *testing.T) {
	cases, err := parseExpectations([]byte(expectSrc))
	if err != nil {
		t.Fatal(err)
	}
	want := []leakCase{
		{Name: "NilRecv", Leaks: []expectedLeak{{`NilRecv\.func1\(.* \[chan receive \(nil chan\)\]`, "NilRecv.func1", "chan receive (nil chan)"}}},
		{Name: "NoLeakGlobal"},
		{Name: "Cockroach10214", Flaky: true, Leaks: []expectedLeak{
			{`\(*Store_cockroach10214\)\.sendQueuedHeartbeats\(.* \[sync\.Mutex\.Lock\]`, "(*Store_cockroach10214).sendQueuedHeartbeats", "sync.Mutex.Lock"},
			{`Mixed\.func1.1\(.* \[sync\.(RW)?Mutex\.Lock\]`, "Mixed.func1.1", "sync.(RW)?Mutex.Lock"},
		}},
		{Name: "Syncthing5795", Leaks: []expectedLeak{{`Syncthing5795\.func2.* \[chan receive\]`, "Syncthing5795.func2", "chan receive"}}},
	}
	if !reflect.DeepEqual(cases, want) {
		t.Errorf("cases:\ngot  %+v\nwant %+v", cases, want)
	}

	for _, bad := range []string{
		"package p\nvar _ = makeTest(name)\n",                    // not a literal
		"package p\nvar _ = makeTest()\n",                        // no name
		"package p\nvar _ = makeTest(\"X\", `X\\.func1\\(.*`)\n", // no wait reason
		"package p\nvar _ = makeTest(\"X\", `(( \\[x\\]`)\n",     // not a regexp
		"package p\nfunc f() {}\n",                               // no case at all
	} {
		if _, err := parseExpectations([]byte(bad)); err == nil {
			t.Errorf("parseExpectations(%q): no error", bad)
		}
	}
}

func TestLeakFunc(t *testing.T) {
	for _, tc := range []struct{ pattern, fn, wait string }{
		{`NilSend\.func1\(.* \[chan send \(nil chan\)\]`, "NilSend.func1", "chan send (nil chan)"},
		{`\(\*Store_cockroach3710\)\.processRaft\.func1\(.* \[sync\.RWMutex\.Lock\]`, "(*Store_cockroach3710).processRaft.func1", "sync.RWMutex.Lock"},
		{`Cockroach7504\.func2\.1.* \[sync\.Mutex\.Lock\]`, "Cockroach7504.func2.1", "sync.Mutex.Lock"},
		{`worker\.Start\.func1\(.* \[select\]`, "worker.Start.func1", "select"},
		{`spawnGC.func1\(.* \[chan receive\]`, "spawnGC.func1", "chan receive"},
		{`noCloseRange\(.* \[chan send\]`, "noCloseRange", "chan send"},
	} {
		fn, wait, err := leakFunc(tc.pattern)
		if err != nil || fn != tc.fn || wait != tc.wait {
			t.Errorf("leakFunc(%s) = %q, %q, %v; want %q, %q", tc.pattern, fn, wait, err, tc.fn, tc.wait)
		}
	}
	for _, bad := range []string{`NilSend\.func1\(.*`, `.* \[select\]`, `a b\.c \[select\]`} {
		if fn, _, err := leakFunc(bad); err == nil {
			t.Errorf("leakFunc(%s) = %q, want an error", bad, fn)
		}
	}
}

func TestParseFuncName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want funcName
	}{
		{"F", funcName{Name: "F"}},
		{"F.func3", funcName{Name: "F", Closures: []int{3}}},
		{"F.func2.1.4", funcName{Name: "F", Closures: []int{2, 1, 4}}},
		{"(*T).M", funcName{Recv: "T", Name: "M"}},
		{"(T).M.func1", funcName{Recv: "T", Name: "M", Closures: []int{1}}},
		{"worker.Start.func1", funcName{Recv: "worker", Name: "Start", Closures: []int{1}}},
	} {
		got, err := parseFuncName(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseFuncName(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"F.gowrap1", "F.func0", "F.func1.x", "(*T.M", "(*T)M", "T.M.2"} {
		if got, err := parseFuncName(bad); err == nil {
			t.Errorf("parseFuncName(%q) = %+v, want an error", bad, got)
		}
	}
}

// corpusSrc is a program in the corpus's style: cases registered by name,
// closures the compiler numbers in source order, methods.
const corpusSrc = `package main

func init() {
	register("Lit", Lit)
	register("Named", Named)
	register("Clean", Clean)
}

func Lit() {
	defer func() {}()
	go func() {
		go func() {
			block()
		}()
		block()
	}()
}

type T struct{}

func (t *T) M() {
	block()
}

func (t T) V() {}

func Named() {
	go (&T{}).M()
	go helper()
}

func helper() {
	block()
}

func block() { select {} }

func Clean() {
	go func() {}()
	shared()
}

func shared() {}
`

func parsedCorpus(t *testing.T, files map[string]string, dir string) *corpusPkg {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, files)
	p, err := parseCorpusPkg(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResolve(t *testing.T) {
	p := parsedCorpus(t, map[string]string{"k/a.go": corpusSrc}, "k")
	for _, tc := range []struct {
		name       string
		body       int   // the line the body starts on
		in, out    []int // lines of findings in the goroutine and not
		startLines []int
	}{
		// func1 is the deferred closure; func2 the goroutine; its own
		// closure is func2.1, another goroutine.
		{name: "Lit.func2", body: 11, in: []int{11, 12, 15}, out: []int{10, 13, 14, 16, 17}, startLines: []int{11}},
		{name: "Lit.func2.1", body: 12, in: []int{12, 13, 14}, out: []int{11, 15}, startLines: []int{12}},
		{name: "(*T).M", body: 21, in: []int{22, 28}, out: []int{29}, startLines: []int{28}},
		{name: "helper", body: 32, in: []int{33, 29}, out: []int{36}, startLines: []int{29}},
	} {
		g, err := p.resolve(tc.name)
		if err != nil {
			t.Errorf("resolve(%s): %v", tc.name, err)
			continue
		}
		if g.Body.File != "k/a.go" || g.Body.Start.Line != tc.body {
			t.Errorf("resolve(%s): body at %s:%v, want line %d", tc.name, g.Body.File, g.Body.Start, tc.body)
		}
		var starts []int
		for _, s := range g.Starts {
			starts = append(starts, s.Start.Line)
		}
		if !reflect.DeepEqual(starts, tc.startLines) {
			t.Errorf("resolve(%s): started at lines %v, want %v", tc.name, starts, tc.startLines)
		}
		for _, line := range tc.in {
			if !g.has("k/a.go", pos{line, 3}) {
				t.Errorf("%s: a finding at line %d is not in it", tc.name, line)
			}
		}
		for _, line := range tc.out {
			if g.has("k/a.go", pos{line, 3}) {
				t.Errorf("%s: a finding at line %d is in it", tc.name, line)
			}
		}
		if g.has("k/b.go", pos{tc.body + 1, 3}) {
			t.Errorf("%s: a finding in another file is in it", tc.name)
		}
	}
	for _, bad := range []string{"Lit.func3", "Lit.func2.2", "(*T).Missing", "(*U).M", "Nothing", "Lit.gowrap1"} {
		if _, err := p.resolve(bad); err == nil {
			t.Errorf("resolve(%s): no error", bad)
		}
	}
	if _, err := p.resolve("T.V"); err != nil {
		t.Errorf("resolve(T.V): %v", err)
	}
}

func TestCaseSpans(t *testing.T) {
	p := parsedCorpus(t, map[string]string{
		"k/a.go":      corpusSrc,
		"k/kernel.go": "package main\n\nfunc init() { register(\"Kernel\", Kernel) }\n\nfunc Kernel() {}\n",
	}, "k")
	lines := func(c string) (out [][2]int) {
		for _, r := range p.regs {
			if r.Case == c {
				for _, s := range p.caseSpans(r) {
					out = append(out, [2]int{s.Start.Line, s.End.Line})
				}
			}
		}
		return out
	}
	// Named reaches M, helper and block by name; Lit, which also calls
	// block, is another case.
	if got, want := lines("Named"), [][2]int{{21, 23}, {27, 30}, {32, 34}, {36, 36}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Named spans lines %v, want %v", got, want)
	}
	if got, want := lines("Clean"), [][2]int{{38, 41}, {43, 43}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Clean spans lines %v, want %v", got, want)
	}
	if got := lines("Kernel"); len(got) != 1 || got[0][0] != 1 || got[0][1] < 1000 {
		t.Errorf("Kernel spans lines %v, want its whole file", got)
	}
}

func TestScoreLeaks(t *testing.T) {
	p := parsedCorpus(t, map[string]string{"k/a.go": corpusSrc}, "k")
	cases := []leakCase{
		{Name: "Lit", Leaks: []expectedLeak{{Func: "Lit.func2"}, {Func: "Lit.func2.1"}}},
		{Name: "Named", Flaky: true, Leaks: []expectedLeak{{Func: "(*T).M"}, {Func: "helper"}, {Func: "Lit.func9"}}},
		{Name: "Clean"},
		{Name: "Stress", Leaks: []expectedLeak{{Func: "spawnGC.func1"}}},
	}
	at := func(line int) finding { return finding{Check: leakCheck, File: "k/a.go", Pos: pos{line, 3}} }
	s := scoreLeaks(cases, []*corpusPkg{p}, []finding{
		at(15), // in Lit.func2
		at(28), // at the go statement of (*T).M
		at(27), // in Named, but in no goroutine it expects: other
		at(39), // in Clean: a false alarm
		at(43), // in shared, reached from Clean: a false alarm
	})
	found, flaky, flakyFound := s.found()
	if found != 2 || flaky != 3 || flakyFound != 1 {
		t.Errorf("found %d, flaky %d, flaky found %d; want 2, 3, 1", found, flaky, flakyFound)
	}
	var state []string
	for _, l := range s.Leaks {
		st := "missed"
		if l.Err != nil {
			st = "unresolved"
		} else if len(l.Findings) > 0 {
			st = "found"
		}
		state = append(state, l.Leak.Func+" "+st)
	}
	if want := []string{"Lit.func2 found", "Lit.func2.1 missed", "(*T).M found", "helper missed", "Lit.func9 unresolved"}; !reflect.DeepEqual(state, want) {
		t.Errorf("leaks %q, want %q", state, want)
	}
	if len(s.FalseAlarms) != 2 || !reflect.DeepEqual(s.Clean, []string{"Clean"}) {
		t.Errorf("false alarms %v in clean cases %v; want 2 in Clean", s.FalseAlarms, s.Clean)
	}
	if len(s.Other) != 1 || s.Other[0].Pos.Line != 27 {
		t.Errorf("other findings %v, want the one at line 27", s.Other)
	}
	if !reflect.DeepEqual(s.Skipped, []string{"Stress"}) {
		t.Errorf("skipped %v, want Stress", s.Skipped)
	}
}

// goroot returns the GOROOT of the go command, or skips the test.
func goroot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// TestGOROOTCorpus checks the scoreboard's knowledge against this GOROOT's
// corpus: every kernel classified once, every expected leak's function
// found in the program that registers its case.
func TestGOROOTCorpus(t *testing.T) {
	root := goroot(t)
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(leakTestFile)))
	if os.IsNotExist(err) {
		t.Skipf("this GOROOT has no goroutine-leak corpus: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := copyLeakCorpus(root, dir); err != nil {
		t.Fatal(err)
	}
	top, err := parseCorpusPkg(dir, topDir)
	if err != nil {
		t.Fatal(err)
	}
	goker, err := parseCorpusPkg(dir, gokerDir)
	if err != nil {
		t.Fatal(err)
	}

	seen := map[string]bool{}
	for _, k := range kernels {
		if seen[k.Name] {
			t.Errorf("kernel %s classified twice", k.Name)
		}
		seen[k.Name] = true
		if k.Reason == "" || !slices.Contains(kindOrder, k.Kind) {
			t.Errorf("kernel %s: kind %q, reason %q", k.Name, k.Kind, k.Reason)
		}
	}
	var present []string
	for _, name := range goker.names {
		if k := kernelOf(name); k != "" {
			present = append(present, k)
		}
	}
	if _, unclassified, absent := kernelCensus(present); len(unclassified)+len(absent) > 0 {
		t.Errorf("kernels not classified: %v; classified but absent: %v", unclassified, absent)
	}

	cases, err := parseExpectations(src)
	if err != nil {
		t.Fatal(err)
	}
	s := scoreLeaks(cases, []*corpusPkg{top, goker}, nil)
	for _, l := range s.Leaks {
		if l.Err != nil {
			t.Errorf("case %s: %v", l.Case, l.Err)
		}
	}
	if len(s.Leaks) < 100 || len(s.Clean) == 0 {
		t.Errorf("%d expected leaks, %d clean cases: the expectations were misread", len(s.Leaks), len(s.Clean))
	}
}
