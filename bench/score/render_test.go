package main

import (
	"errors"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	r := &report{
		env: runEnv{Date: "2026-01-02", Go: "go1.26.8", Commit: "abc"},
		race: &raceCorpus{Files: []string{"a_test.go"}, Of: 2, Tags: []string{"race"},
			LeftOut: []leftOut{{"b_test.go", "imports internal/testenv, internal to the standard library"}}},
		raceScore: raceScore{
			Racy:     []funcResult{{testFunc{Name: "TestRaceA"}, []finding{{}}}, {testFunc{Name: "TestRaceB"}, nil}},
			RaceFree: []funcResult{{testFunc{Name: "TestNoRaceC"}, nil}},
		},
		kinds: map[string]string{"moby36114": kindDoubleLock, "etcd10492": kindDoubleLock},
		locks: []lockScore{{Check: "doublelock", Kind: kindDoubleLock, Found: []string{"moby36114"}, Missed: []string{"etcd10492"},
			There: 2, Elsewhere: map[string]int{"grpc3017": 1}}},
		leak: &leakScore{
			Leaks: []leakResult{
				{Case: "A", Leak: expectedLeak{Func: "A.func1"}, Findings: []finding{{}}},
				{Case: "B", Flaky: true, Leak: expectedLeak{Func: "B.func1"}},
				{Case: "B", Flaky: true, Leak: expectedLeak{Func: "B.gowrap1"}, Err: errors.New("B.gowrap1: no function")},
			},
			Clean:       []string{"NoLeakGlobal"},
			FalseAlarms: []finding{{}},
			Skipped:     []string{"SpawnGC"},
		},
		leakRegistered: true,
	}
	out := r.render()
	for _, want := range []string{
		"on 2026-01-02: go1.26.8, syncvet at commit abc",
		"1 of its 2 test files, type-checked and analyzed with the build tag race",
		"- b_test.go: imports internal/testenv",
		"| TestRace* (racy): found | 2 | 1 | 50.0% | ≥ 85%: not met |",
		"| TestNoRace* (race-free): flagged | 1 | 0 | 0.0% | ≤ 3%: met |",
		"2 double lock, 0 lock order",
		"| doublelock | double lock: 2 | 1 (50.0%) | 2 | 1 (1) | 0 |",
		"| 3 | 1 | 33.3% | 0 of 2 | 1 | 1 | 0 |",
		"B.gowrap1: no function",
		"(the stress tests): SpawnGC.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "%!") {
		t.Errorf("a format error in the report:\n%s", out)
	}
	details := r.details()
	for _, want := range []string{"  TestRaceB", "missed  etcd10492", "elsewhere grpc3017 (unclassified): 1 finding", "found      A: A.func1", "unresolved B: B.gowrap1"} {
		if !strings.Contains(details, want) {
			t.Errorf("the details lack %q:\n%s", want, details)
		}
	}
}
