package catalog

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
)

// PublishedLabel names OpenRouter's figures wherever they stand beside the
// user's own, so the two are never read as one.
const PublishedLabel = "published (OpenRouter, 30 min)"

// SplitByProvider turns an OpenRouter route into one route per provider of
// eps, in the list's order: each is pinned to its provider with
// provider.only and allow_fallbacks=false, and named "<route>@<provider>".
// The model fallback list is dropped, so each route measures one provider
// of one model. Providers are named by their /providers slug when known
// (that is what provider.only takes), else by the endpoint's tag.
func SplitByProvider(rt backend.Route, eps []Endpoint, provs []ProviderInfo) []backend.Route {
	var out []backend.Route
	seen := map[string]bool{}
	for _, e := range eps {
		slug := providerSlug(e, provs)
		if slug == "" || seen[slug] {
			continue
		}
		seen[slug] = true
		pinned := map[string]any{}
		if rt.OpenRouter != nil {
			for k, v := range rt.OpenRouter.Provider {
				pinned[k] = v
			}
		}
		delete(pinned, "order")
		delete(pinned, "ignore")
		pinned["only"] = []any{slug}
		pinned["allow_fallbacks"] = false
		r := rt
		r.Name = rt.Name + "@" + slug
		r.OpenRouter = &backend.OpenRouterOptions{Provider: pinned}
		out = append(out, r)
	}
	return out
}

// providerSlug is what provider.only takes for an endpoint: the provider's
// slug from /providers, else the first part of its tag, else its name.
func providerSlug(e Endpoint, provs []ProviderInfo) string {
	if p, ok := ProviderByName(provs, e.Provider); ok && p.Slug != "" {
		return safeSlug(p.Slug)
	}
	if tag, _, _ := strings.Cut(e.Tag, "/"); tag != "" {
		return safeSlug(tag)
	}
	return safeSlug(strings.ToLower(e.Provider))
}

// safeSlug keeps a slug to the characters a route name can carry.
func safeSlug(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// ServedEndpoint finds the endpoint of the provider that served a run, by
// its display name or the slug its tag starts with, ignoring case.
func ServedEndpoint(eps []Endpoint, served string) (Endpoint, bool) {
	if served == "" {
		return Endpoint{}, false
	}
	for _, e := range eps {
		tag, _, _ := strings.Cut(e.Tag, "/")
		if strings.EqualFold(e.Provider, served) || (tag != "" && strings.EqualFold(tag, served)) {
			return e, true
		}
	}
	return Endpoint{}, false
}

// PublishedFigures are an endpoint's published figures as short plain
// items ("uptime 99.5%", "latency p50 420 ms"); what is not published is
// left out. The caller labels them with PublishedLabel.
func PublishedFigures(e Endpoint) []string {
	var out []string
	if v := e.Uptime30m; v != nil {
		out = append(out, "uptime "+figure.Percent(*v))
	}
	if v := e.LatencyMs.P50; v != nil {
		out = append(out, "latency p50 "+figure.Ms(*v))
	}
	if v := e.TokensPerSecond.P50; v != nil {
		out = append(out, "throughput p50 "+figure.TokensPerSecond(*v, false))
	}
	if e.Quantization != "" {
		out = append(out, e.Quantization)
	}
	if p := e.Price; p != nil {
		out = append(out, fmt.Sprintf("%s in / %s out per M", figure.Dollars(p.Input), figure.Dollars(p.Output)))
	}
	if c := e.ImplicitCaching; c != nil {
		out = append(out, "implicit caching "+map[bool]string{true: "yes", false: "no"}[*c])
	}
	return out
}

// MeasuredLabel names the user's own figures beside PublishedLabel's.
const MeasuredLabel = "measured (this run)"

// MeasuredFigures are a run's own figures comparable to PublishedFigures:
// first token (OpenRouter's latency is to the first token too) and tokens/s.
// A failed or unmeasured run gives none.
func MeasuredFigures(r *backend.Result) []string {
	if r == nil || r.Err != nil {
		return nil
	}
	var out []string
	if ft := r.Timing.FirstToken; ft != nil {
		out = append(out, "first token "+figure.Duration(*ft))
	}
	if tps, ok := r.TokensPerSecond(); ok {
		out = append(out, "throughput "+figure.TokensPerSecond(tps, r.Tokens().Source == backend.UsageEstimated))
	}
	return out
}

// SplitWarnings names, once per provider, the parameters the route sends
// that a provider's endpoint does not list: OpenRouter may drop them on
// that provider, so its figures would not measure the same request.
func SplitWarnings(rt backend.Route, eps []Endpoint) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range eps {
		if miss := e.Unsupported(rt); len(miss) > 0 && !seen[e.Provider] {
			seen[e.Provider] = true
			out = append(out, fmt.Sprintf("%s does not list %s", e.Provider, strings.Join(miss, ", ")))
		}
	}
	return out
}
