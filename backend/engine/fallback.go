package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/routeplay/routeplay/backend"
)

// DefaultFallbackOn are the error kinds that trigger a client-side fallback
// when a route does not choose its own: the failures another route may well
// not have. A timeout counts only before the first token (see shouldFallBack).
var DefaultFallbackOn = []backend.ErrorKind{backend.ErrRateLimited, backend.ErrUpstream, backend.ErrTimeout}

// RouteLookup finds a route by name (Config.FindRoute is one).
type RouteLookup func(name string) (backend.Route, bool)

// fallbackKinds is the route's own fallback_on, else the defaults.
func fallbackKinds(rt backend.Route) []backend.ErrorKind {
	if len(rt.FallbackOn) > 0 {
		return rt.FallbackOn
	}
	return DefaultFallbackOn
}

// shouldFallBack reports whether a failed attempt moves on to the next route.
// A timeout after tokens arrived is a stall mid-answer: the user already saw
// text, so the attempt stands as it is rather than being replaced.
func shouldFallBack(rt backend.Route, err *backend.RouteError, sawToken bool) bool {
	if err == nil || err.Kind == backend.ErrCanceled {
		return false
	}
	if err.Kind == backend.ErrTimeout && sawToken {
		return false
	}
	return slices.Contains(fallbackKinds(rt), err.Kind)
}

// fallbackChain resolves rt.Fallback into routes, in order. A name that
// cannot be found, or that repeats a route already in the chain, is an error.
func fallbackChain(rt backend.Route, lookup RouteLookup) ([]backend.Route, error) {
	seen := map[string]bool{rt.Name: true}
	var chain []backend.Route
	for _, name := range rt.Fallback {
		if seen[name] {
			return nil, fmt.Errorf("route %s: fallback %q repeats a route already in the chain", rt.Name, name)
		}
		seen[name] = true
		var next backend.Route
		ok := false
		if lookup != nil {
			next, ok = lookup(name)
		}
		if !ok {
			return nil, fmt.Errorf("route %s: fallback route %q is not configured", rt.Name, name)
		}
		chain = append(chain, next)
	}
	return chain, nil
}

// StreamWithFallback runs rt and, when it fails with a kind in its
// FallbackOn, the routes named in rt.Fallback in order until one answers.
// Every attempt streams its own events (each measured from its own start,
// all carrying rt's name); an EventFallback with the failed attempt's error
// and the next route sits between two attempts, so Result keeps one Attempt
// per try and ends with the answering attempt's metrics. Without a fallback
// it is exactly Stream. A nil lookup means the engine's own (EngineOptions.Routes).
func (e *Engine) StreamWithFallback(ctx context.Context, rt backend.Route, lookup RouteLookup, req backend.Request) <-chan backend.Event {
	if len(rt.Fallback) == 0 {
		return e.Stream(ctx, rt, req)
	}
	if lookup == nil {
		lookup = e.routes
	}
	out := make(chan backend.Event, 64)
	go func() {
		defer close(out)
		// A chain that cannot be resolved still lets rt run; the reason
		// shows only if a fallback would have been needed.
		chain, chainErr := fallbackChain(rt, lookup)
		e.runChain(ctx, rt, chain, chainErr, req, out)
	}()
	return out
}

// runChain streams each attempt in turn and forwards its events to out.
func (e *Engine) runChain(ctx context.Context, rt backend.Route, chain []backend.Route, chainErr error, req backend.Request, out chan<- backend.Event) {
	cur := rt
	abandoned := false
	send := func(ev backend.Event) {
		ev.Route = rt.Name
		if !abandoned && !sendEvent(ctx, out, ev) {
			abandoned = true // nobody reads any more: drain the attempt, send nothing
		}
	}
	for i := 0; ; i++ {
		var failed *backend.Event
		sawToken := false
		for ev := range e.Stream(ctx, cur, req) {
			if ev.Kind == backend.EventError {
				failed = &ev
				continue
			}
			// Any piece of a tool call counts, even one that carries nothing yet.
			sawToken = sawToken || ev.Content() || ev.Kind == backend.EventToolCall
			send(ev)
		}
		if failed == nil {
			return
		}
		wanted := ctx.Err() == nil && shouldFallBack(rt, failed.Err, sawToken)
		if !wanted || i >= len(chain) {
			if wanted && chainErr != nil {
				re := *failed.Err
				re.Message += " (no fallback tried: " + chainErr.Error() + ")"
				failed.Err = &re
			}
			send(*failed)
			return
		}
		next := chain[i]
		send(backend.Event{Kind: backend.EventFallback, At: failed.At, Status: failed.Status, Err: failed.Err, Next: &next})
		cur = next
	}
}
