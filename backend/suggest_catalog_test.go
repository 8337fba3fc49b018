package backend

import "testing"

func TestCatalogSuggestCatchesAModelTypo(t *testing.T) {
	if got, ok := CatalogSuggest(KindOpenAI, "gpt-4o-mnii"); !ok || got != "gpt-4o-mini" {
		t.Errorf("gpt-4o-mnii → %q, %v", got, ok)
	}
	if got, ok := CatalogSuggest(KindOpenAI, "gpt-4o-mini"); ok {
		t.Errorf("a listed model got a hint: %q", got)
	}
	for _, model := range []string{"claude-sonnet-4-5", "claude-sonnet-4-9"} {
		if got, ok := CatalogSuggest(KindAnthropic, model); ok {
			t.Errorf("%s is an alias or a newer version, not a typo; got %q", model, got)
		}
	}
	if got, ok := CatalogSuggest(KindOpenAICompatible, "llama3:8b"); ok {
		t.Errorf("a provider without a catalog got a hint: %q", got)
	}
}
