// Package catalog knows the models: the embedded and live OpenRouter
// catalogs, key checks against each provider, and the pairing of a gateway
// route with the direct route serving the same model.
package catalog

import (
	"cmp"
	"github.com/routeplay/routeplay/backend/suggest"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"charm.land/catwalk/pkg/embedded"
	"github.com/routeplay/routeplay/backend"
)

// CatalogEntry is one model a route can reach: a provider kind routeplay
// knows and a model id as that provider expects it.
type CatalogEntry struct {
	Provider      backend.Kind `json:"provider"`
	ProviderName  string       `json:"provider_name"`
	Model         string       `json:"model"`
	Name          string       `json:"name"`
	ContextWindow int64        `json:"context_window,omitempty"`
	CanReason     bool         `json:"can_reason"`
	// ReasoningLevels are the reasoning_effort values the model accepts, when known.
	ReasoningLevels []string `json:"reasoning_levels,omitempty"`
	// Price is USD per million tokens; nil when the source gives none.
	Price *backend.Price `json:"price,omitempty"`
	// Live entries come from OpenRouter's model list rather than the embedded catalog.
	Live bool `json:"live,omitempty"`
}

// Catalog is a searchable list of models grouped by provider.
type Catalog struct {
	Entries []CatalogEntry
	// Source says where the OpenRouter entries came from: "embedded",
	// "live" (fetched now), "cache" or "stale cache" (the fetch failed).
	Source string

	// haystacks are the lowercased search texts of Entries, built on the
	// first Search; Entries must not change after that.
	haystacks     []string
	haystacksOnce sync.Once
}

// catalogKinds are the provider kinds listed, in display order.
var catalogKinds = []backend.Kind{backend.KindOpenRouter, backend.KindOpenAI, backend.KindAnthropic, backend.KindGemini,
	"groq", "mistral", "deepseek", "xai", "together", "fireworks"}

// EmbeddedCatalog is the catalog built into routeplay (charm.land/catwalk),
// restricted to providers routeplay has a preset for.
func EmbeddedCatalog() *Catalog {
	byID := map[string]backend.Kind{}
	for _, k := range catalogKinds {
		if p, ok := backend.LookupPreset(k); ok && p.CatalogID != "" {
			byID[p.CatalogID] = k
		}
	}
	var entries []CatalogEntry
	for _, p := range embedded.GetAll() {
		kind, ok := byID[string(p.ID)]
		if !ok {
			continue
		}
		for _, m := range p.Models {
			e := CatalogEntry{Provider: kind, ProviderName: p.Name, Model: m.ID, Name: m.Name,
				ContextWindow: m.ContextWindow, CanReason: m.CanReason, ReasoningLevels: m.ReasoningLevels}
			if m.CostPer1MIn != 0 || m.CostPer1MOut != 0 {
				price := backend.CatalogPrice(m)
				e.Price = &price
			}
			entries = append(entries, e)
		}
	}
	c := &Catalog{Entries: entries, Source: "embedded"}
	c.sort()
	return c
}

func (c *Catalog) sort() {
	rank := func(k backend.Kind) int {
		if i := slices.Index(catalogKinds, k); i >= 0 {
			return i
		}
		return len(catalogKinds)
	}
	slices.SortStableFunc(c.Entries, func(a, b CatalogEntry) int {
		return cmp.Or(cmp.Compare(rank(a.Provider), rank(b.Provider)), cmp.Compare(a.Model, b.Model))
	})
}

// WithOpenRouter returns a catalog whose OpenRouter entries are replaced by
// a live list; the other providers keep their embedded entries.
func (c *Catalog) WithOpenRouter(live []CatalogEntry, source string) *Catalog {
	out := &Catalog{Source: source}
	for _, e := range c.Entries {
		if e.Provider != backend.KindOpenRouter {
			out.Entries = append(out.Entries, e)
		}
	}
	out.Entries = append(out.Entries, live...)
	out.sort()
	return out
}

// Providers lists the provider kinds present, in display order.
func (c *Catalog) Providers() []backend.Kind {
	var out []backend.Kind
	for _, e := range c.Entries {
		if len(out) == 0 || out[len(out)-1] != e.Provider {
			out = append(out, e.Provider)
		}
	}
	return out
}

// Lookup finds a provider's model by id (case-insensitive).
func (c *Catalog) Lookup(kind backend.Kind, model string) (CatalogEntry, bool) {
	for _, e := range c.Entries {
		if e.Provider == kind && strings.EqualFold(e.Model, model) {
			return e, true
		}
	}
	return CatalogEntry{}, false
}

