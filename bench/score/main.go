// Command score is syncvet's development scoreboard: it runs syncvet
// (bin/syncvet, built by make build) on labelled corpora that every Go
// installation has in GOROOT and prints, per check, what it finds and
// what it flags that it should not.
//
//	go run ./bench/score [-v] [-update] [-racetag=false] [-keep]
//
// The corpora, each copied into a temporary module of its own:
//
//   - the race checks (sharedwrite, and unjoined and sleepwait, which
//     report the races that come from a missing wait, sharedwrite then
//     staying silent) on the race detector's tests
//     (runtime/race/testdata): each TestRace* function holds a data race
//     and counts as found when a finding of one of them lies in its body;
//     each TestNoRace* function is race-free and counts as flagged when
//     one does.
//   - doublelock, lockorder, missingunlock and lockedblock on the GoKer
//     kernels of the runtime's goroutine-leak corpus
//     (runtime/testdata/testgoroutineleakprofile/goker), each kernel
//     classified by its bug in kernels.go: a check finds the kernels of
//     its kind; its findings on the others are counted apart.
//   - goroutineleak, when syncvet has such a check, on the goroutine-leak
//     corpus against the leaks that runtime/goroutineleakprofile_test.go
//     expects of each case.
//
// -v lists the tests and kernels behind each figure; -update rewrites the
// part of BENCHMARKS.md between the score markers.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The lock checks scored on the GoKer kernels, and the leak check.
var lockChecks = []string{"doublelock", "lockorder", "missingunlock", "lockedblock"}

// raceChecks are the checks scored on the race tests: sharedwrite leaves
// a goroutine's write that its starter reads without waiting to unjoined,
// or to sleepwait when a Sleep stands in for the wait, so that one mistake
// draws one finding; scoring sharedwrite alone would count those races as
// missed and their false alarms as gone.
var raceChecks = []string{"sharedwrite", "unjoined", "sleepwait"}

const leakCheck = "goroutineleak"

// Targets from the team's issues, printed for information.
const (
	raceFoundTarget   = 85.0 // % of TestRace* found, at least
	raceFlaggedTarget = 3.0  // % of TestNoRace* flagged, at most
)

type options struct {
	verbose, update, raceTag, keep bool
	out, syncvet                   string
}

func main() {
	var o options
	flag.BoolVar(&o.verbose, "v", false, "list the tests and kernels behind each figure")
	flag.BoolVar(&o.update, "update", false, "rewrite the scoreboard part of -out")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "the file -update rewrites")
	flag.StringVar(&o.syncvet, "syncvet", "bin/syncvet", "the syncvet binary (make build)")
	flag.BoolVar(&o.raceTag, "racetag", true, "build the race tests with the race build tag, as go test -race does (without it, the files that need it are left out)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary modules the corpora are copied to, and print where they are")
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	log.SetFlags(0)
	log.SetPrefix("score: ")
	start := time.Now()
	if err := run(o); err != nil {
		log.Fatal(err)
	}
	log.Printf("took %s", time.Since(start).Round(100*time.Millisecond))
}

