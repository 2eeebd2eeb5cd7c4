package main

import (
	"slices"
	"testing"

	bundlednames "github.com/syncvet/syncvet/internal/bundled"
)

// TestBundledNames checks that internal/bundled, which the golangci-lint
// plugin reads, names the checks that bundled() runs.
func TestBundledNames(t *testing.T) {
	var got []string
	for _, a := range bundled() {
		got = append(got, a.Name)
	}
	if want := bundlednames.Names(); !slices.Equal(got, want) {
		t.Errorf("bundled() runs %q, internal/bundled.Names() = %q", got, want)
	}
}
