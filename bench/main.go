// Command bench measures syncvet against go vet and staticcheck on the
// same package sets, and writes the medians to BENCHMARKS.md.
//
//	go run ./bench [-rounds 3] [-sets std,tools] [-out BENCHMARKS.md]
//
// Every run is cold as a CI machine sees it: a fresh process and no
// analysis result cached anywhere. Each run gets its own copy of a Go
// build cache into which the packages (tests included) were only
// compiled, so export data is there, as on any machine that built the
// code, but no vet result; staticcheck gets an empty cache of its own.
// The tools alternate within each round. It measures wall time, user CPU
// time (of the process and every process it waited for) and peak memory:
// the largest sum of the resident sizes of the tool's process tree,
// sampled every 20 ms from /proc, since go vet and syncvet analyze
// packages in child processes running side by side.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The pinned versions of the tools compared.
const (
	staticcheckModule = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"
	toolsModule       = "golang.org/x/tools@v0.52.0"
	// A large server: its package server has 143,000 lines (440,000 with
	// its tests), analyzed in one process.
	natsModule = "github.com/nats-io/nats-server/v2@v2.15.3"
)

// A set is a package set the tools run on.
type set struct {
	name     string
	dir      string // where to run
	pattern  string
	packages int // how many the pattern matches
}

// A tool is one command measured.
type tool struct {
	name string
	cmd  func(s set) *exec.Cmd
	ok   func(code int) bool // exit codes that mean "ran to completion"
}

// A sample is one measured run.
type sample struct {
	wall, user float64 // seconds
	treeMB     float64 // peak of the process tree's resident memory
	largestMB  float64 // peak resident memory of the largest process
}

func main() {
	rounds := flag.Int("rounds", 3, "rounds per tool and package set")
	sets := flag.String("sets", "std,tools,nats", "package sets: std (the standard library), tools ("+toolsModule+") and nats ("+natsModule+"), from the module cache")
	out := flag.String("out", "BENCHMARKS.md", "where to write the results (- for stdout only)")
	base := flag.String("base", "", "also measure this syncvet binary (a build of another commit) as \"syncvet base\", for development")
	only := flag.String("tools", "", "measure only these tools (comma-separated names as in the table, e.g. syncvet,floor); for development, with -out -")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")

	if _, err := os.Stat("/proc/self/statm"); err != nil {
		log.Fatal("bench measures memory from /proc: it runs on Linux only")
	}
	root, err := os.Getwd()
	check(err)
	work, err := os.MkdirTemp("", "syncvet-bench-")
	check(err)
	defer os.RemoveAll(work)

	bin := filepath.Join(work, "bin")
	log.Print("building syncvet, the floor and staticcheck")
	run(root, nil, "go", "build", "-o", filepath.Join(bin, "syncvet"), "./cmd/syncvet")
	run(root, nil, "go", "build", "-o", filepath.Join(bin, "floor"), "./bench/floor")
	run(root, []string{"GOBIN=" + bin}, "go", "install", staticcheckModule)

	var chosen []set
	for _, name := range strings.Split(*sets, ",") {
		switch name {
		case "std":
			chosen = append(chosen, set{name: "std", dir: root, pattern: "std"})
		case "tools":
			chosen = append(chosen, set{name: "golang.org/x/tools", dir: moduleDir(root, toolsModule), pattern: "./..."})
		case "nats":
			chosen = append(chosen, set{name: "github.com/nats-io/nats-server/v2", dir: moduleDir(root, natsModule), pattern: "./..."})
		default:
			log.Fatalf("unknown set %q", name)
		}
	}

	// Every tool runs with GOCACHE set to the round's copy of the warm
	// build cache (see measure).
	tools := []tool{
		{"syncvet", func(s set) *exec.Cmd {
			return command(s.dir, nil, filepath.Join(bin, "syncvet"), s.pattern)
		}, zeroOr(1, 3)},
		{"syncvet -bundled=false", func(s set) *exec.Cmd {
			return command(s.dir, nil, filepath.Join(bin, "syncvet"), "-bundled=false", s.pattern)
		}, zeroOr(1, 3)},
		{"floor (buildssa only)", func(s set) *exec.Cmd {
			return command(s.dir, nil, "go", "vet", "-vettool="+filepath.Join(bin, "floor"), s.pattern)
		}, zeroOr(1)},
		{"staticcheck", func(s set) *exec.Cmd {
			return command(s.dir, nil, filepath.Join(bin, "staticcheck"), s.pattern)
		}, zeroOr(1)},
		{"go vet", func(s set) *exec.Cmd {
			return command(s.dir, nil, "go", "vet", s.pattern)
		}, zeroOr(1)},
	}

	if *base != "" {
		b, err := filepath.Abs(*base)
		check(err)
		tools = append(tools, tool{"syncvet base", func(s set) *exec.Cmd {
			return command(s.dir, nil, b, s.pattern)
		}, zeroOr(1, 3)})
	}
	if *only != "" {
		var kept []tool
		for _, name := range strings.Split(*only, ",") {
			found := false
			for _, t := range tools {
				if t.name == name || strings.Fields(t.name)[0] == name && !strings.Contains(name, " ") && !found {
					kept, found = append(kept, t), true
				}
			}
			if !found {
				log.Fatalf("unknown tool %q", name)
			}
		}
		tools = kept
	}

	results := map[string]map[string][]sample{}
	for i := range chosen {
		s := &chosen[i]
		results[s.name] = map[string][]sample{}
		// A build cache holding the compiled packages but no vet result.
		warm := filepath.Join(work, "warm-"+strings.ReplaceAll(s.name, "/", "_"))
		log.Printf("%s: compiling into a fresh build cache", s.name)
		run(s.dir, []string{"GOCACHE=" + warm}, "go", "list", "-export", "-deps", "-test", "-e", s.pattern)
		s.packages = len(strings.Fields(output(s.dir, nil, "go", "list", "-e", s.pattern)))
		for r := 0; r < *rounds; r++ {
			// Alternate: each round starts one tool further along.
			for i := range tools {
				t := tools[(i+r)%len(tools)]
				tmp := filepath.Join(work, "round")
				check(os.RemoveAll(tmp))
				check(os.MkdirAll(tmp, 0o755))
				run(work, nil, "cp", "-a", warm, filepath.Join(tmp, "gocache"))
				smp, err := measure(t, *s, tmp)
				if err != nil {
					log.Fatalf("%s on %s: %v", t.name, s.name, err)
				}
				log.Printf("%s round %d: %-22s wall %6.1fs  user %6.1fs  peak %6.0f MB (largest process %4.0f MB)",
					s.name, r+1, t.name, smp.wall, smp.user, smp.treeMB, smp.largestMB)
				results[s.name][t.name] = append(results[s.name][t.name], smp)
			}
		}
	}

	report := render(chosen, tools, results, *rounds)
	fmt.Print(report)
	if *out != "-" {
		check(os.WriteFile(*out, splice(*out, report), 0o644))
		log.Printf("wrote %s", *out)
	}
}

