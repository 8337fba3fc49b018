package catalog

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// EndpointWarnings names, from OpenRouter's published endpoints of the
// route's model, the parameters the route sends that an endpoint serving it
// does not list, before they are sent: for a route pinned with
// provider.only, the pinned endpoints; otherwise a parameter no endpoint
// lists, or one some do not list while the route does not ask for
// require_parameters (OpenRouter may then serve it there and drop it).
func EndpointWarnings(rt backend.Route, eps []Endpoint) []string {
	if rt.Kind != backend.KindOpenRouter || len(eps) == 0 {
		return nil
	}
	if only := pinnedProviders(rt); len(only) > 0 {
		var pinned []Endpoint
		for _, e := range eps {
			if servesPinned(e, only) {
				pinned = append(pinned, e)
			}
		}
		return SplitWarnings(rt, pinned)
	}
	missing := map[string][]string{} // parameter → providers that do not list it
	var order []string
	for _, e := range eps {
		for _, p := range e.Unsupported(rt) {
			if missing[p] == nil {
				order = append(order, p)
			}
			missing[p] = append(missing[p], e.Provider)
		}
	}
	var out []string
	for _, p := range order {
		switch {
		case len(missing[p]) == len(eps):
			out = append(out, fmt.Sprintf("no provider of %s lists %s", rt.Model, p))
		case !requiresParameters(rt):
			out = append(out, fmt.Sprintf("%s not listed by %s (provider.require_parameters = true avoids them)",
				p, strings.Join(missing[p], ", ")))
		}
	}
	return out
}

// pinnedProviders is the route's provider.only list, lower-cased.
func pinnedProviders(rt backend.Route) []string {
	if rt.OpenRouter == nil {
		return nil
	}
	var out []string
	switch v := rt.OpenRouter.Provider["only"].(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, strings.ToLower(s))
			}
		}
	case []string:
		for _, s := range v {
			out = append(out, strings.ToLower(s))
		}
	}
	return out
}

// servesPinned reports whether an endpoint is one that provider.only names:
// by its provider's name, its tag, or the provider part of its tag.
func servesPinned(e Endpoint, only []string) bool {
	tag := strings.ToLower(e.Tag)
	head, _, _ := strings.Cut(tag, "/")
	for _, o := range only {
		if o == strings.ToLower(e.Provider) || o == tag || o == head {
			return true
		}
	}
	return false
}

func requiresParameters(rt backend.Route) bool {
	if rt.OpenRouter == nil {
		return false
	}
	b, _ := rt.OpenRouter.Provider["require_parameters"].(bool)
	return b
}
