package main

import (
	"reflect"
	"testing"
)

func TestKernelOf(t *testing.T) {
	for file, want := range map[string]string{
		"goker/etcd5509.go":       "etcd5509",
		"goker/main.go":           "",
		"goker/README.md":         "",
		"simple.go":               "",
		"other/etcd5509.go":       "",
		"goker/sub/etcd5509.go":   "",
		"goker/kubernetes1321.go": "kubernetes1321",
	} {
		if got := kernelOf(file); got != want {
			t.Errorf("kernelOf(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestKernelCensus(t *testing.T) {
	kinds, unclassified, absent := kernelCensus([]string{"etcd5509", "moby7559", "newkernel1"})
	if kinds["etcd5509"] != kindMissingUnlock || kinds["newkernel1"] != "" {
		t.Errorf("kinds %v", kinds)
	}
	if !reflect.DeepEqual(unclassified, []string{"newkernel1"}) {
		t.Errorf("unclassified %v, want newkernel1", unclassified)
	}
	if len(absent) != len(kernels)-2 {
		t.Errorf("%d absent, want %d", len(absent), len(kernels)-2)
	}
}

func TestScoreLocks(t *testing.T) {
	kinds := map[string]string{
		"moby36114":     kindDoubleLock,
		"syncthing4829": kindDoubleLock,
		"etcd10492":     kindDoubleLock,
		"cockroach584":  kindMissingUnlock,
		"newkernel1":    "",
	}
	f := func(check, file string) finding { return finding{Check: check, File: file, Pos: pos{3, 1}} }
	s := scoreLocks("doublelock", kinds, []finding{
		f("doublelock", "goker/moby36114.go"),
		f("doublelock", "goker/moby36114.go"),
		f("doublelock", "goker/syncthing4829.go"),
		f("lockorder", "goker/etcd10492.go"), // another check
		f("doublelock", "goker/cockroach584.go"),
		f("doublelock", "goker/newkernel1.go"),
		f("doublelock", "simple.go"),
		f("doublelock", "simple.go"),
	})
	if !reflect.DeepEqual(s.Found, []string{"moby36114", "syncthing4829"}) || !reflect.DeepEqual(s.Missed, []string{"etcd10492"}) {
		t.Errorf("found %v, missed %v", s.Found, s.Missed)
	}
	if s.There != 3 || len(s.Top) != 2 || s.elsewhere() != 2 || len(s.Elsewhere) != 2 {
		t.Errorf("there %d, top %v, elsewhere %v", s.There, s.Top, s.Elsewhere)
	}
}

func TestPct(t *testing.T) {
	for _, tc := range []struct {
		n, of int
		want  string
	}{{175, 234, "74.8%"}, {0, 5, "0.0%"}, {3, 0, "–"}, {1, 3, "33.3%"}} {
		if got := pct(tc.n, tc.of); got != tc.want {
			t.Errorf("pct(%d, %d) = %s, want %s", tc.n, tc.of, got, tc.want)
		}
	}
}
