package keyscmd

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/keys"
)

// routeHeader is one of a route's extra headers as listed: the value is
// always masked, and a value from the key store is named by its key.
type routeHeader struct {
	Name  string     `json:"name"`
	Value string     `json:"value,omitempty"` // masked literal value
	Key   *keyStatus `json:"key,omitempty"`
}

func describeHeaders(rt backend.Route, infos map[string]keys.KeyInfo) []routeHeader {
	var out []routeHeader
	for _, h := range rt.Headers {
		if h.KeyName == "" {
			out = append(out, routeHeader{Name: h.Name, Value: keys.Mask(h.Value)})
			continue
		}
		ks := keyStatus{Name: h.KeyName, Status: keys.SourceMissing}
		if k, ok := infos[h.KeyName]; ok {
			ks.Status, ks.EnvVar = k.Source, k.EnvVar
			if k.Err != nil {
				ks.Status = "unreadable"
			}
		}
		out = append(out, routeHeader{Name: h.Name, Key: &ks})
	}
	return out
}

// headerKeyNames are the key store names a route's headers read.
func headerKeyNames(rt backend.Route) []string {
	var names []string
	for _, h := range rt.Headers {
		if h.KeyName != "" {
			names = append(names, h.KeyName)
		}
	}
	return names
}

// headersNote is the listing's line for a route's headers.
func headersNote(r routeInfo) string {
	if len(r.Headers) == 0 {
		return ""
	}
	parts := make([]string, 0, len(r.Headers))
	for _, h := range r.Headers {
		if h.Key != nil {
			parts = append(parts, fmt.Sprintf("%s: from key %s (%s)", clean(h.Name), clean(h.Key.Name), keyText(*h.Key)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s", clean(h.Name), h.Value))
	}
	return fmt.Sprintf("%s: headers %s", clean(r.Name), strings.Join(parts, ", "))
}

// gatewayNote is the listing's line for a route through a gateway.
func gatewayNote(r routeInfo) string {
	switch {
	case r.Gateway == "" || r.Gateway == "openrouter" && r.Upstream == "":
		return ""
	case r.Upstream == "":
		return fmt.Sprintf("%s: through gateway %s (no upstream: pairs by model name)", clean(r.Name), clean(r.Gateway))
	}
	return fmt.Sprintf("%s: through gateway %s for %s (pairs with that direct route, priced as it)", clean(r.Name), clean(r.Gateway), clean(r.Upstream))
}
