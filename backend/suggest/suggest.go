// Package suggest finds the nearest known word to a mistyped one, for
// "did you mean" hints: route names, config fields, providers, models.
package suggest

import "strings"

// Nearest returns the candidate closest to word by edit distance (case
// folded), when it is close enough to be a typo: at most a third of the
// word's length, and at least one edit. Ties go to the earlier candidate.
func Nearest(word string, candidates []string) (string, bool) {
	w := strings.ToLower(word)
	limit := max(1, len([]rune(w))/3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == word {
			continue
		}
		if d := Distance(w, strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// Hint is `; did you mean "x"?` for the nearest candidate, or "".
func Hint(word string, candidates []string) string {
	if s, ok := Nearest(word, candidates); ok {
		return `; did you mean "` + s + `"?`
	}
	return ""
}

// Distance is the Damerau–Levenshtein distance (optimal string alignment)
// between a and b, in runes: a swap of two neighbours counts as one edit,
// the commonest typo ("modle").
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
