package backend

import (
	"math"
	"sort"
	"strings"
	"sync"

	"charm.land/catwalk/pkg/catwalk"
	"charm.land/catwalk/pkg/embedded"

	"github.com/routeplay/routeplay/backend/suggest"
)

// catalogIndex maps "provider/model" to the embedded catalog's model entry.
var catalogIndex = sync.OnceValue(func() map[string]catwalk.Model {
	idx := map[string]catwalk.Model{}
	for _, p := range embedded.GetAll() {
		for _, m := range p.Models {
			idx[string(p.ID)+"/"+strings.ToLower(m.ID)] = m
		}
	}
	return idx
})

// CatalogModel looks a route's model up in the embedded catalog.
func CatalogModel(kind Kind, model string) (catwalk.Model, bool) {
	p, ok := LookupPreset(kind)
	if !ok || p.CatalogID == "" {
		return catwalk.Model{}, false
	}
	m, ok := catalogIndex()[p.CatalogID+"/"+strings.ToLower(model)]
	return m, ok
}

// RoutePrice is the per-million-token price used for a route's cost: the
// route's configured price, else the catalog's.
func RoutePrice(rt Route, model string) (Price, bool) {
	if rt.Price != nil {
		return *rt.Price, true
	}
	m, ok := catalogModelFor(rt, model)
	if !ok || m.CostPer1MIn == 0 && m.CostPer1MOut == 0 {
		return Price{}, false
	}
	return CatalogPrice(m), true
}

// CatalogPrice reads a catalog entry's prices. Catwalk's two cache fields are
// named for neither reads nor writes: for Anthropic (and MiniMax, and
// Gemini through OpenRouter), cost_per_1m_in_cached is the cache-write price
// and cost_per_1m_out_cached the read price; for OpenAI, Gemini and xAI only
// the "out" one is set and it is the read price; DeepSeek and Chutes put
// their read price in the "in" one. So the "out" one, when below the input
// price, is the read price and a different "in" one the write price;
// otherwise an "in" one below the input price is the read price, and one
// above it the write price.
func CatalogPrice(m catwalk.Model) Price {
	p := Price{Input: m.CostPer1MIn, Output: m.CostPer1MOut}
	in, out := m.CostPer1MInCached, m.CostPer1MOutCached
	switch {
	case out > 0 && out < p.Input:
		p.CacheRead = out
		if in > 0 && in != out {
			p.CacheWrite = in
		}
	case in > 0 && in < p.Input:
		p.CacheRead = in
	case in > p.Input:
		p.CacheWrite = in
	}
	return p
}

// RouteCost is a run's cost in USD: the provider's own figure when it reports
// one, else price × tokens (labelled an estimate when the tokens are), else
// unknown. It never makes a number up.
func RouteCost(res *Result) (usd float64, src CostSource, ok bool) {
	if s := res.stored; s != nil { // a stored run keeps the cost it was reported with
		if s.cost == nil {
			return 0, "", false
		}
		return *s.cost, s.costSrc, true
	}
	if c, ok := res.ProviderCost(); ok {
		return c, CostFromProvider, true
	}
	rt := res.AttemptRoute() // after a client-side fallback, the route that answered
	model := rt.pricedModel()
	if res.ServedModel != "" && rt.Price == nil {
		if _, found := catalogModelFor(rt, res.ServedModel); found {
			model = res.ServedModel // billed at the model that answered
		}
	}
	price, ok := RoutePrice(rt, model)
	if !ok {
		return 0, "", false
	}
	t := res.Tokens()
	if res.unbilled() {
		return 0, "", false
	}
	usd = TokenCost(t, price)
	switch {
	case t.Source == UsageEstimated:
		return usd, CostEstimated, true
	case rt.Price != nil:
		return usd, CostFromPrice, true
	}
	return usd, CostFromCatalog, true
}

// TokenCost prices token counts. Input counts include cache reads and
// writes on every wire (the Anthropic decoder adds them), so the uncached
// rest pays the input price and each cache share its own price.
func TokenCost(t TokenCounts, p Price) float64 {
	read := min(max(t.Cached, 0), max(t.Input, 0))
	write := min(max(t.CacheWrite, 0), max(t.Input, 0)-read)
	fresh := max(t.Input, 0) - read - write
	return (float64(fresh)*p.Input + float64(read)*p.ReadPrice() + float64(write)*p.WritePrice() +
		float64(max(t.Output, 0))*p.Output) / 1e6
}

