package engine

import (
	"context"
	"sync"

	"github.com/routeplay/routeplay/backend"
)

// RunAll sends req to every route at once and returns each route's result in
// route order once all have ended. Each route runs under its own context, so
// one failing, stalling or flooding route never holds up another. onEvent,
// if set, sees every event as it is folded (called from several goroutines).
// A route with a fallback list runs through StreamWithFallback.
func (e *Engine) RunAll(ctx context.Context, routes []backend.Route, req backend.Request, onEvent func(i int, ev backend.Event)) []*backend.Result {
	lookup := e.LookupFor(routes)
	results := make([]*backend.Result, len(routes))
	var wg sync.WaitGroup
	for i, rt := range routes {
		res := backend.NewResult(rt)
		results[i] = res
		wg.Add(1)
		go func() {
			defer wg.Done()
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			for ev := range e.StreamWithFallback(rctx, rt, lookup, req) {
				res.Apply(ev)
				if onEvent != nil {
					onEvent(i, ev)
				}
			}
		}()
	}
	wg.Wait()
	return results
}

// LookupFor is how fallbacks resolve when running routes: through the
// engine's lookup (EngineOptions.Routes), else among the routes themselves.
func (e *Engine) LookupFor(routes []backend.Route) RouteLookup {
	if e.routes != nil {
		return e.routes
	}
	return lookupAmong(routes)
}

// lookupAmong finds a route by name in a list.
func lookupAmong(routes []backend.Route) RouteLookup {
	return func(name string) (backend.Route, bool) {
		for _, rt := range routes {
			if rt.Name == name {
				return rt, true
			}
		}
		return backend.Route{}, false
	}
}

// CloseIdleConnections drops pooled connections so the next request dials
// afresh. Simulated routes have no connections to drop.
func (e *Engine) CloseIdleConnections() {
	e.client.CloseIdleConnections()
}