func run(o options) error {
	syncvet, err := filepath.Abs(o.syncvet)
	if err != nil {
		return err
	}
	if _, err := os.Stat(syncvet); err != nil {
		return fmt.Errorf("%v (make build builds it)", err)
	}
	var r report
	r.env.Date = time.Now().Format("2006-01-02")
	goroot, err := output("go", "env", "GOROOT")
	if err != nil {
		return err
	}
	if r.env.Go, err = output("go", "env", "GOVERSION"); err != nil {
		return err
	}
	r.env.Commit = syncvetCommit()
	help, err := output(syncvet, "help")
	if err != nil {
		return err
	}
	if r.env.Checks = registeredChecks(help); len(r.env.Checks) == 0 {
		return fmt.Errorf("%s help lists no check", syncvet)
	}
	registered := func(c string) bool { return slices.Contains(r.env.Checks, c) }

	work, err := os.MkdirTemp("", "syncvet-score-")
	if err != nil {
		return err
	}
	if o.keep {
		log.Printf("corpora copied to %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	if work, err = filepath.EvalSymlinks(work); err != nil {
		return err
	}

	// The race checks on the race tests.
	if registered("sharedwrite") {
		var tags []string
		if o.raceTag {
			tags = []string{"race"}
		}
		log.Print("race tests: copying and type-checking")
		rc, err := prepareRaceCorpus(goroot, filepath.Join(work, "race"), tags)
		if err != nil {
			return err
		}
		var flags []string
		for _, c := range raceChecks {
			if registered(c) {
				flags = append(flags, "-"+c)
			}
		}
		if len(tags) > 0 {
			flags = append(flags, "-tags="+strings.Join(tags, ","))
		}
		log.Printf("race tests: syncvet %s on %d files", strings.Join(flags, " "), len(rc.Files))
		findings, err := runSyncvet(syncvet, rc.Dir, flags, ".")
		if err != nil {
			return err
		}
		r.race = rc
		r.raceScore = scoreRace(rc.Funcs, findings)
	}

	// The lock checks and goroutineleak on the goroutine-leak corpus.
	leakDir := filepath.Join(work, "leak")
	if err := copyLeakCorpus(goroot, leakDir); err != nil {
		return err
	}
	var flags []string
	for _, c := range append(slices.Clone(lockChecks), leakCheck) {
		if registered(c) {
			flags = append(flags, "-"+c)
		}
	}
	var findings []finding
	if len(flags) > 0 {
		log.Printf("goroutine-leak corpus: syncvet %s", strings.Join(flags, " "))
		if findings, err = runSyncvet(syncvet, leakDir, flags, "./..."); err != nil {
			return err
		}
	}
	top, err := parseCorpusPkg(leakDir, topDir)
	if err != nil {
		return err
	}
	goker, err := parseCorpusPkg(leakDir, gokerDir)
	if err != nil {
		return err
	}
	var present []string
	for _, name := range goker.names {
		if k := kernelOf(name); k != "" {
			present = append(present, k)
		}
	}
	r.kinds, r.unclassified, r.absent = kernelCensus(present)
	for _, c := range lockChecks {
		if registered(c) {
			r.locks = append(r.locks, scoreLocks(c, r.kinds, findings))
		}
	}
	src, err := os.ReadFile(filepath.Join(goroot, filepath.FromSlash(leakTestFile)))
	if err != nil {
		return err
	}
	cases, err := parseExpectations(src)
	if err != nil {
		return err
	}
	// Scored without the check too, to say what it would be scored on.
	var mine []finding
	for _, f := range findings {
		if f.Check == leakCheck {
			mine = append(mine, f)
		}
	}
	r.leak = scoreLeaks(cases, []*corpusPkg{top, goker}, mine)
	r.leakRegistered = registered(leakCheck)

	text := r.render()
	fmt.Print(text)
	if o.verbose {
		fmt.Print(r.details())
	}
	if o.update {
		old, err := os.ReadFile(o.out)
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.out, spliceScore(old, text), 0o644); err != nil {
			return err
		}
		log.Printf("wrote %s", o.out)
	}
	return nil
}

// runEnv is what the figures were measured with.
type runEnv struct {
	Date, Go, Commit string
	Checks           []string // syncvet's own checks, as its help lists them
}

// syncvetCommit names the commit of the working tree syncvet was built
// from, noting uncommitted changes to the code that makes up the binary.
func syncvetCommit() string {
	commit, err := output("git", "rev-parse", "--short=12", "HEAD")
	if err != nil {
		return "unknown (not a git checkout)"
	}
	status, err := output("git", "status", "--porcelain", "--untracked-files=no", "--", "cmd", "internal", "passes", "go.mod", "go.sum")
	if err == nil && status != "" {
		commit += " with uncommitted changes"
	}
	return commit
}

// The generated part of BENCHMARKS.md lies between these markers, in the
// section "## Scoreboard", which comes right after make bench's part.
const (
	scoreBegin = "<!-- score:begin (generated by make score) -->\n"
	scoreEnd   = "<!-- score:end -->\n"
	benchEnd   = "<!-- bench:end -->\n"
	scoreIntro = "\n## Scoreboard\n\n" +
		"`make score` (`go run ./bench/score`) runs syncvet on labelled corpora that every Go installation\n" +
		"has in GOROOT and rewrites the part between the markers below with `SCOREFLAGS=-update`;\n" +
		"`SCOREFLAGS=-v` lists the tests and kernels behind each figure.\n\n"
)

// spliceScore returns old with its scoreboard part replaced by report.
// Without markers, it adds the section, markers and all, after make
// bench's part (or at the end).
func spliceScore(old []byte, report string) []byte {
	fresh := scoreBegin + report + scoreEnd
	i := bytes.Index(old, []byte(scoreBegin))
	j := bytes.Index(old, []byte(scoreEnd))
	if i >= 0 && j > i {
		return slices.Concat(old[:i], []byte(fresh), old[j+len(scoreEnd):])
	}
	at := len(old)
	if k := bytes.Index(old, []byte(benchEnd)); k >= 0 {
		at = k + len(benchEnd)
	}
	return slices.Concat(old[:at], []byte(scoreIntro+fresh), old[at:])
}

// output runs a command in the current directory and returns its
// standard output, trimmed.
func output(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(stderr.String(), 20))
	}
	return strings.TrimSpace(string(out)), nil
}
