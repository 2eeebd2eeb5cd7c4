package robustness_test

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// fuzzLimit is how long one analysis of one program may take before the
// fuzz target calls it a hang. Every program here is small; the bound is
// generous for a loaded machine.
const fuzzLimit = 30 * time.Second

// seedOps returns the mutations of a seed's second corpus entry: four,
// derived from its name so that the corpus is the same on every run, the
// first of 16 candidates that leaves a valid program (or the last).
func seedOps(s seed) []byte {
	var ops []byte
	for salt := range 16 {
		sum := sha256.Sum256(fmt.Appendf(nil, "%s %d", s.name, salt))
		ops = sum[:12]
		if ar := mutate(txtar.Parse(s.archive), ops); ar != nil {
			if _, err := load(ar); err == nil {
				break
			}
		}
	}
	return ops
}

// FuzzPasses runs every analyzer of passes.All() on mutants of the
// testdata programs: the archive bytes are mutated by the fuzzer, and
// ops encodes statement-level mutations (see mutate). Mutants that do
// not parse or type-check are dropped, as the drivers never analyze them.
// Without -fuzz, the seeds run: each testdata package as it is, and once
// with four mutations.
func FuzzPasses(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s.archive, []byte(nil))
		f.Add(s.archive, seedOps(s))
	}
	f.Fuzz(func(t *testing.T, archive, ops []byte) {
		defer stats.count()
		ar := txtar.Parse(archive)
		if len(ops) > 0 {
			if ar = mutate(ar, ops); ar == nil {
				return
			}
		}
		prog, err := load(ar)
		if errors.Is(err, errInvalid) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		stats.valid.Add(1)
		if _, err := checkProgram(prog, analyzers(), fuzzLimit); err != nil {
			t.Fatalf("%v\nprogram:\n%s", err, txtar.Format(ar))
		}
	})
}

// stats counts the inputs a fuzzing process tried and those that were
// valid programs (and so analyzed). If $ROBUSTNESS_FUZZ_STATS names a
// file, each process appends "pid inputs valid" to it every 1,000
// inputs: the fuzzer's figures count every input, most of which do not
// parse.
var stats fuzzStats

type fuzzStats struct {
	inputs, valid atomic.Int64
}

func (s *fuzzStats) count() {
	n := s.inputs.Add(1)
	name := os.Getenv("ROBUSTNESS_FUZZ_STATS")
	if name == "" || n%1000 != 0 {
		return
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	fmt.Fprintf(f, "%d %d %d\n", os.Getpid(), n, s.valid.Load())
	f.Close()
}
