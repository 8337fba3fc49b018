package backend

import (
	"strings"
	"sync"

	"charm.land/catwalk/pkg/catwalk"
	"charm.land/catwalk/pkg/embedded"
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
	m, ok := CatalogModel(rt.Kind, model)
	if !ok || m.CostPer1MIn == 0 && m.CostPer1MOut == 0 {
		return Price{}, false
	}
	return Price{Input: m.CostPer1MIn, Output: m.CostPer1MOut, Cached: m.CostPer1MInCached}, true
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
	model := rt.Model
	if res.ServedModel != "" && rt.Price == nil {
		if _, found := CatalogModel(rt.Kind, res.ServedModel); found {
			model = res.ServedModel // billed at the model that answered
		}
	}
	price, ok := RoutePrice(rt, model)
	if !ok {
		return 0, "", false
	}
	t := res.Tokens()
	if res.Err != nil && res.Deltas == 0 && t.Source == UsageEstimated {
		return 0, "", false // nothing was generated, and nobody reported a bill
	}
	cached := min(t.Cached, t.Input)
	cachedPrice := price.Cached
	if cachedPrice == 0 {
		cachedPrice = price.Input
	}
	usd = (float64(t.Input-cached)*price.Input + float64(cached)*cachedPrice + float64(t.Output)*price.Output) / 1e6
	switch {
	case t.Source == UsageEstimated:
		return usd, CostEstimated, true
	case rt.Price != nil:
		return usd, CostFromPrice, true
	}
	return usd, CostFromCatalog, true
}
