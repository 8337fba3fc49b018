package config

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/preset"
)

// Issue 20: a Portkey route written as plain openai-compatible counted as
// a direct route. Its headers or host give the gateway away.
func TestGatewayDetectedFromRouteWrittenAsDirect(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte(`
[[routes]]
name = "pk-headers"
provider = "openai-compatible"
model = "gpt-4o-mini"
base_url = "http://127.0.0.1:8787/v1"
headers = { x-portkey-provider = "openai", x-portkey-custom-host = "http://127.0.0.1:9/v1" }

[[routes]]
name = "pk-hosted"
provider = "openai-compatible"
model = "claude-haiku-4-5"
base_url = "https://api.portkey.ai/v1"
key = "portkey-upstream"
headers = { x-portkey-config = "pc-123" }

[[routes]]
name = "pk-google"
provider = "OpenAI-Compatible"
model = "gemini-2.5-flash"
base_url = "http://localhost:8787/v1"
headers = { X-Portkey-Provider = "google" }

[[routes]]
name = "hc"
provider = "openai"
model = "gpt-4o-mini"
base_url = "https://oai.helicone.ai/v1"
headers = { Helicone-Auth = { key = "helicone" } }

[[routes]]
name = "plain"
provider = "openai-compatible"
model = "gpt-4o-mini"
base_url = "http://127.0.0.1:9000/v1"
headers = { x-team = "a" }

[[routes]]
name = "no-base"
provider = "openai"
model = "gpt-4o-mini"
headers = { x-portkey-provider = "openai" }
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, gateway, upstream, key, sign string
	}{
		{"pk-headers", "portkey", "openai:gpt-4o-mini", "openai", "header x-portkey-"},
		{"pk-hosted", "portkey", "", "portkey-upstream", "host api.portkey.ai"},
		{"pk-google", "portkey", "gemini:gemini-2.5-flash", "gemini", "header x-portkey-provider"},
		{"hc", "helicone", "", "openai", "host oai.helicone.ai"},
		{"plain", "", "", "", ""},
		// Without its own base_url the route goes to OpenAI itself.
		{"no-base", "", "", "openai", ""},
	} {
		rt, ok := cfg.FindRoute(c.name)
		if !ok {
			t.Fatalf("%s: not found", c.name)
		}
		upstream := ""
		if rt.UpstreamKind != "" {
			upstream = string(rt.UpstreamKind) + ":" + rt.UpstreamModel
		}
		if rt.Gateway != c.gateway || upstream != c.upstream || rt.KeyName != c.key || !strings.HasPrefix(rt.GatewaySign, c.sign) {
			t.Errorf("%s: gateway %q upstream %q key %q sign %q, want %+v", c.name, rt.Gateway, upstream, rt.KeyName, rt.GatewaySign, c)
		}
		if rt.Name != c.name || (c.gateway != "") != rt.IsGateway() {
			t.Errorf("%s: name %q, gateway %v", c.name, rt.Name, rt.IsGateway())
		}
	}
	pk, _ := cfg.FindRoute("pk-headers")
	warns := strings.Join(CheckParams(pk), "\n")
	if !strings.Contains(warns, `looks like a Portkey gateway (header x-portkey-`) ||
		!strings.Contains(warns, `say gateway = "portkey" and upstream = "openai:gpt-4o-mini"`) {
		t.Errorf("warnings %q", warns)
	}
	hosted, _ := cfg.FindRoute("pk-hosted")
	if w := strings.Join(CheckParams(hosted), "\n"); !strings.Contains(w, `upstream = "PROVIDER:MODEL"`) {
		t.Errorf("warnings %q", w)
	}
	plain, _ := cfg.FindRoute("plain")
	if w := CheckParams(plain); len(w) != 0 {
		t.Errorf("a plain compatible route warns %q", w)
	}
}

func TestDetectGatewaySigns(t *testing.T) {
	for _, c := range []struct {
		base    string
		headers []string
		want    string
	}{
		{"https://api.portkey.ai/v1", nil, "portkey"},
		{"https://openrouter.ai/api/v1", nil, "openrouter"},
		{"https://ai-gateway.vercel.sh/v1", nil, "vercel"},
		{"https://gateway.ai.cloudflare.com/v1/acc/gw/openai", nil, "cloudflare"},
		{"http://localhost:4000/v1", []string{"cf-aig-authorization"}, "cloudflare"},
		{"http://localhost:4000/v1", nil, ""},
		// A look-alike host is not the gateway's.
		{"https://notportkey.ai/v1", nil, ""},
		{"https://api.openai.com/v1", []string{"x-request-id"}, ""},
	} {
		if got, _ := preset.DetectGateway(c.base, c.headers); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.base, c.headers, got, c.want)
		}
	}
}
