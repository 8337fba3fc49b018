package cmdenv

import (
	"context"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
)

// PublishedEndpoints reads, for an export, OpenRouter's published figures
// of the endpoint that served each OpenRouter run, and the providers list
// for policy links: once per model, all within one EndpointsTimeout. What
// cannot be read is left out: the report then shows the measured figures
// and the policy table alone, never a guess.
func (s *Session) PublishedEndpoints(ctx context.Context, results []*backend.Result) (map[string]catalog.Endpoint, []catalog.ProviderInfo) {
	ctx, cancel := context.WithTimeout(ctx, catalog.EndpointsTimeout)
	defer cancel()
	client := s.Deps.Client(catalog.EndpointsTimeout)
	out := map[string]catalog.Endpoint{}
	var provs []catalog.ProviderInfo
	read := map[string][]catalog.Endpoint{} // by base URL and model
	for _, r := range results {
		rt := r.Route
		if !catalog.LiveOpenRouter(rt) || r.ServedBy == "" {
			continue
		}
		key := s.routeKey(ctx, rt)
		id := rt.BaseURL + " " + rt.Model
		eps, ok := read[id]
		if !ok {
			eps, _ = catalog.FetchEndpoints(ctx, client, rt.BaseURL, key, rt.Model)
			read[id] = eps
			if provs == nil && eps != nil {
				provs, _ = catalog.FetchProviders(ctx, client, rt.BaseURL, key)
			}
		}
		if e, found := catalog.ServedEndpoint(eps, r.ServedBy); found {
			out[rt.Name] = e
		}
	}
	return out, provs
}

// routeKey is the route's key for OpenRouter's read-only lists, "" when
// the store has none (the lists are public; a key only raises limits).
func (s *Session) routeKey(ctx context.Context, rt backend.Route) string {
	if s.Keys == nil || rt.KeyName == "" {
		return ""
	}
	k, _, err := s.Keys.Key(ctx, rt.KeyName)
	if err != nil {
		return ""
	}
	return k
}
