package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestGatewayRoutePresets(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(`
[[routes]]
name = "pk"
gateway = "portkey"
base_url = "http://localhost:8787/v1"
upstream = "openai:gpt-4o-mini"

[[routes]]
name = "vc"
gateway = "vercel"
upstream = "anthropic:claude-haiku-4-5-20251001"

[[routes]]
name = "pk-gemini"
gateway = "portkey"
upstream = "gemini:gemini-2.5-flash"

[[routes]]
name = "hc"
gateway = "helicone"
upstream = "openai:gpt-4o-mini"
headers = { Helicone-Auth = { key = "helicone" } }
`))
	if err != nil {
		t.Fatal(err)
	}
	pk, _ := cfg.FindRoute("pk")
	// Portkey passes the provider's own key on and must be told which
	// provider: the upstream fills x-portkey-provider when the route does not.
	if pk.KeyName != "openai" || pk.Model != "gpt-4o-mini" || pk.Wire != backend.WireOpenAI || pk.BaseURL != "http://localhost:8787/v1" ||
		!reflect.DeepEqual(pk.Headers, []backend.Header{{Name: "x-portkey-provider", Value: "openai"}}) {
		t.Errorf("portkey route = %+v", pk)
	}
	pg, _ := cfg.FindRoute("pk-gemini")
	if pg.KeyName != "gemini" || !reflect.DeepEqual(pg.Headers, []backend.Header{{Name: "x-portkey-provider", Value: "google"}}) {
		t.Errorf("portkey route to Gemini = %+v", pg)
	}
	vc, _ := cfg.FindRoute("vc")
	if vc.Model != "anthropic/claude-haiku-4-5-20251001" || vc.KeyName != "vercel" || vc.BaseURL != "https://ai-gateway.vercel.sh/v1" {
		t.Errorf("vercel route = %+v", vc)
	}
	if p, ok := backend.RoutePrice(vc, vc.Model); !ok || p.Input <= 0 {
		t.Errorf("vercel route priced as its upstream: %+v %v", p, ok)
	}
	hc, _ := cfg.FindRoute("hc")
	if hc.Gateway != "helicone" || len(hc.Headers) != 1 {
		t.Errorf("helicone route = %+v", hc)
	}
}

func TestGatewayRouteErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`gateway = "kong"` + "\nmodel = \"m\"", "unknown gateway \"kong\""},
		{`gateway = "portkey"` + "\nupstream = \"gpt-4o-mini\"", "write PROVIDER:MODEL"},
		{`gateway = "portkey"` + "\nupstream = \"openrouter:openai/gpt-4o\"", "not a direct provider"},
		{`gateway = "portkey"` + "\nmodel = \"gpt-4o-mini\"", "needs one of these headers: x-portkey-provider"},
		{`gateway = "cloudflare"` + "\nupstream = \"openai:gpt-4o-mini\"", "needs a base_url (https://gateway.ai.cloudflare.com/v1/ACCOUNT_ID"},
		{`gateway = "helicone"` + "\nupstream = \"openai:gpt-4o-mini\"", "helicone-auth"},
		{`provider = "openai"` + "\nmodel = \"m\"\nupstream = \"openai:m\"", "only a gateway route"},
		{`provider = "anthropic"` + "\ngateway = \"portkey\"\nupstream = \"openai:m\"", "write only gateway"},
	} {
		_, err := ParseConfig("c.toml", []byte("[[routes]]\n"+tc.body+"\n"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.body, err, tc.want)
		}
	}
}

// An upstream that names no direct provider is the upstream line's fault;
// any other gateway error is the gateway line's.
func TestGatewayRouteErrorField(t *testing.T) {
	for _, tc := range []struct{ route, want string }{
		{"gateway = \"portkey\"\nupstream = \"openrouter:openai/gpt-4o\"",
			`c.toml:5: route pk: upstream: upstream "openrouter:openai/gpt-4o": openrouter is a gateway`},
		{"gateway = \"portkey\"\nupstream = \"gpt-4o\"", `c.toml:5: route pk: upstream: upstream "gpt-4o": write PROVIDER:MODEL`},
		{"gateway = \"nosuch\"\nmodel = \"m\"", `c.toml:4: route pk: gateway: unknown gateway "nosuch"`},
	} {
		_, err := ParseConfig("c.toml", []byte("\n[[routes]]\nname = \"pk\"\n"+tc.route+"\n"))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.route, err, tc.want)
		}
	}
}
