package picker

import (
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend/catalog"
)

// Match tiers, best first.
const (
	tierExact  = iota // the query is the model id (or its last part) or the name
	tierPrefix        // every query word starts a word of the id or name
	tierSubstr        // every query word appears in the id or name
	tierFuzzy         // only as scattered letters
)

// rank orders the catalog's matches by tier, keeping the catalog's order
// inside a tier. When any entry holds every query word as written, the
// scattered-letter matches are left out: "sonnet" lists Claude Sonnet models,
// not nemotron (s…o…n…n…e…t).
func rank(results []catalog.CatalogEntry, query string) []catalog.CatalogEntry {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return results
	}
	q := strings.Join(words, " ")
	tiers := make([]int, len(results))
	best := tierFuzzy
	for i, e := range results {
		tiers[i] = tierOf(e, words, q)
		best = min(best, tiers[i])
	}
	idx := make([]int, 0, len(results))
	for i := range results {
		if best == tierFuzzy || tiers[i] < tierFuzzy {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return tiers[a] - tiers[b] })
	out := make([]catalog.CatalogEntry, len(idx))
	for k, i := range idx {
		out[k] = results[i]
	}
	return out
}

// tierOf places one entry; q is words joined by single spaces.
func tierOf(e catalog.CatalogEntry, words []string, q string) int {
	model, name := strings.ToLower(e.Model), strings.ToLower(e.Name)
	last := model[strings.LastIndexByte(model, '/')+1:]
	if q == model || q == last || q == name {
		return tierExact
	}
	hay := strings.ToLower(string(e.Provider)+" "+e.ProviderName) + " " + model + " " + name
	segments := strings.FieldsFunc(hay, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.')
	})
	tier := tierPrefix
	for _, w := range words {
		switch {
		case slices.ContainsFunc(segments, func(s string) bool { return strings.HasPrefix(s, w) }):
		case strings.Contains(hay, w):
			tier = max(tier, tierSubstr)
		default:
			return tierFuzzy
		}
	}
	return tier
}
