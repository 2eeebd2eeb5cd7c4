// Package suggest says which name a misspelled one was meant to be, for
// the messages about unknown check names and flags: "did you mean
// condloop?".
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Names returns the names that name is likely a misspelling of: those at
// the smallest edit distance from it, ignoring case, if that distance is
// small for its length (one edit up to five characters, two beyond). The
// names keep their order; name itself is never among them.
func Names(name string, names []string) []string {
	limit := 1
	if utf8.RuneCountInString(name) > 5 {
		limit = 2
	}
	var best []string
	bestDist := limit + 1
	for _, n := range names {
		if n == name {
			continue
		}
		switch d := editDistance(strings.ToLower(name), strings.ToLower(n)); {
		case d > limit:
		case d < bestDist:
			best, bestDist = []string{n}, d
		case d == bestDist:
			best = append(best, n)
		}
	}
	return best
}

// DidYouMean returns "did you mean X?" (or "X or Y?") for the names, each
// prefixed by prefix, or "" if there are none.
func DidYouMean(prefix string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = prefix + n
	}
	if len(quoted) == 1 {
		return "did you mean " + quoted[0] + "?"
	}
	return "did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?"
}

// editDistance returns the number of single-rune insertions, deletions,
// substitutions and transpositions of adjacent runes that turn a into b
// (the optimal string alignment distance: "lockodrer" is one edit from
// "lockorder", not two).
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// d[i][j] is the distance between s[:i] and t[:j]; three rows suffice.
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
