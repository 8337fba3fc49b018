// Package preset knows the gateways routeplay speaks to (OpenRouter,
// Portkey, LiteLLM, Helicone, Cloudflare, Vercel, generic): routes through
// them, the headers they need and report, the signs that give one away in
// a route written as direct; and the rules that keep a key on its own
// host. The provider presets stay in backend (presets.go): a result's cost
// needs them.
package preset

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/suggest"
)

// GatewayPreset is what routeplay knows about a gateway: where it usually
// listens, the headers it refuses to work without, how it says who served
// a request and how it marks its own failures. Every gateway here speaks
// the OpenAI wire.
type GatewayPreset struct {
	Name string
	// Title is the name as people write it, for headings; empty for the
	// generic preset.
	Title string
	// BaseURL is the usual base URL; empty when it depends on the user's
	// account (Cloudflare) or on where they run it (generic).
	BaseURL string
	// KeyName is the default key store name for Authorization; empty means
	// the upstream provider's own key (the gateway passes it on).
	KeyName string
	// Required lists alternatives: one header of one group must be set.
	Required []string
	// DefaultHeader fills the first required header from the upstream
	// provider when the route sets none (Portkey: x-portkey-provider).
	DefaultHeader string
	// ServedBy names the response headers that say who served, in order.
	ServedBy []string
	// Exception is the response header the gateway sets on its own
	// failures, apart from the upstream's (value "true").
	Exception string
	// FallbackHeader says which target served after a gateway-side
	// fallback: an index (Portkey "config.targets[1]") or a count of
	// attempts that failed first (LiteLLM).
	FallbackHeader string
	// OwnModelIDs: the model is written vendor/model ("openai/gpt-4o-mini").
	OwnModelIDs bool
	// BaseURLHelp says how to write the base URL, for the error when it is
	// missing and for the README.
	BaseURLHelp string
	// Hosts and HeaderPrefix give the gateway away in a route written as
	// plain openai-compatible: its hosted service's host names (a
	// subdomain counts) and the prefix of header names only it reads.
	Hosts        []string
	HeaderPrefix string
}

var gatewayPresets = map[string]GatewayPreset{
	"openrouter": {Name: "openrouter", Title: "OpenRouter", BaseURL: "https://openrouter.ai/api/v1", KeyName: "openrouter", OwnModelIDs: true,
		Hosts: []string{"openrouter.ai"}},
	"portkey": {Name: "portkey", Title: "Portkey", BaseURL: "https://api.portkey.ai/v1",
		Required: []string{"x-portkey-provider", "x-portkey-config", "x-portkey-virtual-key"}, DefaultHeader: "x-portkey-provider",
		ServedBy: []string{"x-portkey-provider"}, Exception: "x-portkey-gateway-exception",
		FallbackHeader: "x-portkey-last-used-option-index", BaseURLHelp: "self-hosted: http://localhost:8787/v1",
		Hosts: []string{"portkey.ai"}, HeaderPrefix: "x-portkey-"},
	"litellm": {Name: "litellm", Title: "LiteLLM", BaseURL: "http://localhost:4000/v1", KeyName: "litellm",
		ServedBy: []string{"x-litellm-model-api-base", "x-litellm-model-id"}, FallbackHeader: "x-litellm-attempted-fallbacks"},
	"helicone": {Name: "helicone", Title: "Helicone", BaseURL: "https://oai.helicone.ai/v1", Required: []string{"helicone-auth"},
		Hosts: []string{"helicone.ai"}, HeaderPrefix: "helicone-"},
	"cloudflare": {Name: "cloudflare", Title: "Cloudflare", BaseURLHelp: "https://gateway.ai.cloudflare.com/v1/ACCOUNT_ID/GATEWAY_ID/openai",
		Hosts: []string{"gateway.ai.cloudflare.com"}, HeaderPrefix: "cf-aig-"},
	"vercel":  {Name: "vercel", Title: "Vercel", BaseURL: "https://ai-gateway.vercel.sh/v1", KeyName: "vercel", OwnModelIDs: true, Hosts: []string{"ai-gateway.vercel.sh"}},
	"generic": {Name: "generic", BaseURLHelp: "the gateway's OpenAI-compatible base URL"},
}

// LookupGateway returns a gateway preset by name.
func LookupGateway(name string) (GatewayPreset, bool) {
	g, ok := gatewayPresets[strings.ToLower(name)]
	return g, ok
}

// GatewayOfKind names the gateway a route of this kind goes through, for
// routes rebuilt from what a history row keeps (provider and model); empty
// for a direct provider.
func GatewayOfKind(kind backend.Kind) string {
	if g, ok := LookupGateway(string(kind)); ok {
		return g.Name
	}
	return ""
}

