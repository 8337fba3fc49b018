package catalog

import (
	"fmt"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// Issue 20: a Portkey route beside OpenRouter and a direct route. Portkey
// used to count as the direct side of OpenRouter's pair.
func TestPairRoutesAnyGateway(t *testing.T) {
	cfg, err := config.ParseConfig("c.toml", []byte(`
[[routes]]
name = "portkey"
gateway = "portkey"
base_url = "http://localhost:8787/v1"
upstream = "openai:gpt-4o-mini"

[[routes]]
name = "litellm"
gateway = "litellm"
model = "my-mini"
upstream = "openai:gpt-4o-mini"

[[routes]]
name = "or"
provider = "openrouter"
model = "openai/gpt-4o-mini"

[[routes]]
name = "direct"
provider = "openai"
model = "gpt-4o-mini"

[[routes]]
name = "compatible-same-id"
provider = "openai-compatible"
base_url = "http://localhost:9/v1"
model = "gpt-4o-mini"

[[routes]]
name = "other"
provider = "anthropic"
model = "claude-haiku-4-5-20251001"
`))
	if err != nil {
		t.Fatal(err)
	}
	routes := cfg.VisibleRoutes()
	var got []string
	for _, p := range PairRoutes(routes) {
		got = append(got, routes[p.Gateway].Name+"="+routes[p.Direct].Name)
	}
	// The gateway routes with an upstream pair only with that provider's
	// route; OpenRouter (no upstream) pairs by model, as before.
	want := []string{"portkey=direct", "litellm=direct", "or=direct", "or=compatible-same-id"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pairs %v, want %v", got, want)
	}
	for _, rt := range routes[:2] {
		if !rt.IsGateway() || rt.PriceKind() != backend.KindOpenAI {
			t.Errorf("%s: gateway %v, priced as %s", rt.Name, rt.IsGateway(), rt.PriceKind())
		}
	}
}

// A Portkey route written as plain openai-compatible is still the gateway
// side: it pairs with the direct route its x-portkey-provider names.
func TestPairRoutesDetectedGateway(t *testing.T) {
	cfg, err := config.ParseConfig("c.toml", []byte(`
[[routes]]
name = "direct"
provider = "openai"
model = "gpt-4o-mini"

[[routes]]
name = "pk"
provider = "openai-compatible"
model = "gpt-4o-mini"
base_url = "http://127.0.0.1:8787/v1"
headers = { x-portkey-provider = "openai", x-portkey-custom-host = "http://127.0.0.1:9/v1" }
`))
	if err != nil {
		t.Fatal(err)
	}
	pairs := PairRoutes(cfg.VisibleRoutes())
	if len(pairs) != 1 || pairs[0].Gateway != 1 || pairs[0].Direct != 0 {
		t.Fatalf("pairs %+v, want pk (gateway) with direct", pairs)
	}
}
