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
