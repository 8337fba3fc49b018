package keyscmd

import (
	"context"
	"net/http"
	"slices"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
)

// routeKeyNames are the keys a route sends: its own, then its headers',
// each once.
func routeKeyNames(rt backend.Route) []string {
	var names []string
	if rt.KeyName != "" {
		names = append(names, rt.KeyName)
	}
	for _, n := range headerKeyNames(rt) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// splitGatewayRoutes parts the routes using a key into those checked at
// their provider and those checked through their gateway, one per
// gateway, base URL and header set (routes to several models through one
// gateway send the key the same way).
func splitGatewayRoutes(routes []backend.Route) (direct, through []backend.Route) {
	seen := map[string]bool{}
	for _, rt := range routes {
		if !catalog.ChecksThroughGateway(rt) {
			direct = append(direct, rt)
			continue
		}
		sig := rt.Gateway + " " + rt.BaseURL + " " + rt.KeyName
		for _, h := range rt.Headers {
			sig += " " + h.Name + "=" + h.Value + "/" + h.KeyName
		}
		if !seen[sig] {
			seen[sig] = true
			through = append(through, rt)
		}
	}
	return direct, through
}

// validate checks one key: through its gateway route, or at its provider.
func (kc *keysCmd) validate(ctx context.Context, client *http.Client, ch *keyCheck) catalog.Validation {
	if ch.through != nil {
		return catalog.ValidateRouteKey(ctx, client, *ch.through, kc.store)
	}
	return catalog.ValidateKey(ctx, client, ch.kind, ch.base, ch.secret)
}
