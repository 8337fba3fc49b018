package catalog

import (
	"regexp"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// Pair links a route through a gateway (OpenRouter, Portkey, LiteLLM, ...)
// with a direct route to the same underlying model, so the gateway's cost
// in time and money can be shown. A gateway route is never the direct side.
type Pair struct {
	Gateway int    // index of the gateway route
	Direct  int    // index of the direct route
	Model   string // the shared model, as the direct route names it
}

// PairRoutes finds every gateway route and direct route that reach the
// same model. A gateway route that names its upstream ("openai:gpt-4o-mini")
// pairs with direct routes of that provider and model. Otherwise matching
// goes through the catalog's display names (OpenRouter's "Anthropic: Claude
// Haiku 4.5" is Anthropic's "Claude Haiku 4.5") and falls back to the model
// ids with vendor prefixes and date stamps removed
// ("anthropic/claude-haiku-4.5" ~ "claude-haiku-4-5-20251001"). Pairs come
// in route order.
func PairRoutes(routes []backend.Route) []Pair {
	var pairs []Pair
	for g, gw := range routes {
		if !gw.IsGateway() {
			continue
		}
		gwKeys := gatewayModelKeys(gw)
		for d, dr := range routes {
			if dr.IsGateway() || d == g {
				continue
			}
			if pairsWith(gw, gwKeys, dr) {
				pairs = append(pairs, Pair{Gateway: g, Direct: d, Model: dr.Model})
			}
		}
	}
	return pairs
}

// gatewayModelKeys are the names of the model a gateway route stands for:
// its upstream's when it names one.
func gatewayModelKeys(gw backend.Route) []string {
	if gw.UpstreamKind != "" {
		return modelKeys(backend.Route{Kind: gw.UpstreamKind, Model: gw.UpstreamModel})
	}
	return modelKeys(gw)
}

func pairsWith(gw backend.Route, gwKeys []string, dr backend.Route) bool {
	if gw.UpstreamKind != "" {
		return strings.EqualFold(string(gw.UpstreamKind), string(dr.Kind)) &&
			(strings.EqualFold(gw.UpstreamModel, dr.Model) || sharesKey(gwKeys, modelKeys(dr)))
	}
	return sameModel(gw, dr) || sharesKey(gwKeys, modelKeys(dr))
}

func sameModel(a, b backend.Route) bool {
	return strings.EqualFold(a.Model, b.Model) && a.Kind != b.Kind
}

func sharesKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// demoFamily maps the demo models onto one simulated model: demo-gateway is
// demo-direct's answer with the gateway hop added (see fake.DemoProfiles).
var demoFamily = map[string]string{"demo-gateway": "demo-chat", "demo-direct": "demo-chat"}

// modelKeys are the normalised names a route's model goes by.
func modelKeys(rt backend.Route) []string {
	if rt.Simulated {
		if fam, ok := demoFamily[rt.Model]; ok {
			return []string{"demo:" + fam}
		}
		return nil
	}
	m, _ := backend.CatalogModel(rt.Kind, rt.Model)
	return namedModelKeys(m.Name, rt.Model)
}

// namedModelKeys are the keys of a model with a display name (may be
// empty) and an id: what PairRoutes and Counterparts match on.
func namedModelKeys(name, id string) []string {
	var keys []string
	if name != "" {
		keys = append(keys, "name:"+normaliseModelName(name))
	}
	if id := normaliseModelID(id); id != "" {
		keys = append(keys, "id:"+id)
	}
	return keys
}

// normaliseModelName drops OpenRouter's "Vendor: " prefix and folds case
// and punctuation: "OpenAI: GPT-4o-mini" and "GPT-4o mini" both become "gpt 4o mini".
func normaliseModelName(name string) string {
	if _, rest, ok := strings.Cut(name, ": "); ok {
		name = rest
	}
	return foldPunct(name)
}

var (
	dateSuffix    = regexp.MustCompile(`[-@](\d{8}|\d{4}-\d{2}-\d{2})$`)
	variantSuffix = regexp.MustCompile(`:(free|nitro|floor|online|extended|thinking|beta)$`)
)

// normaliseModelID drops the vendor prefix, OpenRouter's ":free"-style
// variants and a trailing date stamp, then folds case and punctuation.
func normaliseModelID(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	id = variantSuffix.ReplaceAllString(id, "")
	if i := strings.LastIndex(id, "/"); i >= 0 {
		id = id[i+1:]
	}
	id = dateSuffix.ReplaceAllString(id, "")
	return foldPunct(id)
}

// foldPunct lowercases and turns every run of '.', '-', '_' and spaces
// into one space, so "4.5", "4-5" and "4 5" compare equal.
func foldPunct(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r == '.' || r == '-' || r == '_' || r == ' ' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Delta is what the gateway route adds (positive) or saves (negative)
// against its direct pair, with the figures it is based on. A nil field is
// a figure one of the two runs lacks.
type Delta struct {
	Pair         Pair
	FirstTokenMs *float64 // gateway minus direct
	TotalMs      *float64
	CostUSD      *float64 // effective cost (fees included) gateway minus direct
	Gateway      DeltaSide
	Direct       DeltaSide
}

// DeltaSide holds one route's figures behind a Delta.
type DeltaSide struct {
	Route        string
	FirstTokenMs *float64
	TotalMs      *float64
	CostUSD      *float64 // token cost
	EffectiveUSD *float64 // token cost with the gateway's fee
}

// PairDelta compares one run of each route of a pair.
func PairDelta(p Pair, gateway, direct *backend.Result, fees config.Fees) Delta {
	return SideDelta(p, deltaSide(gateway, fees), deltaSide(direct, fees))
}

// SideDelta is the Delta between two routes' figures, however they were
// gathered (one run each, or a bench's medians).
func SideDelta(p Pair, gateway, direct DeltaSide) Delta {
	return Delta{Pair: p, Gateway: gateway, Direct: direct,
		FirstTokenMs: difference(gateway.FirstTokenMs, direct.FirstTokenMs),
		TotalMs:      difference(gateway.TotalMs, direct.TotalMs),
		CostUSD:      difference(gateway.EffectiveUSD, direct.EffectiveUSD)}
}

func deltaSide(r *backend.Result, fees config.Fees) DeltaSide {
	s := DeltaSide{Route: r.Route.Name}
	if r.Err != nil {
		return s // a failed run has no times worth comparing
	}
	s.FirstTokenMs, s.TotalMs = backend.Millis(r.Timing.FirstToken), backend.Millis(r.Timing.Total)
	if usd, _, ok := backend.RouteCost(r); ok {
		eff := fees.Apply(r.Route, usd).EffectiveUSD
		s.CostUSD, s.EffectiveUSD = &usd, &eff
	}
	return s
}

// difference is a − b, nil when either figure is missing.
func difference(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	v := *a - *b
	return &v
}
