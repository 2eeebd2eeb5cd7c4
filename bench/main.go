// Command bench measures syncvet against go vet and staticcheck on the
// same package sets, and writes the medians to BENCHMARKS.md.
//
//	go run ./bench [-rounds 3] [-sets std,tools] [-out BENCHMARKS.md]
//
// Every run is cold as a CI machine sees it: a fresh process, no analysis
// result cached anywhere (a fresh staticcheck cache; for go vet, a fresh
// copy of a Go build cache into which the packages were only compiled, so
// vet's own results are not cached but compiled export data is, as on any
// machine that built the code). The tools alternate within each round.
// It measures wall time, user CPU time and peak resident memory with
// GNU time (/usr/bin/time, Debian's package "time").
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
	"time"
)

// The pinned versions of the tools compared.
const (
	staticcheckModule = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"
	toolsModule       = "golang.org/x/tools@v0.52.0"
)

// A set is a package set the tools run on.
type set struct {
	name    string
	dir     string // where to run
	pattern string
}

// A tool is one command measured.
type tool struct {
	name string
	cmd  func(s set, tmp string) *exec.Cmd
	ok   func(code int) bool // exit codes that mean "ran to completion"
}

// A sample is one measured run.
type sample struct {
	wall, user float64 // seconds
	rssMB      float64
}

func main() {
	rounds := flag.Int("rounds", 3, "rounds per tool and package set")
	sets := flag.String("sets", "std,tools", "package sets: std (the standard library), tools ("+toolsModule+" from the module cache)")
	out := flag.String("out", "BENCHMARKS.md", "where to write the results (- for stdout only)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")

	if _, err := os.Stat("/usr/bin/time"); err != nil {
		log.Fatal("GNU time is needed at /usr/bin/time (Debian package \"time\")")
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
			var mod struct{ Dir string }
			check(json.Unmarshal([]byte(output(root, nil, "go", "mod", "download", "-json", toolsModule)), &mod))
			d := mod.Dir
			if d == "" {
				log.Fatalf("cannot find %s in the module cache", toolsModule)
			}
			chosen = append(chosen, set{name: "golang.org/x/tools", dir: d, pattern: "./..."})
		default:
			log.Fatalf("unknown set %q", name)
		}
	}

	tools := []tool{
		{"syncvet", func(s set, tmp string) *exec.Cmd {
			return command(s.dir, nil, filepath.Join(bin, "syncvet"), s.pattern)
		}, zeroOr(1, 3)},
		{"syncvet (own passes)", func(s set, tmp string) *exec.Cmd {
			return command(s.dir, nil, filepath.Join(bin, "syncvet"), "-bundled=false", s.pattern)
		}, zeroOr(1, 3)},
		{"floor (buildssa only)", func(s set, tmp string) *exec.Cmd {
			return command(s.dir, nil, filepath.Join(bin, "floor"), s.pattern)
		}, zeroOr(1)},
		{"staticcheck", func(s set, tmp string) *exec.Cmd {
			return command(s.dir, []string{"STATICCHECK_CACHE=" + filepath.Join(tmp, "sc")},
				filepath.Join(bin, "staticcheck"), s.pattern)
		}, zeroOr(1)},
		{"go vet", func(s set, tmp string) *exec.Cmd {
			return command(s.dir, []string{"GOCACHE=" + filepath.Join(tmp, "gocache")}, "go", "vet", s.pattern)
		}, zeroOr(1)},
		{"syncvet as vettool", func(s set, tmp string) *exec.Cmd {
			return command(s.dir, []string{"GOCACHE=" + filepath.Join(tmp, "gocache")},
				"go", "vet", "-vettool="+filepath.Join(bin, "syncvet"), s.pattern)
		}, zeroOr(1)},
	}

	results := map[string]map[string][]sample{}
	for _, s := range chosen {
		results[s.name] = map[string][]sample{}
		// A build cache holding the compiled packages but no vet result.
		warm := filepath.Join(work, "warm-"+strings.ReplaceAll(s.name, "/", "_"))
		log.Printf("%s: compiling into a fresh build cache", s.name)
		run(s.dir, []string{"GOCACHE=" + warm}, "go", "build", s.pattern)
		run(s.dir, []string{"GOCACHE=" + warm}, "go", "test", "-run=^$", "-count=1", "-exec=true", s.pattern)
		for r := 0; r < *rounds; r++ {
			// Alternate: each round starts one tool further along.
			for i := range tools {
				t := tools[(i+r)%len(tools)]
				tmp := filepath.Join(work, "round")
				check(os.RemoveAll(tmp))
				check(os.MkdirAll(tmp, 0o755))
				run(work, nil, "cp", "-a", warm, filepath.Join(tmp, "gocache"))
				smp, err := measure(t, s, tmp)
				if err != nil {
					log.Fatalf("%s on %s: %v", t.name, s.name, err)
				}
				log.Printf("%s round %d: %-22s wall %6.1fs  user %6.1fs  peak %6.0f MB", s.name, r+1, t.name, smp.wall, smp.user, smp.rssMB)
				results[s.name][t.name] = append(results[s.name][t.name], smp)
			}
		}
	}

	report := render(chosen, tools, results, *rounds)
	fmt.Print(report)
	if *out != "-" {
		check(os.WriteFile(*out, []byte(report), 0o644))
		log.Printf("wrote %s", *out)
	}
}