// moduleDir returns where the module cache holds module@version,
// downloading it and its dependencies through the module proxy if needed.
func moduleDir(root, module string) string {
	var mod struct{ Dir string }
	check(json.Unmarshal([]byte(output(root, nil, "go", "mod", "download", "-json", module)), &mod))
	if mod.Dir == "" {
		log.Fatalf("cannot find %s in the module cache", module)
	}
	run(mod.Dir, nil, "go", "mod", "download")
	return mod.Dir
}

// The measured part of the output file lies between these markers; what
// is around them (findings, verdicts, profiles) is written by hand and
// kept.
const (
	beginMark = "<!-- bench:begin (generated by make bench) -->\n"
	endMark   = "<!-- bench:end -->\n"
)

// splice returns the content of file with the measured part replaced by
// report, or report between the markers if file has no markers.
func splice(file, report string) []byte {
	fresh := beginMark + report + endMark
	old, err := os.ReadFile(file)
	if err != nil {
		return []byte(fresh)
	}
	i := bytes.Index(old, []byte(beginMark))
	j := bytes.Index(old, []byte(endMark))
	if i < 0 || j < i {
		return []byte(fresh)
	}
	return append(append(append([]byte(nil), old[:i]...), fresh...), old[j+len(endMark):]...)
}

// measure runs t on s with the build cache copied into tmp and returns
// what it cost.
func measure(t tool, s set, tmp string) (sample, error) {
	c := t.cmd(s)
	c.Env = append(c.Env, "GOCACHE="+filepath.Join(tmp, "gocache"), "STATICCHECK_CACHE="+filepath.Join(tmp, "staticcheck"))
	var stderr bytes.Buffer
	c.Stdout, c.Stderr = nil, &stderr
	start := time.Now()
	if err := c.Start(); err != nil {
		return sample{}, err
	}
	done := make(chan struct{})
	peak := make(chan float64)
	go func() {
		best := 0.0
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			if mb := treeRSS(c.Process.Pid); mb > best {
				best = mb
			}
			select {
			case <-done:
				peak <- best
				return
			case <-tick.C:
			}
		}
	}()
	err := c.Wait()
	wall := time.Since(start)
	close(done)
	tree := <-peak
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return sample{}, err
	}
	if !t.ok(code) {
		return sample{}, fmt.Errorf("exit %d:\n%s", code, tail(stderr.String(), 20))
	}
	largest := 0.0
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		largest = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return sample{
		wall:      wall.Seconds(),
		user:      c.ProcessState.UserTime().Seconds(),
		treeMB:    max(tree, largest),
		largestMB: largest,
	}, nil
}

