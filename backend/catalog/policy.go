package catalog

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// PolicyAsOf is when the table below was first written down from the
// providers' own pages; a row checked again since carries its own date.
// Policies change: the links are the authority, not this table.
const PolicyAsOf = "2025-09"

// Policy is what a provider states about the API data it receives.
// "unknown" means routeplay has no statement it can stand behind.
type Policy struct {
	Training  string `json:"training"`
	Retention string `json:"retention"`
	Link      string `json:"link,omitempty"`
	// AsOf is when the row was last checked against its link; empty: PolicyAsOf.
	AsOf string `json:"as_of,omitempty"`
}

const unknownPolicy = "unknown"

// directPolicies is the one table of direct providers' data policies.
var directPolicies = map[backend.Kind]Policy{
	backend.KindOpenAI: {Training: "not used for training unless you opt in",
		Retention: "abuse monitoring logs up to 30 days (longer when the law requires or to prevent harm)",
		Link:      "https://developers.openai.com/api/docs/guides/your-data", AsOf: "2026-12"},
	backend.KindAnthropic: {Training: "not used for training under the commercial terms",
		Retention: unknownPolicy, Link: "https://www.anthropic.com/legal/commercial-terms"},
	backend.KindGemini: {Training: "paid tier: not used to improve products; free tier: may be",
		Retention: "kept for a limited time for abuse monitoring", Link: "https://ai.google.dev/gemini-api/terms"},
	"ollama": {Training: "local server: none by the server itself", Retention: "whatever its host keeps"},
}

// DirectPolicy returns the table's entry for a direct provider kind; any
// kind not in the table is unknown on both counts.
func DirectPolicy(kind backend.Kind) Policy {
	if p, ok := directPolicies[backend.Kind(strings.ToLower(string(kind)))]; ok {
		return p
	}
	return Policy{Training: unknownPolicy, Retention: unknownPolicy}
}

// OpenRouterDataSettings is the data_collection and zdr preference a route
// sends, with OpenRouter's defaults ("allow", false) when it sends none.
func OpenRouterDataSettings(rt backend.Route) (dataCollection string, zdr bool) {
	dataCollection = "allow"
	if rt.OpenRouter == nil {
		return dataCollection, false
	}
	if v, ok := rt.OpenRouter.Provider["data_collection"].(string); ok && v != "" {
		dataCollection = plainLine(v, "", 20)
	}
	z, _ := rt.OpenRouter.Provider["zdr"].(bool)
	return dataCollection, z
}

// PolicyLine is one plain line on the data policy that applies to a route.
// For OpenRouter routes served names the provider that served (may be empty)
// and providers is OpenRouter's /providers list (may be nil).
func PolicyLine(rt backend.Route, served string, providers []ProviderInfo) string {
	if rt.Simulated || rt.Kind == backend.KindDemo {
		return "simulated: nothing leaves this machine"
	}
	if rt.Kind == backend.KindOpenRouter {
		dc, zdr := OpenRouterDataSettings(rt)
		zs := "off"
		if zdr {
			zs = "on (zero-data-retention endpoints only)"
		}
		line := fmt.Sprintf("OpenRouter: data_collection %s, zdr %s", dc, zs)
		if served == "" {
			return line + "; serving provider not known yet"
		}
		line += "; served by " + plainLine(served, "", 60)
		if p, ok := ProviderByName(providers, served); ok && p.Privacy != "" {
			return line + ", policy " + p.Privacy
		}
		return line + ", policy link unknown"
	}
	p := DirectPolicy(rt.Kind)
	line := fmt.Sprintf("%s: training: %s; retention: %s", rt.Kind, p.Training, p.Retention)
	if p.Link != "" {
		line += "; " + p.Link
	}
	if p.Training != unknownPolicy || p.Retention != unknownPolicy {
		line += " (as of " + cmp.Or(p.AsOf, PolicyAsOf) + ")"
	}
	return line
}
