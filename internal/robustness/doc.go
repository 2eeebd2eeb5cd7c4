// Package robustness holds tests, and nothing else, that syncvet's passes
// and engines never crash, stall or print something unstable, whatever
// the input:
//
//   - FuzzPasses mutates the programs of the passes' testdata (bytes, and
//     statements: deleted, duplicated, swapped, wrapped in loops, closures,
//     goroutines and defers, locks and blocking calls inserted) and runs
//     every analyzer of passes.All() on each mutant that type-checks,
//     failing on a panic, an analysis error, a diagnostic at an invalid
//     position, a run that differs from the one before, or a run that
//     does not finish. Its seed corpus runs in go test ./...; fuzz with
//
//     go test ./internal/robustness -run='^$' -fuzz=FuzzPasses -fuzztime=10m
//
//   - TestPathological and BenchmarkPathological run every analyzer on
//     generated programs at the limits: a 10,000-line function, 1,000
//     goroutines, 200 nested closures and loops, a 5,000-case switch,
//     1,000 locks in branches, a 500-deep call chain under a lock.
//
// The programs are txtar archives of "importpath/file.go" files, loaded
// in memory: parsed, type-checked with go/types (the standard library
// from export data), and analyzed with x/tools' public checker package,
// as the standalone command does.
package robustness
