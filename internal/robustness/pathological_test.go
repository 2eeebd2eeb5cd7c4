package robustness_test

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/txtar"

	"github.com/syncvet/syncvet/internal/lockset"
)

// A pathological case is a generated program at the limits of what the
// engines bound: its size, nesting, number of goroutines, paths or call
// depth. Each must be analyzed by every pass, without a panic, in well
// under a second (BenchmarkPathological measures it; tests do not assert
// time).
type pathological struct {
	name string
	n    int                // its size: lines, goroutines, levels, cases...
	src  func(n int) string // the source of package p, one file
}

var pathologicals = []pathological{
	{"longfunc", 10000, longFunc},
	{"goroutines", 1000, manyGoroutines},
	{"closures", 200, nestedClosures},
	{"loops", 200, nestedLoops},
	{"switch", 5000, hugeSwitch},
	{"branches", 1000, lockBranches},
	{"callchain", 500, callChain},
	{"manylocks", 300, manyLocks},
	{"defers", 1000, manyDefers},
	{"select", 1000, hugeSelect},
}

// header is the start of every generated file.
const header = `package p

import (
	"sync"
	"time"
)

var (
	mu, mu2 sync.Mutex
	rw      sync.RWMutex
	wg      sync.WaitGroup
	cond    = sync.NewCond(&mu)
	ch      = make(chan int, 1)
	shared  int
	flags   [64]bool
)

var _ = time.Sleep
`

// longFunc is a function of 10,000 lines: locked and unlocked writes,
// branches, sends, sleeps and loops one after the other.
func longFunc(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Long(n int) int {\n\tx := 0\n")
	lines := 3
	for i := 0; lines < n; i++ {
		switch i % 6 {
		case 0:
			b.WriteString("\tmu.Lock()\n\tx++\n\tmu.Unlock()\n")
			lines += 3
		case 1:
			fmt.Fprintf(&b, "\tif n > %d {\n\t\tx += %d\n\t}\n", i, i)
			lines += 3
		case 2:
			fmt.Fprintf(&b, "\tif flags[%d] {\n\t\tmu2.Lock()\n\t\tshared = x\n\t\tmu2.Unlock()\n\t}\n", i%64)
			lines += 5
		case 3:
			b.WriteString("\tselect {\n\tcase ch <- x:\n\tdefault:\n\t}\n")
			lines += 4
		case 4:
			fmt.Fprintf(&b, "\tfor j := 0; j < %d; j++ {\n\t\tx += j\n\t}\n", i%7)
			lines += 3
		case 5:
			b.WriteString("\trw.RLock()\n\tx += shared\n\trw.RUnlock()\n")
			lines += 3
		}
	}
	b.WriteString("\treturn x\n}\n")
	return b.String()
}

// manyGoroutines starts 1,000 goroutines in one function, writing
// shared state with and without the lock, joined by a WaitGroup.
func manyGoroutines(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Many() int {\n\tcount := 0\n\tvar local sync.Mutex\n")
	for i := range n {
		switch i % 4 {
		case 0:
			b.WriteString("\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tlocal.Lock()\n\t\tcount++\n\t\tlocal.Unlock()\n\t}()\n")
		case 1:
			fmt.Fprintf(&b, "\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tshared = %d\n\t}()\n", i)
		case 2:
			b.WriteString("\tgo func() {\n\t\tch <- count\n\t}()\n")
		case 3:
			b.WriteString("\twg.Go(func() {\n\t\tmu.Lock()\n\t\ttime.Sleep(1)\n\t\tmu.Unlock()\n\t})\n")
		}
	}
	b.WriteString("\twg.Wait()\n\treturn count\n}\n")
	return b.String()
}

// nestedClosures nests 200 function literals, each locking, writing a
// captured variable and starting a goroutine at its level.
func nestedClosures(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Closures() int {\n\tx := 0\n")
	for i := range n {
		ind := strings.Repeat("\t", i+1)
		fmt.Fprintf(&b, "%sfunc() {\n%s\tmu.Lock()\n%s\tx++\n%s\tmu.Unlock()\n", ind, ind, ind, ind)
		if i%10 == 0 {
			fmt.Fprintf(&b, "%s\tgo func() { x = %d }()\n", ind, i)
		}
		if i%7 == 0 {
			fmt.Fprintf(&b, "%s\tdefer mu2.Unlock()\n%s\tmu2.Lock()\n", ind, ind)
		}
	}
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "%s}()\n", strings.Repeat("\t", i+1))
	}
	b.WriteString("\treturn x\n}\n")
	return b.String()
}

// nestedLoops nests 200 loops, with a lock, a conditional unlock and a
// blocking receive at every tenth level.
func nestedLoops(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Loops(n int) int {\n\tx := 0\n")
	for i := range n {
		ind := strings.Repeat("\t", i+1)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "%sfor i%d := 0; i%d < n; i%d++ {\n", ind, i, i, i)
		case 1:
			fmt.Fprintf(&b, "%sfor range n {\n", ind)
		case 2:
			fmt.Fprintf(&b, "%sfor x < n {\n%s\tx++\n", ind, ind)
		case 3:
			fmt.Fprintf(&b, "%sfor _, v := range flags {\n%s\tif v {\n%s\t\tbreak\n%s\t}\n", ind, ind, ind, ind)
		}
		if i%10 == 0 {
			fmt.Fprintf(&b, "%s\tmu.Lock()\n%s\tif x > %d {\n%s\t\tmu.Unlock()\n%s\t\tcontinue\n%s\t}\n%s\tmu.Unlock()\n%s\t<-ch\n",
				ind, ind, i, ind, ind, ind, ind, ind)
		}
	}
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "%s}\n", strings.Repeat("\t", i+1))
	}
	b.WriteString("\treturn x\n}\n")
	return b.String()
}