// RouteEntry is what the embedded catalog knows about a route's model.
func RouteEntry(rt backend.Route) (CatalogEntry, bool) {
	m, ok := backend.CatalogModel(rt.Kind, rt.Model)
	if !ok {
		return CatalogEntry{}, false
	}
	e := CatalogEntry{Provider: rt.Kind, Model: m.ID, Name: m.Name, ContextWindow: m.ContextWindow,
		CanReason: m.CanReason, ReasoningLevels: m.ReasoningLevels}
	if m.CostPer1MIn != 0 || m.CostPer1MOut != 0 {
		price := backend.CatalogPrice(m)
		e.Price = &price
	}
	return e, true
}

// Search ranks entries against a fuzzy query: every space-separated word
// must match "provider/model name" as a substring or, failing that, as a
// subsequence. Substring hits rank above scattered ones, earlier and
// tighter hits above later ones; ties keep catalog order. An empty query
// returns everything.
func (c *Catalog) Search(query string) []CatalogEntry {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return slices.Clone(c.Entries)
	}
	c.haystacksOnce.Do(func() {
		c.haystacks = make([]string, len(c.Entries))
		for i, e := range c.Entries {
			c.haystacks[i] = strings.ToLower(string(e.Provider) + "/" + e.Model + " " + e.Name)
		}
	})
	type hit struct {
		e     CatalogEntry
		score int
	}
	var hits []hit
	for i, e := range c.Entries {
		hay := c.haystacks[i]
		total, ok := 0, true
		for _, w := range words {
			s, matched := fuzzyScore(hay, w)
			if !matched {
				ok = false
				break
			}
			total += s
		}
		if ok {
			hits = append(hits, hit{e, total})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
	out := make([]CatalogEntry, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out
}

// fuzzyScore scores one query word against a haystack.
func fuzzyScore(hay, word string) (int, bool) {
	if i := strings.Index(hay, word); i >= 0 {
		score := 1000 - min(i, 500)
		if i == 0 || !isWordRune(hay[i-1]) {
			score += 200 // the word starts a segment: "gpt" in "openai/gpt-4o"
		}
		return score, true
	}
	// Subsequence: every rune in order, penalised by the gaps between them.
	pos, gaps, first := 0, 0, -1
	for _, r := range word {
		j := strings.IndexRune(hay[pos:], r)
		if j < 0 {
			return 0, false
		}
		if first < 0 {
			first = pos + j
		} else {
			gaps += j
		}
		pos += j + utf8.RuneLen(r)
	}
	return max(1, 500-gaps*10-min(first, 200)), true
}

func isWordRune(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}

// Route builds a route to this entry's model with the provider's defaults.
func (e CatalogEntry) Route() (backend.Route, error) {
	return backend.NewRoute(e.Provider, e.Model, "", "")
}

// Counterparts returns the entries that reach e's model from the other side
// of the gateway: the direct providers' entries for an OpenRouter entry, the
// OpenRouter entries for a direct one. It backs the "same model via
// OpenRouter and direct" preset, and matches as PairRoutes does.
func (c *Catalog) Counterparts(e CatalogEntry) []CatalogEntry {
	keys := entryKeys(e)
	var out []CatalogEntry
	for _, o := range c.Entries {
		if (o.Provider == backend.KindOpenRouter) == (e.Provider == backend.KindOpenRouter) {
			continue
		}
		if sharesKey(keys, entryKeys(o)) {
			out = append(out, o)
		}
	}
	return out
}

// entryKeys are the normalised names an entry's model goes by.
func entryKeys(e CatalogEntry) []string { return namedModelKeys(e.Name, e.Model) }

// Suggest is the catalog's nearest PROVIDER:MODEL to a query that matched
// nothing, compared with each model's full route, its id, and its id
// after the author ("gpt-4o-mini" in "openai/gpt-4o-mini").
func (c *Catalog) Suggest(query string) (string, bool) {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return "", false
	}
	limit := max(1, len([]rune(q))/3)
	best, bestDist := "", limit+1
	for _, e := range c.Entries {
		route := string(e.Provider) + ":" + e.Model
		_, tail, _ := strings.Cut(e.Model, "/")
		for _, form := range []string{route, e.Model, tail} {
			if form == "" {
				continue
			}
			if d := suggest.Distance(q, strings.ToLower(form)); d < bestDist {
				best, bestDist = route, d
			}
		}
	}
	return best, best != ""
}
