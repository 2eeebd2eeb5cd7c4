package suggest

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"condloop", "condloop", 0},
		{"condlop", "condloop", 1},    // deletion
		{"condlooop", "condloop", 1},  // insertion
		{"condlxop", "condloop", 1},   // substitution
		{"lockodrer", "lockorder", 1}, // transposition
		{"kitten", "sitting", 3},
		{"héllo", "hello", 1}, // runes, not bytes
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := editDistance(tc.b, tc.a); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	names := []string{"condloop", "lockorder", "chanlen", "atomic", "SA2001", "SA2002", "unjoined"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"condlop", []string{"condloop"}},
		{"CONDLOOP", []string{"condloop"}}, // case is ignored
		{"condloop", nil},                  // the name itself is no suggestion
		{"sa2001", []string{"SA2001"}},
		{"SA200", []string{"SA2001", "SA2002"}}, // ties, in the order given
		{"atomc", []string{"atomic"}},
		{"atm", nil},        // two edits are too many for a short name
		{"chanlength", nil}, // three
		{"unjoind", []string{"unjoined"}},
		{"", nil},
	} {
		if got := Names(tc.name, names); !slices.Equal(got, tc.want) {
			t.Errorf("Names(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		names  []string
		want   string
	}{
		{"", nil, ""},
		{"", []string{"condloop"}, "did you mean condloop?"},
		{"-", []string{"condloop"}, "did you mean -condloop?"},
		{"", []string{"SA2001", "SA2002"}, "did you mean SA2001 or SA2002?"},
		{"", []string{"a", "b", "c"}, "did you mean a, b or c?"},
	} {
		if got := DidYouMean(tc.prefix, tc.names); got != tc.want {
			t.Errorf("DidYouMean(%q, %q) = %q, want %q", tc.prefix, tc.names, got, tc.want)
		}
	}
}