// hugeSwitch is a switch of 5,000 cases, each doing something else with
// the locks, the channel or the clock.
func hugeSwitch(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Switch(n int) int {\n\tx := 0\n\tswitch n {\n")
	for i := range n {
		fmt.Fprintf(&b, "\tcase %d:\n", i)
		switch i % 8 {
		case 0:
			b.WriteString("\t\tmu.Lock()\n")
		case 1:
			b.WriteString("\t\tmu.Unlock()\n")
		case 2:
			b.WriteString("\t\tmu.Lock()\n\t\tdefer mu.Unlock()\n")
		case 3:
			b.WriteString("\t\tch <- x\n")
		case 4:
			b.WriteString("\t\ttime.Sleep(1)\n")
		case 5:
			b.WriteString("\t\treturn x\n")
		case 6:
			b.WriteString("\t\tfallthrough\n")
		case 7:
			fmt.Fprintf(&b, "\t\tx = %d\n", i)
		}
	}
	b.WriteString("\t}\n\treturn x\n}\n")
	return b.String()
}

// lockBranches locks and unlocks 1,000 times, each under a condition of
// its own, so that the paths through the function are 2^1000.
func lockBranches(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Branches(c []bool) {\n")
	for i := range n {
		op := "Lock"
		if i%2 == 1 {
			op = "Unlock"
		}
		m := "mu"
		if i%3 == 0 {
			m = "mu2"
		}
		fmt.Fprintf(&b, "\tif c[%d] {\n\t\t%s.%s()\n\t}\n", i, m, op)
		if i%50 == 0 {
			b.WriteString("\ttime.Sleep(1)\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// callChain is 500 functions, each locking a mutex of its own and calling
// the next with it held; the last sleeps and takes the first's mutex,
// closing a lock-order cycle of 500 locks.
func callChain(n int) string {
	var b strings.Builder
	b.WriteString(header)
	fmt.Fprintf(&b, "\nvar locks [%d]sync.Mutex\n", n)
	for i := range n {
		fmt.Fprintf(&b, "\ntype T%d struct{ mu sync.Mutex }\n\nvar t%d T%d\n", i, i, i)
	}
	for i := range n - 1 {
		fmt.Fprintf(&b, "\nfunc f%d() {\n\tt%d.mu.Lock()\n\tdefer t%d.mu.Unlock()\n\tf%d()\n}\n", i, i, i, i+1)
	}
	fmt.Fprintf(&b, "\nfunc f%d() {\n\tt%d.mu.Lock()\n\ttime.Sleep(1)\n\tt0.mu.Lock()\n\tt0.mu.Unlock()\n\tt%d.mu.Unlock()\n}\n", n-1, n-1, n-1)
	fmt.Fprintf(&b, "\nfunc Start() {\n\tgo f0()\n\tgo f%d()\n}\n", n/2)
	return b.String()
}

// manyLocks takes 300 distinct mutexes, nested, then releases them: a
// lock-order edge between every pair.
func manyLocks(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\ntype Big struct {\n")
	for i := range n {
		fmt.Fprintf(&b, "\tm%d sync.Mutex\n", i)
	}
	b.WriteString("}\n\nfunc (s *Big) All() {\n")
	for i := range n {
		fmt.Fprintf(&b, "\ts.m%d.Lock()\n", i)
	}
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "\ts.m%d.Unlock()\n", i)
	}
	b.WriteString("}\n\nfunc (s *Big) Reverse() {\n")
	for i := n - 1; i >= 0; i -= 7 {
		fmt.Fprintf(&b, "\ts.m%d.Lock()\n\tdefer s.m%d.Unlock()\n", i, i)
	}
	b.WriteString("}\n")
	return b.String()
}

// manyDefers defers 1,000 unlocks and closures in one function, some in
// a loop.
func manyDefers(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Defers(n int) {\n")
	for i := range n {
		switch i % 3 {
		case 0:
			b.WriteString("\tmu.Lock()\n\tdefer mu.Unlock()\n")
		case 1:
			fmt.Fprintf(&b, "\tdefer func() { shared = %d }()\n", i)
		case 2:
			b.WriteString("\tfor range n {\n\t\trw.RLock()\n\t\tdefer rw.RUnlock()\n\t}\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// hugeSelect is a loop over a select of 1,000 cases, under a lock.
func hugeSelect(n int) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\nfunc Select(chs []chan int) {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tfor len(chs[0]) > 0 {\n\t\tselect {\n")
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&b, "\t\tcase v := <-chs[%d]:\n\t\t\tshared = v\n", i)
		} else {
			fmt.Fprintf(&b, "\t\tcase chs[%d] <- shared:\n\t\t\tcond.Wait()\n", i)
		}
	}
	b.WriteString("\t\t}\n\t}\n}\n")
	return b.String()
}

// loadPathological loads a case's program, failing the test if it does
// not type-check.
func loadPathological(t testing.TB, c pathological) *program {
	t.Helper()
	ar := &txtar.Archive{Files: []txtar.File{{Name: "p/p.go", Data: []byte(c.src(c.n))}}}
	prog, err := load(ar)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return prog
}

// TestPathological checks that every pass finishes on every case
// without a panic or an error, with findings at valid positions, the
// same on two runs.
func TestPathological(t *testing.T) {
	for _, c := range pathologicals {
		t.Run(c.name, func(t *testing.T) {
			prog := loadPathological(t, c)
			as := analyzers()
			first, err := analyze(prog, as)
			if err != nil {
				t.Fatal(err)
			}
			second, err := analyze(prog, as)
			if err != nil {
				t.Fatal(err)
			}
			if first != second {
				t.Errorf("two runs differ:\n--- first\n%s--- second\n%s", first, second)
			}
		})
	}
}

// BenchmarkPathological measures the analysis of each case by every
// pass (with the engines and SSA they need; loading excluded). Each
// should take well under a second:
//
//	go test ./internal/robustness -run='^$' -bench=Pathological -benchtime=3x
//
// Besides the wall time, cpu-ns/op is the CPU time the process used (all
// threads, the garbage collector's included), which a machine busy with
// other work inflates less.
func BenchmarkPathological(b *testing.B) {
	for _, c := range pathologicals {
		b.Run(c.name, func(b *testing.B) {
			prog := loadPathological(b, c)
			as := analyzers()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := analyze(prog, as); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestBoundHolds checks the contract of the lock-state engine's bounds
// on the case that must hit them, 2^1000 paths through 1,000 conditional
// Locks and Unlocks: the function is marked imprecise, and no pass says
// anything about it (a bound reached means silence, not guesses).
func TestBoundHolds(t *testing.T) {
	c := pathological{"branches", 1000, lockBranches}
	prog := loadPathological(t, c)
	graph, err := checker.Analyze([]*analysis.Analyzer{lockset.Analyzer}, prog.pkgs, &checker.Options{Sequential: true})
	if err != nil {
		t.Fatal(err)
	}
	res, ok := graph.Roots[0].Result.(*lockset.Result)
	if !ok {
		t.Fatalf("lockset: no result (error %v)", graph.Roots[0].Err)
	}
	found := false
	for _, f := range res.Funcs {
		if f.Fn.Name() == "Branches" {
			found = true
			if !f.Imprecise {
				t.Errorf("lockset: Branches, with 2^1000 paths, is not marked imprecise")
			}
		}
	}
	if !found {
		t.Fatal("lockset: no result for Branches")
	}
	out, err := analyze(prog, analyzers())
	if err != nil {
		t.Fatal(err)
	}
	if out != "" {
		t.Errorf("findings on a function past the engine's bounds:\n%s", out)
	}
}
