package backend

import (
	"context"
	"sync"
)

// RunAll sends req to every route at once and returns each route's result in
// route order once all have ended. Each route runs under its own context, so
// one failing, stalling or flooding route never holds up another. onEvent,
// if set, sees every event as it is folded (called from several goroutines).
// A route with a fallback list runs through StreamWithFallback.
func (e *Engine) RunAll(ctx context.Context, routes []Route, req Request, onEvent func(i int, ev Event)) []*Result {
	lookup := e.routes
	if lookup == nil {
		lookup = lookupAmong(routes)
	}
	results := make([]*Result, len(routes))
	var wg sync.WaitGroup
	for i, rt := range routes {
		res := NewResult(rt)
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

// lookupAmong finds a route by name in a list.
func lookupAmong(routes []Route) RouteLookup {
	return func(name string) (Route, bool) {
		for _, rt := range routes {
			if rt.Name == name {
				return rt, true
			}
		}
		return Route{}, false
	}
}
