package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire"
)

// EndpointsTimeout bounds one endpoints or providers request.
const EndpointsTimeout = 15 * time.Second

// maxEndpointsBytes bounds the endpoints and providers answers.
const maxEndpointsBytes = 4 << 20

// endpointsGet is the GET of an endpoints or providers answer.
func endpointsGet(what string) jsonGet {
	return jsonGet{what: what, body: "answer", limit: maxEndpointsBytes, timeout: EndpointsTimeout}
}

// Percentiles are OpenRouter's published figures over the last 30 minutes;
// nil means not published.
type Percentiles struct {
	P50 *float64 `json:"p50"`
	P75 *float64 `json:"p75"`
	P90 *float64 `json:"p90"`
	P99 *float64 `json:"p99"`
}

// Endpoint is one provider serving a model on OpenRouter, as published.
// Every string is one plain line; pointers are nil when not published.
type Endpoint struct {
	Provider            string         `json:"provider"`
	Tag                 string         `json:"tag,omitempty"`
	Quantization        string         `json:"quantization,omitempty"`
	ContextLength       int64          `json:"context_length,omitempty"`
	Price               *backend.Price `json:"price_per_million,omitempty"`
	SupportedParameters []string       `json:"supported_parameters,omitempty"`
	ImplicitCaching     *bool          `json:"implicit_caching"`
	Uptime5m            *float64       `json:"uptime_5m"`
	Uptime30m           *float64       `json:"uptime_30m"`
	Uptime1d            *float64       `json:"uptime_1d"`
	LatencyMs           Percentiles    `json:"latency_ms_30m"`
	TokensPerSecond     Percentiles    `json:"tokens_per_second_30m"`
}

// ProviderInfo is one entry of OpenRouter's /providers list.
type ProviderInfo struct {
	Name    string `json:"name"`
	Slug    string `json:"slug"`
	Privacy string `json:"privacy_policy_url,omitempty"`
	Terms   string `json:"terms_of_service_url,omitempty"`
	Status  string `json:"status_page_url,omitempty"`
}

// orEndpoint is the wire shape; numbers that may be absent or null are pointers.
type orEndpoint struct {
	ProviderName        string       `json:"provider_name"`
	Tag                 string       `json:"tag"`
	Quantization        string       `json:"quantization"`
	ContextLength       int64        `json:"context_length"`
	Pricing             orPricing    `json:"pricing"`
	SupportedParameters []string     `json:"supported_parameters"`
	ImplicitCaching     *bool        `json:"supports_implicit_caching"`
	Uptime5m            *float64     `json:"uptime_last_5m"`
	Uptime30m           *float64     `json:"uptime_last_30m"`
	Uptime1d            *float64     `json:"uptime_last_1d"`
	Latency             *Percentiles `json:"latency_last_30m"`
	Throughput          *Percentiles `json:"throughput_last_30m"`
}

