package catalog

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestPolicyLine(t *testing.T) {
	provs := []ProviderInfo{{Name: "Alpha", Slug: "alpha", Privacy: "https://alpha.example/privacy"}}
	or := backend.Route{Kind: backend.KindOpenRouter}
	if got := PolicyLine(or, "", nil); got != "OpenRouter: data_collection allow, zdr off; serving provider not known yet" {
		t.Fatalf("default: %q", got)
	}
	or.OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"data_collection": "deny", "zdr": true}}
	got := PolicyLine(or, "Alpha", provs)
	if !strings.Contains(got, "data_collection deny") || !strings.Contains(got, "zdr on") ||
		!strings.HasSuffix(got, "served by Alpha, policy https://alpha.example/privacy") {
		t.Fatalf("set: %q", got)
	}
	if got := PolicyLine(or, "Beta\x1b[2J", provs); strings.ContainsRune(got, 0x1b) || !strings.HasSuffix(got, "policy link unknown") {
		t.Fatalf("unknown provider: %q", got)
	}
	if got := PolicyLine(backend.Route{Kind: backend.KindOpenAI}, "", nil); !strings.Contains(got, "30 days") || !strings.HasSuffix(got, "(as of 2026-12)") {
		t.Fatalf("openai: %q", got)
	}
	if got := PolicyLine(backend.Route{Kind: backend.KindAnthropic}, "", nil); !strings.HasSuffix(got, "(as of "+PolicyAsOf+")") {
		t.Fatalf("a row not checked again keeps the table's date: %q", got)
	}
	if got := PolicyLine(backend.Route{Kind: "groq"}, "", nil); got != "groq: training: unknown; retention: unknown" {
		t.Fatalf("unknown preset must say unknown: %q", got)
	}
	if got := PolicyLine(backend.Route{Kind: backend.KindOpenAI, Simulated: true}, "", nil); !strings.HasPrefix(got, "simulated") {
		t.Fatalf("simulated: %q", got)
	}
}