// treeRSS returns the resident memory, in MB, of process pid and all its
// descendants, read from /proc.
func treeRSS(pid int) float64 {
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// "pid (comm) state ppid ...": comm may hold spaces.
		i := bytes.LastIndexByte(data, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(data[i+1:]))
		if len(f) < 2 {
			continue
		}
		if ppid, err := strconv.Atoi(f[1]); err == nil {
			children[ppid] = append(children[ppid], p)
		}
	}
	page := float64(os.Getpagesize())
	total := 0.0
	for stack := []int{pid}; len(stack) > 0; {
		p := stack[len(stack)-1]
		stack = append(stack[:len(stack)-1], children[p]...)
		data, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/statm")
		if err != nil {
			continue
		}
		if f := strings.Fields(string(data)); len(f) >= 2 {
			n, _ := strconv.ParseFloat(f[1], 64)
			total += n * page
		}
	}
	return total / 1e6
}

func render(sets []set, tools []tool, results map[string]map[string][]sample, rounds int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Measured\n\nGenerated by `make bench` (`go run ./bench`) on %s: %s/%s, %d CPUs, %s; %s; %d rounds, medians.\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memTotal(),
		strings.TrimSpace(output(".", nil, "go", "version")), rounds)
	fmt.Fprintf(&b, "Compared: staticcheck %s (default checks), the toolchain's go vet, and the floor: the same driver\n"+
		"(go vet with a vet tool) building SSA for every package and running nothing else.\n",
		strings.TrimPrefix(staticcheckModule, "honnef.co/go/tools/cmd/staticcheck@"))
	b.WriteString("Cold: fresh process, no analysis result cached (each run gets a copy of a build cache holding only\n" +
		"compiled packages, and an empty staticcheck cache). Peak memory is that of the whole process tree\n" +
		"(go vet and syncvet analyze packages in child processes, two at a time); the largest single process is beside it.\n")
	for _, s := range sets {
		fmt.Fprintf(&b, "\n### %s (%d packages, tests included)\n\n", s.name, s.packages)
		b.WriteString("| tool | wall (s) | user (s) | peak memory, tree (MB) | largest process (MB) |\n|---|---:|---:|---:|---:|\n")
		med := map[string]sample{}
		for _, t := range tools {
			m := median(results[s.name][t.name])
			med[t.name] = m
			fmt.Fprintf(&b, "| %s | %.1f | %.1f | %.0f | %.0f |\n", t.name, m.wall, m.user, m.treeMB, m.largestMB)
		}
		sv, sc, fl := med["syncvet"], med["staticcheck"], med["floor (buildssa only)"]
		if sv.wall == 0 || sc.wall == 0 || fl.wall == 0 {
			continue // -tools left one out
		}
		fmt.Fprintf(&b, "\nRatios: syncvet / staticcheck wall %.2f× (target ≤ 0.6), peak memory %.2f× (target ≤ 0.6); "+
			"syncvet / floor wall %.2f× (target ≤ 1.2). syncvet: %.0f ms of wall time per package.\n",
			sv.wall/sc.wall, sv.treeMB/sc.treeMB, sv.wall/fl.wall, 1000*sv.wall/float64(max(s.packages, 1)))
	}
	return b.String()
}

func median(xs []sample) sample {
	if len(xs) == 0 {
		return sample{}
	}
	pick := func(get func(sample) float64) float64 {
		v := make([]float64, len(xs))
		for i, x := range xs {
			v[i] = get(x)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return sample{
		wall:      pick(func(s sample) float64 { return s.wall }),
		user:      pick(func(s sample) float64 { return s.user }),
		treeMB:    pick(func(s sample) float64 { return s.treeMB }),
		largestMB: pick(func(s sample) float64 { return s.largestMB }),
	}
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return fmt.Sprintf("%.0f GiB memory", kb/1024/1024)
		}
	}
	return "memory unknown"
}

func zeroOr(codes ...int) func(int) bool {
	return func(c int) bool {
		if c == 0 {
			return true
		}
		for _, x := range codes {
			if c == x {
				return true
			}
		}
		return false
	}
}

func command(dir string, env []string, name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	if p, err := exec.LookPath(name); err == nil {
		c.Path = p
	}
	return c
}

func run(dir string, env []string, name string, args ...string) {
	c := command(dir, env, name, args...)
	if out, err := c.CombinedOutput(); err != nil {
		log.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(string(out), 30))
	}
}

func output(dir string, env []string, name string, args ...string) string {
	c := command(dir, env, name, args...)
	out, err := c.Output()
	if err != nil {
		log.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
