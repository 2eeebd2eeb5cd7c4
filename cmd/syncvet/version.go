package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is syncvet's version. A released tree carries the release's
// tag, vX.Y.Z, and nothing else does; between releases it is the next
// release with the suffix -dev (v0.1.0-dev: the work towards v0.1.0,
// not a tag). The README says which one this tree is, and the SARIF
// output names it as the tool's version.
const version = "v0.1.0-dev"

// semanticVersion returns version without its "v", as Semantic
// Versioning 2.0 (and SARIF's semanticVersion) writes it.
func semanticVersion() string {
	return strings.TrimPrefix(version, "v")
}

// versionLine returns what -version and "syncvet version" print: the
// version and the Go version the command was built with, then what the
// build recorded of where it came from, when it says more: the module
// version go install gave it (a release tag or a commit's
// pseudo-version), the git commit of a build from a clone.
//
//	syncvet v0.1.0-dev (go1.26.8)
//	syncvet v0.1.0-dev (go1.26.8, commit 0123456789ab, modified)
//	syncvet v0.1.0 (go1.26.8, module v0.1.0)
func versionLine() string {
	details := []string{runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			details = append(details, "module "+v)
		}
		var revision, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if revision != "" {
			details = append(details, "commit "+revision[:min(12, len(revision))])
			if modified == "true" {
				details = append(details, "modified")
			}
		}
	}
	return fmt.Sprintf("syncvet %s (%s)", version, strings.Join(details, ", "))
}

// vetVersionFlag is the -V flag of the vet tool protocol, which
// unitchecker leaves to us when it is defined before unitchecker.Main
// runs. go vet runs the tool with -V=full and keys its cache of the
// tool's results by the answer: when the third field holds "devel", by
// the last field, "buildID=...", else by the whole line (how
// cmd/compile answers for a Go release). A -dev build changes without
// its version changing, and a release built by two Go versions differs
// too, so the answer always says "devel" and ends with a hash of the
// executable, as x/tools' own answer does; the fields between name the
// version and the Go version:
//
//	syncvet version devel v0.1.0-dev go1.26.8 buildID=5b2f...
//
// -V alone prints the first line of -version, as the Go tools do.
type vetVersionFlag struct{ stdout io.Writer }

func (vetVersionFlag) IsBoolFlag() bool { return true }
func (vetVersionFlag) Get() any         { return nil }
func (vetVersionFlag) String() string   { return "" }

func (f vetVersionFlag) Set(s string) error {
	switch s {
	case "true":
		fmt.Fprintln(f.stdout, versionLine())
	case "full":
		id, err := executableHash()
		if err != nil {
			return err
		}
		fmt.Fprintf(f.stdout, "syncvet version devel %s %s buildID=%x\n", version, runtime.Version(), id)
	default:
		return errors.New("want -V or -V=full")
	}
	os.Exit(0)
	return nil
}

// defineVetVersionFlag defines -V on the command line's flag set, for
// unitchecker.Main to parse.
func defineVetVersionFlag() {
	flag.Var(vetVersionFlag{os.Stdout}, "V", "print the version and exit (-V=full: with the build ID go vet keys its cache by)")
}

// executableHash returns the SHA-256 of the running executable's file.
func executableHash() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
