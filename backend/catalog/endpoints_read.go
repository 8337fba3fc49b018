package catalog

import (
	"context"
	"net/http"

	"github.com/routeplay/routeplay/backend"
)

// LiveOpenRouter reports whether a route reaches OpenRouter for real: only
// such a route has published endpoints to read.
func LiveOpenRouter(rt backend.Route) bool {
	return rt.Kind == backend.KindOpenRouter && !rt.Simulated
}

// ReadEndpoints reads the endpoints of rt's model through rt's base URL
// and, when that worked, the providers list for policy links; provErr is
// that list's error, which costs only the links. key may be "": both lists
// are public.
func ReadEndpoints(ctx context.Context, client *http.Client, rt backend.Route, key string) (eps []Endpoint, provs []ProviderInfo, err, provErr error) {
	if eps, err = FetchEndpoints(ctx, client, rt.BaseURL, key, rt.Model); err != nil {
		return nil, nil, err, nil
	}
	provs, provErr = FetchProviders(ctx, client, rt.BaseURL, key)
	return eps, provs, nil, provErr
}