// measure runs t on s under GNU time.
func measure(t tool, s set, tmp string) (sample, error) {
	c := t.cmd(s, tmp)
	stats := filepath.Join(tmp, "time.txt")
	args := append([]string{"-f", "%e %U %M", "-o", stats, c.Path}, c.Args[1:]...)
	timed := exec.Command("/usr/bin/time", args...)
	timed.Dir, timed.Env = c.Dir, c.Env
	var stderr bytes.Buffer
	timed.Stdout, timed.Stderr = nil, &stderr
	err := timed.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return sample{}, err
	}
	if !t.ok(code) {
		return sample{}, fmt.Errorf("exit %d:\n%s", code, tail(stderr.String(), 20))
	}
	data, err := os.ReadFile(stats)
	if err != nil {
		return sample{}, err
	}
	// GNU time appends its line after any "Command exited" note.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	f := strings.Fields(lines[len(lines)-1])
	if len(f) != 3 {
		return sample{}, fmt.Errorf("unexpected time output %q", data)
	}
	wall, _ := strconv.ParseFloat(f[0], 64)
	user, _ := strconv.ParseFloat(f[1], 64)
	kb, _ := strconv.ParseFloat(f[2], 64)
	return sample{wall: wall, user: user, rssMB: kb / 1024}, nil
}

func render(sets []set, tools []tool, results map[string]map[string][]sample, rounds int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks\n\nGenerated by `make bench` (`go run ./bench`) on %s: %s/%s, %d CPUs, %s; %s; %d rounds, medians.\n",
		time.Now().UTC().Format("2006-01-02"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memTotal(),
		strings.TrimSpace(output(".", nil, "go", "version")), rounds)
	fmt.Fprintf(&b, "Compared: staticcheck %s (default checks), the toolchain's go vet, and the floor (the same driver building SSA only).\n",
		strings.TrimPrefix(staticcheckModule, "honnef.co/go/tools/cmd/staticcheck@"))
	b.WriteString("Cold: fresh process, no analysis result cached (staticcheck's cache empty; go vet with a copy of a build cache holding only compiled packages).\n")
	for _, s := range sets {
		fmt.Fprintf(&b, "\n## %s\n\n| tool | wall (s) | user (s) | peak memory (MB) |\n|---|---:|---:|---:|\n", s.name)
		med := map[string]sample{}
		for _, t := range tools {
			m := median(results[s.name][t.name])
			med[t.name] = m
			fmt.Fprintf(&b, "| %s | %.1f | %.1f | %.0f |\n", t.name, m.wall, m.user, m.rssMB)
		}
		sv, sc, fl := med["syncvet"], med["staticcheck"], med["floor (buildssa only)"]
		fmt.Fprintf(&b, "\nRatios: syncvet / staticcheck wall %.2f× (target ≤ 0.8), peak memory %.2f× (target ≤ 1.0); syncvet / floor wall %.2f× (target ≤ 1.3).\n",
			sv.wall/sc.wall, sv.rssMB/sc.rssMB, sv.wall/fl.wall)
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
		wall:  pick(func(s sample) float64 { return s.wall }),
		user:  pick(func(s sample) float64 { return s.user }),
		rssMB: pick(func(s sample) float64 { return s.rssMB }),
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
