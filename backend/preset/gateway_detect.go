package preset

import (
	"net/url"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// DetectGateway names the gateway a route written as direct goes through,
// when the preset knows a sign of it: its hosted service's host in the
// base URL, or a header name only it reads. sign says which, for the
// warning that tells the user to write gateway = "..." themselves.
func DetectGateway(baseURL string, headerNames []string) (gateway, sign string) {
	host := ""
	if u, err := url.Parse(baseURL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	for _, name := range KnownGateways() {
		g := gatewayPresets[name]
		for _, h := range g.Hosts {
			if host != "" && (host == h || strings.HasSuffix(host, "."+h)) {
				return g.Name, "host " + host
			}
		}
		if g.HeaderPrefix == "" {
			continue
		}
		for _, hn := range headerNames {
			if strings.HasPrefix(strings.ToLower(hn), g.HeaderPrefix) {
				return g.Name, "header " + strings.ToLower(hn)
			}
		}
	}
	return "", ""
}

// GuessUpstream is the upstream ("openai:gpt-4o-mini") a gateway route
// written without one stands for, when the gateway's provider header says
// (Portkey's x-portkey-provider = "openai"); empty when nothing says.
// headers holds the literal header values, by name in lower case.
func GuessUpstream(gateway, model string, headers map[string]string) string {
	g, ok := LookupGateway(gateway)
	if !ok || g.DefaultHeader == "" || model == "" {
		return ""
	}
	slug := strings.ToLower(strings.TrimSpace(headers[g.DefaultHeader]))
	kind := backend.Kind(slug)
	for k, s := range portkeySlugs {
		if s == slug {
			kind = k
		}
	}
	if _, known := backend.LookupPreset(kind); !known || kind == backend.KindOpenAICompatible {
		return ""
	}
	if _, gw := LookupGateway(string(kind)); gw {
		return ""
	}
	return string(kind) + ":" + model
}