// KnownGateways lists the gateway presets, sorted.
func KnownGateways() []string {
	out := make([]string, 0, len(gatewayPresets))
	for k := range gatewayPresets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// UpstreamError is an upstream that names no direct provider's model: the
// upstream's fault, not the gateway's.
type UpstreamError struct{ Err error }

func (e *UpstreamError) Error() string { return e.Err.Error() }
func (e *UpstreamError) Unwrap() error { return e.Err }

// ParseUpstream reads "provider:model", the direct route a gateway route
// stands for. The provider's name is case-folded, as provider = and
// --route fold it; a gateway (OpenRouter included, in any case) is never
// a direct provider.
func ParseUpstream(s string) (backend.Kind, string, error) {
	name, model, ok := strings.Cut(s, ":")
	if !ok || name == "" || model == "" {
		return "", "", fmt.Errorf("upstream %q: write PROVIDER:MODEL, as the direct route names it (e.g. openai:gpt-4o-mini)", s)
	}
	kind := backend.Kind(strings.ToLower(name))
	if _, gw := LookupGateway(string(kind)); gw {
		hint := ""
		if author, slug, ok := strings.Cut(model, "/"); ok && author != "" && slug != "" {
			hint = fmt.Sprintf(`; did you mean "%s:%s"?`, strings.ToLower(author), slug)
		}
		return "", "", fmt.Errorf("upstream %q: %s is a gateway, not a direct provider: name the provider behind it%s", s, kind, hint)
	}
	if _, known := backend.LookupPreset(kind); !known {
		direct := directKinds()
		return "", "", fmt.Errorf("upstream %q: %q is not a direct provider%s (known: %s)", s, name,
			suggest.Hint(string(kind), direct), strings.Join(direct, ", "))
	}
	return kind, model, nil
}

// directKinds are the provider kinds an upstream may name: every preset
// but the gateways.
func directKinds() []string {
	var out []string
	for _, k := range backend.KnownKinds() {
		if _, gw := LookupGateway(k); !gw {
			out = append(out, k)
		}
	}
	return out
}

// NewGatewayRoute builds a route through a gateway. upstream names the
// model it stands for ("openai:gpt-4o-mini"); model defaults to the
// upstream's model in the gateway's own naming.
func NewGatewayRoute(gateway, upstream, model, baseURL, keyName string) (backend.Route, error) {
	g, ok := LookupGateway(gateway)
	if !ok {
		return backend.Route{}, fmt.Errorf("unknown gateway %q (known: %s)", gateway, strings.Join(KnownGateways(), ", "))
	}
	var upKind backend.Kind
	var upModel string
	if upstream != "" {
		var err error
		if upKind, upModel, err = ParseUpstream(upstream); err != nil {
			return backend.Route{}, &UpstreamError{err}
		}
	}
	if model == "" {
		model = upModel
		if g.OwnModelIDs && upKind != "" {
			model = string(upKind) + "/" + upModel
		}
	}
	if model == "" {
		return backend.Route{}, fmt.Errorf("gateway %s: set model, or upstream = \"PROVIDER:MODEL\"", g.Name)
	}
	rt := backend.Route{Name: g.Name + ":" + model, Kind: backend.Kind(g.Name), Wire: backend.WireOpenAI, Model: model, BaseURL: g.BaseURL,
		KeyName: g.KeyName, Gateway: g.Name, UpstreamKind: upKind, UpstreamModel: upModel}
	if rt.KeyName == "" && upKind != "" {
		p, _ := backend.LookupPreset(upKind)
		rt.KeyName = p.KeyName // the gateway passes the provider's key on
	}
	if baseURL != "" {
		rt.BaseURL = strings.TrimRight(baseURL, "/")
	}
	if keyName != "" {
		rt.KeyName = keyName
	}
	if rt.BaseURL == "" {
		return backend.Route{}, fmt.Errorf("gateway %s needs a base_url (%s)", g.Name, g.BaseURLHelp)
	}
	return rt, nil
}

// GatewayHeaders completes a gateway route's headers: the default
// required header from the upstream, or an error naming what is missing.
func GatewayHeaders(rt backend.Route) ([]backend.Header, error) {
	g, ok := LookupGateway(rt.Gateway)
	if !ok || len(g.Required) == 0 {
		return rt.Headers, nil
	}
	for _, h := range rt.Headers {
		for _, r := range g.Required {
			if strings.EqualFold(h.Name, r) {
				return rt.Headers, nil
			}
		}
	}
	if g.DefaultHeader != "" && rt.UpstreamKind != "" {
		return append(append([]backend.Header(nil), rt.Headers...), backend.Header{Name: g.DefaultHeader, Value: providerSlug(rt.UpstreamKind)}), nil
	}
	return nil, fmt.Errorf("gateway %s needs one of these headers: %s", g.Name, strings.Join(g.Required, ", "))
}

// portkeySlugs are Portkey's names for providers whose names differ from
// routeplay's.
var portkeySlugs = map[backend.Kind]string{backend.KindGemini: "google", "mistral": "mistral-ai", "xai": "x-ai",
	"together": "together-ai", "fireworks": "fireworks-ai"}

func providerSlug(k backend.Kind) string {
	if s, ok := portkeySlugs[k]; ok {
		return s
	}
	return string(k)
}

// GatewayReport is what a gateway said about a request in its headers.
type GatewayReport struct {
	ServedBy string
	// Exception: the gateway itself failed, not the upstream.
	Exception bool
	// FellBack: the gateway served from another target after a failure;
	// Fallback says what it reported ("config.targets[1]", "1").
	FellBack bool
	Fallback string
}

// ReadGatewayHeaders reads a response's headers as the route's gateway
// preset says.
func ReadGatewayHeaders(rt backend.Route, h http.Header) GatewayReport {
	g, ok := LookupGateway(rt.Gateway)
	if !ok {
		return GatewayReport{}
	}
	var r GatewayReport
	var served []string
	for _, name := range g.ServedBy {
		if v := h.Get(name); v != "" {
			served = append(served, v)
		}
	}
	r.ServedBy = strings.Join(served, " ")
	r.Exception = g.Exception != "" && strings.EqualFold(h.Get(g.Exception), "true")
	if g.FallbackHeader != "" {
		r.Fallback = h.Get(g.FallbackHeader)
		r.FellBack = fellBack(r.Fallback)
	}
	return r
}

// fellBack reads "config.targets[N]" or "N": anything past the first
// target means an earlier one failed.
func fellBack(v string) bool {
	if i := strings.LastIndexByte(v, '['); i >= 0 {
		v = strings.TrimSuffix(v[i+1:], "]")
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return err == nil && n > 0
}
