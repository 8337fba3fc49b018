package catalog

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestSuggestNamesTheNearestRoute(t *testing.T) {
	c := &Catalog{Entries: []CatalogEntry{
		{Provider: backend.KindOpenRouter, Model: "openai/gpt-4o-mini"},
		{Provider: backend.KindAnthropic, Model: "claude-sonnet-4-5"},
	}}
	for q, want := range map[string]string{"gtp-4o-mini": "openrouter:openai/gpt-4o-mini", "anthropic:claude-sonet-4-5": "anthropic:claude-sonnet-4-5"} {
		if got, ok := c.Suggest(q); !ok || got != want {
			t.Errorf("Suggest(%q) = %q, %v; want %q", q, got, ok, want)
		}
	}
	if got, ok := c.Suggest("mistral-large"); ok {
		t.Errorf("Suggest(mistral-large) = %q", got)
	}
}
