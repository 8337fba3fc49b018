package catalog

import (
	"charm.land/catwalk/pkg/embedded"
	"github.com/routeplay/routeplay/backend"
)

// DefaultModel is the catalog's default small model for a provider kind, used
// when the user has a key but no routes configured.
func DefaultModel(kind backend.Kind) (string, bool) {
	p, ok := backend.LookupPreset(kind)
	if !ok || p.CatalogID == "" {
		return "", false
	}
	for _, cp := range embedded.GetAll() {
		if string(cp.ID) == p.CatalogID && cp.DefaultSmallModelID != "" {
			return cp.DefaultSmallModelID, true
		}
	}
	return "", false
}

// DefaultRoutes builds one route per provider whose key is available, in a
// stable order with OpenRouter first so it sits beside the direct routes.
func DefaultRoutes(hasKey func(keyName string) bool) []backend.Route {
	var out []backend.Route
	for _, k := range []backend.Kind{backend.KindOpenRouter, backend.KindOpenAI, backend.KindAnthropic, backend.KindGemini, "groq", "mistral", "deepseek", "xai", "together", "fireworks"} {
		p, _ := backend.LookupPreset(k)
		model, ok := DefaultModel(k)
		if !ok || !hasKey(p.KeyName) {
			continue
		}
		if rt, err := backend.NewRoute(k, model, "", ""); err == nil {
			out = append(out, rt)
		}
	}
	return out
}