// CatalogSuggest is the embedded catalog's nearest model id for a model of
// kind it does not list: a likely typo, caught before a request is sent.
// It says nothing for providers the catalog does not cover.
func CatalogSuggest(kind Kind, model string) (string, bool) {
	p, ok := LookupPreset(kind)
	if !ok || p.CatalogID == "" {
		return "", false
	}
	if _, ok := CatalogModel(kind, model); ok {
		return "", false
	}
	var ids []string
	prefix := p.CatalogID + "/"
	lower := strings.ToLower(model)
	for key, m := range catalogIndex() {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		if strings.HasPrefix(strings.ToLower(m.ID), lower) {
			return "", false // an alias of a dated id, such as claude-sonnet-4-5
		}
		ids = append(ids, m.ID)
	}
	sort.Strings(ids) // ties go the same way every run
	near, ok := suggest.Nearest(model, ids)
	if !ok || withoutDigits(near) == withoutDigits(lower) {
		return "", false // another version (gpt-5.2 beside gpt-5.1) is newer than the catalog, not a typo
	}
	return near, true
}

func withoutDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// catalogModelFor looks a model up in the catalog of the provider that
// prices the route: a gateway route's upstream, whose catalog names models
// without the gateway's "vendor/" prefix.
func catalogModelFor(rt Route, model string) (catwalk.Model, bool) {
	kind := rt.PriceKind()
	if m, ok := CatalogModel(kind, model); ok || rt.UpstreamKind == "" {
		return m, ok
	}
	if i := strings.LastIndexByte(model, '/'); i >= 0 {
		if m, ok := CatalogModel(kind, model[i+1:]); ok {
			return m, true
		}
	}
	if model == rt.Model { // a gateway's own alias (LiteLLM's model_name)
		return CatalogModel(kind, rt.UpstreamModel)
	}
	return catwalk.Model{}, false
}

// pricedModel is the model a route is priced as before any served model
// is known: a gateway route's upstream model.
func (rt Route) pricedModel() string {
	if rt.UpstreamModel != "" {
		return rt.UpstreamModel
	}
	return rt.Model
}

// MaxReportedCostUSD is the largest cost one request may report. Far above
// any real request (a full context window of the dearest model costs a few
// dollars), so a figure beyond it is a broken or hostile provider, and one
// such figure would otherwise dominate every sum and break JSON consumers.
const MaxReportedCostUSD = 1000

// ValidCost reports whether a provider's cost figure can be believed: finite,
// not negative, at most MaxReportedCostUSD. One that cannot is treated as
// not reported (the catalog price applies) and the run says so.
func ValidCost(usd float64) bool {
	return !math.IsNaN(usd) && usd >= 0 && usd <= MaxReportedCostUSD
}

// CostRejected reports whether the provider sent a cost figure that was
// ignored because it cannot be right.
func (r *Result) CostRejected() bool {
	return r.reported != nil && r.reported.CostRejected
}

// unbilled reports a run that failed before anything was generated and for
// which nobody reported usage or a bill: it has no cost to know.
func (r *Result) unbilled() bool {
	return r.Err != nil && r.Deltas == 0 && r.reported == nil
}

// CostTotal adds runs' costs up and keeps unknown unknown: a run that may
// have been billed but whose cost is unknown (no provider figure, no price)
// makes the total unknown rather than smaller. A run that was never billed
// (see unbilled) adds nothing either way.
type CostTotal struct {
	usd            float64
	known, unknown int
}

// Add counts one run and returns its cost when known.
func (c *CostTotal) Add(r *Result) (usd float64, ok bool) {
	usd, _, ok = RouteCost(r)
	switch {
	case ok:
		c.usd += usd
		c.known++
	case !r.unbilled():
		c.unknown++
	}
	return usd, ok
}

// USD is the total, known only when at least one run had a cost and every
// run that may have been billed had a known one.
func (c CostTotal) USD() (float64, bool) {
	if c.unknown > 0 || c.known == 0 {
		return 0, false
	}
	return c.usd, true
}

// Rounded is the total for JSON, rounded to the nano-dollar; nil (null)
// when it is unknown.
func (c CostTotal) Rounded() *float64 {
	usd, ok := c.USD()
	if !ok {
		return nil
	}
	v := Round(usd, 9)
	return &v
}
