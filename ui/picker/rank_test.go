package picker

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
)

func rankCatalog() *catalog.Catalog {
	return &catalog.Catalog{Entries: []catalog.CatalogEntry{
		{Provider: backend.KindOpenRouter, Model: "nvidia/nemotron-3-nano-omni-30b-a3b-reasoning:free", Name: "NVIDIA: Nemotron 3 Nano Omni (free)"},
		{Provider: backend.KindOpenAI, Model: "gpt-4o-mini", Name: "GPT-4o-mini"},
		{Provider: backend.KindOpenAI, Model: "gpt-4o", Name: "GPT-4o"},
		{Provider: backend.KindOpenRouter, Model: "anthropic/claude-sonnet-4.5", Name: "Anthropic: Claude Sonnet 4.5"},
		{Provider: backend.KindAnthropic, Model: "claude-sonnet-4-5-20250929", Name: "Claude Sonnet 4.5"},
		{Provider: backend.KindGemini, Model: "gemini-2.5-flash", Name: "Gemini 2.5 Flash"},
	}}
}

func models(es []catalog.CatalogEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, string(e.Provider)+"/"+e.Model)
	}
	return out
}

func TestSearchRanksExactAndPrefixMatchesFirst(t *testing.T) {
	c := rankCatalog()
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"sonnet", []string{"anthropic/claude-sonnet-4-5-20250929", "openrouter/anthropic/claude-sonnet-4.5"}},
		{"anthropic sonnet", []string{"anthropic/claude-sonnet-4-5-20250929", "openrouter/anthropic/claude-sonnet-4.5"}},
		{"gpt-4o", []string{"openai/gpt-4o", "openai/gpt-4o-mini"}},
		{"mini", []string{"openai/gpt-4o-mini", "gemini/gemini-2.5-flash"}}, // a word's start before a word's middle
	} {
		got := models(rank(c.Search(tc.query), tc.query))
		if len(got) != len(tc.want) {
			t.Errorf("%q: %v, want %v", tc.query, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.query, got, tc.want)
				break
			}
		}
	}
}

func TestScatteredLettersStillMatchWhenNothingElseDoes(t *testing.T) {
	c := rankCatalog()
	if got := models(rank(c.Search("gmflsh"), "gmflsh")); len(got) != 1 || got[0] != "gemini/gemini-2.5-flash" {
		t.Fatalf("fuzzy fallback: %v", got)
	}
}
