package main

import (
	"path"
	"sort"
	"strings"
)

// A lockScore is one lock check's score on the GoKer kernels.
type lockScore struct {
	Check, Kind string
	Found       []string       // kernels of the check's kind with a finding of it
	Missed      []string       // kernels of its kind without
	There       int            // findings in kernels of its kind
	Elsewhere   map[string]int // findings per kernel of another kind (or unclassified)
	Top         []finding      // findings in the top program (micro tests, common patterns)
}

func (s lockScore) elsewhere() (findings int) {
	for _, n := range s.Elsewhere {
		findings += n
	}
	return findings
}

// kernelCensus matches the classification to the kernels present: it
// returns each present kernel's kind ("" if unclassified) and the
// kernels classified but absent.
func kernelCensus(present []string) (kinds map[string]string, unclassified, absent []string) {
	kinds = map[string]string{}
	known := map[string]string{}
	for _, k := range kernels {
		known[k.Name] = k.Kind
	}
	seen := map[string]bool{}
	for _, name := range present {
		seen[name] = true
		kinds[name] = known[name]
		if known[name] == "" {
			unclassified = append(unclassified, name)
		}
	}
	for _, k := range kernels {
		if !seen[k.Name] {
			absent = append(absent, k.Name)
		}
	}
	return kinds, unclassified, absent
}

// kernelOf returns the kernel a corpus file holds ("goker/etcd5509.go"
// holds etcd5509), or "" for a file that is no kernel.
func kernelOf(file string) string {
	dir, base := path.Split(file)
	if dir != gokerDir+"/" || base == "main.go" || !strings.HasSuffix(base, ".go") {
		return ""
	}
	return strings.TrimSuffix(base, ".go")
}

// scoreLocks scores check on the kernels (kinds: each present kernel's
// kind): a kernel of the check's kind is found when a finding of the
// check lies in its file; findings in kernels of other kinds are counted
// apart, as are those in the top program.
func scoreLocks(check string, kinds map[string]string, findings []finding) lockScore {
	s := lockScore{Check: check, Kind: checkKind[check], Elsewhere: map[string]int{}}
	per := map[string]int{}
	for _, f := range findings {
		if f.Check != check {
			continue
		}
		k := kernelOf(f.File)
		switch {
		case k == "" && path.Dir(f.File) == topDir:
			s.Top = append(s.Top, f)
		case k == "":
			// not in the corpus: cannot happen, syncvet reports the packages named
		case kinds[k] == s.Kind:
			per[k]++
			s.There++
		default:
			s.Elsewhere[k]++
		}
	}
	for k, kind := range kinds {
		if kind != s.Kind {
			continue
		}
		if per[k] > 0 {
			s.Found = append(s.Found, k)
		} else {
			s.Missed = append(s.Missed, k)
		}
	}
	sort.Strings(s.Found)
	sort.Strings(s.Missed)
	return s
}
