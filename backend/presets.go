package backend

import (
	"fmt"
	"sort"
	"strings"

	"github.com/routeplay/routeplay/backend/suggest"
)

// Preset is what routeplay knows about a provider kind: its wire format,
// default base URL (as the official SDKs write it) and default key name.
type Preset struct {
	Kind    Kind
	Wire    Wire
	BaseURL string
	// KeyName is the key store name; empty when the provider needs no key.
	KeyName string
	// NeedsKey is false for local servers such as Ollama.
	NeedsKey bool
	// CatalogID is the provider's id in the embedded model catalog.
	CatalogID string
}

var presets = map[Kind]Preset{
	KindOpenRouter:       {KindOpenRouter, WireOpenAI, "https://openrouter.ai/api/v1", "openrouter", true, "openrouter"},
	KindOpenAI:           {KindOpenAI, WireOpenAI, "https://api.openai.com/v1", "openai", true, "openai"},
	KindAnthropic:        {KindAnthropic, WireAnthropic, "https://api.anthropic.com", "anthropic", true, "anthropic"},
	KindGemini:           {KindGemini, WireGemini, "https://generativelanguage.googleapis.com", "gemini", true, "gemini"},
	KindOpenAICompatible: {KindOpenAICompatible, WireOpenAI, "", "", false, ""},
	"groq":               {"groq", WireOpenAI, "https://api.groq.com/openai/v1", "groq", true, "groq"},
	"mistral":            {"mistral", WireOpenAI, "https://api.mistral.ai/v1", "mistral", true, "mistral"},
	"deepseek":           {"deepseek", WireOpenAI, "https://api.deepseek.com/v1", "deepseek", true, "deepseek"},
	"xai":                {"xai", WireOpenAI, "https://api.x.ai/v1", "xai", true, "xai"},
	"together":           {"together", WireOpenAI, "https://api.together.xyz/v1", "together", true, "together"},
	"fireworks":          {"fireworks", WireOpenAI, "https://api.fireworks.ai/inference/v1", "fireworks", true, "fireworks"},
	"ollama":             {"ollama", WireOpenAI, "http://localhost:11434/v1", "", false, ""},
}

// LookupPreset returns the preset for a provider kind.
func LookupPreset(k Kind) (Preset, bool) {
	p, ok := presets[Kind(strings.ToLower(string(k)))]
	return p, ok
}

// KnownKinds lists every provider kind, sorted, for error messages and help.
func KnownKinds() []string {
	out := make([]string, 0, len(presets))
	for k := range presets {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// NewRoute builds a route from a provider kind and model with the preset's
// defaults. baseURL and keyName override the preset when non-empty.
func NewRoute(kind Kind, model, baseURL, keyName string) (Route, error) {
	p, ok := LookupPreset(kind)
	if !ok {
		return Route{}, fmt.Errorf("unknown provider %q%s (known: %s)", kind, suggest.Hint(string(kind), KnownKinds()),
			strings.Join(KnownKinds(), ", "))
	}
	if model == "" {
		return Route{}, fmt.Errorf("provider %s: model is empty", kind)
	}
	rt := Route{Name: string(p.Kind) + ":" + model, Kind: p.Kind, Wire: p.Wire, Model: model,
		BaseURL: p.BaseURL, KeyName: p.KeyName}
	if baseURL != "" {
		rt.BaseURL = strings.TrimRight(baseURL, "/")
	}
	if keyName != "" {
		rt.KeyName = keyName
	}
	if rt.BaseURL == "" {
		return Route{}, fmt.Errorf("provider %s needs a base_url", kind)
	}
	return rt, nil
}