// FetchEndpoints reads GET {baseURL}/models/{author}/{slug}/endpoints for an
// OpenRouter model id such as "openai/gpt-5". Errors never contain the key.
func FetchEndpoints(ctx context.Context, client *http.Client, baseURL, key, model string) ([]Endpoint, error) {
	author, slug, ok := strings.Cut(model, "/")
	if !ok || author == "" || slug == "" || strings.Contains(slug, "/") {
		return nil, fmt.Errorf("openrouter endpoints: %q is not an author/slug model id", plainLine(model, key, 120))
	}
	slug, _, _ = strings.Cut(slug, ":") // a variant (":free", ":nitro") shares its model's endpoints
	path := "/models/" + url.PathEscape(author) + "/" + url.PathEscape(slug) + "/endpoints"
	body, err := getJSON(ctx, client, baseURL, path, key, endpointsGet("openrouter endpoints"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Data struct {
			Endpoints []orEndpoint `json:"endpoints"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, errors.New("openrouter endpoints: the answer is not the JSON endpoint list")
	}
	out := make([]Endpoint, 0, len(doc.Data.Endpoints))
	for _, e := range doc.Data.Endpoints {
		if ep, ok := cleanEndpoint(e); ok {
			out = append(out, ep)
		}
	}
	return out, nil
}

func cleanEndpoint(e orEndpoint) (Endpoint, bool) {
	name := plainLine(e.ProviderName, "", 80)
	if name == "" {
		return Endpoint{}, false
	}
	ep := Endpoint{Provider: name, Tag: plainLine(e.Tag, "", 80), Quantization: plainLine(e.Quantization, "", 40),
		ContextLength: max(e.ContextLength, 0), ImplicitCaching: e.ImplicitCaching,
		Uptime5m: finite(e.Uptime5m), Uptime30m: finite(e.Uptime30m), Uptime1d: finite(e.Uptime1d)}
	for _, p := range e.SupportedParameters {
		if c := plainLine(p, "", 60); c != "" && len(ep.SupportedParameters) < 100 {
			ep.SupportedParameters = append(ep.SupportedParameters, c)
		}
	}
	in, okIn := perMillion(e.Pricing.Prompt)
	outP, okOut := perMillion(e.Pricing.Completion)
	if okIn && okOut {
		read, _ := perMillion(e.Pricing.CacheRead)
		write, _ := perMillion(e.Pricing.CacheWrite)
		ep.Price = &backend.Price{Input: in, Output: outP, CacheRead: read, CacheWrite: write}
	}
	ep.LatencyMs = cleanPercentiles(e.Latency)
	ep.TokensPerSecond = cleanPercentiles(e.Throughput)
	return ep, true
}

func cleanPercentiles(p *Percentiles) Percentiles {
	if p == nil {
		return Percentiles{}
	}
	return Percentiles{P50: finite(p.P50), P75: finite(p.P75), P90: finite(p.P90), P99: finite(p.P99)}
}

// finite drops negative, NaN and infinite figures (JSON cannot carry the
// latter two, but a hand-made cache could).
func finite(v *float64) *float64 {
	if v == nil || *v != *v || *v < 0 || *v > 1e12 {
		return nil
	}
	x := *v
	return &x
}

// FetchProviders reads GET {baseURL}/providers: each provider's policy links.
// Links that are not plain http(s) URLs are dropped.
func FetchProviders(ctx context.Context, client *http.Client, baseURL, key string) ([]ProviderInfo, error) {
	body, err := getJSON(ctx, client, baseURL, "/providers", key, endpointsGet("openrouter providers"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Data []struct {
			Name    string  `json:"name"`
			Slug    string  `json:"slug"`
			Privacy *string `json:"privacy_policy_url"`
			Terms   *string `json:"terms_of_service_url"`
			Status  *string `json:"status_page_url"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, errors.New("openrouter providers: the answer is not the JSON provider list")
	}
	out := make([]ProviderInfo, 0, len(doc.Data))
	for _, p := range doc.Data {
		name := plainLine(p.Name, "", 80)
		if name == "" {
			continue
		}
		out = append(out, ProviderInfo{Name: name, Slug: plainLine(p.Slug, "", 80),
			Privacy: webLink(p.Privacy), Terms: webLink(p.Terms), Status: webLink(p.Status)})
	}
	return out, nil
}

// webLink keeps a link only if it is one plain line and an http(s) URL.
func webLink(s *string) string {
	if s == nil {
		return ""
	}
	c := plainLine(*s, "", 300)
	u, err := url.Parse(c)
	if c != *s || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return c
}

// ProviderByName finds a provider by its display name or slug, ignoring case.
func ProviderByName(list []ProviderInfo, name string) (ProviderInfo, bool) {
	for _, p := range list {
		if strings.EqualFold(p.Name, name) || strings.EqualFold(p.Slug, name) {
			return p, true
		}
	}
	return ProviderInfo{}, false
}

// jsonGet is one bounded GET of an OpenRouter list: what its errors call
// the request and its body, the most bytes read, and its time limit (0:
// only ctx bounds it).
type jsonGet struct {
	what, body string
	limit      int
	timeout    time.Duration
}

// getJSON does one bounded GET with the key and returns the body of a 200.
// Errors never contain the key.
func getJSON(ctx context.Context, client *http.Client, baseURL, path, key string, g jsonGet) ([]byte, error) {
	if err := wire.CheckKey(key); err != nil {
		return nil, err
	}
	if g.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wire.JoinURL(baseURL, path), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", g.what, plainLine(err.Error(), key, 160))
	}
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := noRedirectAway(client).Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", g.what, networkMessage(ctx, err, key))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(g.limit)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading the %s: %s", g.what, g.body, networkMessage(ctx, err, key))
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d%s", g.what, resp.StatusCode, prefixed(providerMessage(body, key)))
	}
	if len(body) > g.limit {
		return nil, fmt.Errorf("%s: the %s is larger than %d MiB", g.what, g.body, g.limit>>20)
	}
	return body, nil
}

// Unsupported lists the OpenRouter parameters the route sends that the
// endpoint does not list as supported; nil when the endpoint publishes no
// list (nothing can be said then).
func (e Endpoint) Unsupported(rt backend.Route) []string {
	if len(e.SupportedParameters) == 0 {
		return nil
	}
	p := rt.Params
	sent := []struct {
		name string
		on   bool
	}{
		{"temperature", p.Temperature != nil}, {"top_p", p.TopP != nil}, {"max_tokens", p.MaxTokens != nil},
		{"reasoning", p.ReasoningEffort != "" || p.ReasoningBudget != nil}, {"stop", len(p.Stop) > 0},
		{"tools", len(rt.Tools) > 0},
	}
	var out []string
	for _, s := range sent {
		if s.on && !slices.Contains(e.SupportedParameters, s.name) {
			out = append(out, s.name)
		}
	}
	return out
}
