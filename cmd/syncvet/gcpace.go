package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// The garbage collector's pace in a vet tool process, which analyzes one
// package and exits. Collecting at the default pace spends a quarter of
// the CPU time of a small package's process on a heap that dies with it:
// the pace is three times the default, and the heap may grow to 160 MB,
// as much as two such processes beside go vet should take. A fixed
// memory limit of 160 MB did that for the small packages but not for the
// large: a package whose live heap was past the limit (a 140,000-line
// package holds about 1.3 GB) collected back to back and spent half its
// time there (see BENCHMARKS.md). Instead, after every collection the
// pace is set so that the heap may grow to heapTarget, or by half of what
// is live when that is more, never by more than maxPercent.
const (
	heapTarget = 160 << 20
	maxPercent = 300
)

// paceGC starts pacing the collector, unless GOGC or GOMEMLIMIT says how
// the user wants it.
func paceGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(maxPercent)
	armPacer()
}

// gcPercent is the pace for a live heap of live bytes.
func gcPercent(live uint64) int {
	if live == 0 {
		return maxPercent
	}
	growth := live / 2
	if live < heapTarget {
		growth = max(growth, heapTarget-live)
	}
	return int(min(100*growth/live, maxPercent))
}

// armPacer registers a cleanup on an object nothing references, which
// runs after the next collection: it sets the pace from the live heap
// that collection found, and arms again.
func armPacer() {
	sentinel := new([32]byte) // not a tiny allocation, whose cleanups may never run
	runtime.AddCleanup(sentinel, func(struct{}) {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetGCPercent(gcPercent(sample[0].Value.Uint64()))
		}
		armPacer()
	}, struct{}{})
}
