package backend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// DefaultFallbackOn are the error kinds that trigger a client-side fallback
// when a route does not choose its own: the failures another route may well
// not have. A timeout counts only before the first token (see shouldFallBack).
var DefaultFallbackOn = []ErrorKind{ErrRateLimited, ErrUpstream, ErrTimeout}

// knownErrorKinds are the kinds a config may name in fallback_on.
var knownErrorKinds = []ErrorKind{ErrAuth, ErrPayment, ErrRateLimited, ErrBadRequest, ErrTimeout,
	ErrUpstream, ErrStream, ErrNetwork, ErrNoKey}

// RouteLookup finds a route by name (Config.FindRoute is one).
type RouteLookup func(name string) (Route, bool)

// fallbackKinds is the route's own fallback_on, else the defaults.
func fallbackKinds(rt Route) []ErrorKind {
	if len(rt.FallbackOn) > 0 {
		return rt.FallbackOn
	}
	return DefaultFallbackOn
}

// shouldFallBack reports whether a failed attempt moves on to the next route.
// A timeout after tokens arrived is a stall mid-answer: the user already saw
// text, so the attempt stands as it is rather than being replaced.
func shouldFallBack(rt Route, err *RouteError, sawToken bool) bool {
	if err == nil || err.Kind == ErrCanceled {
		return false
	}
	if err.Kind == ErrTimeout && sawToken {
		return false
	}
	return slices.Contains(fallbackKinds(rt), err.Kind)
}

// fallbackChain resolves rt.Fallback into routes, in order. A name that
// cannot be found, or that repeats a route already in the chain, is an error.
func fallbackChain(rt Route, lookup RouteLookup) ([]Route, error) {
	seen := map[string]bool{rt.Name: true}
	var chain []Route
	for _, name := range rt.Fallback {
		if seen[name] {
			return nil, fmt.Errorf("route %s: fallback %q repeats a route already in the chain", rt.Name, name)
		}
		seen[name] = true
		var next Route
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
func (e *Engine) StreamWithFallback(ctx context.Context, rt Route, lookup RouteLookup, req Request) <-chan Event {
	if len(rt.Fallback) == 0 {
		return e.Stream(ctx, rt, req)
	}
	if lookup == nil {
		lookup = e.routes
	}
	out := make(chan Event, 64)
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
func (e *Engine) runChain(ctx context.Context, rt Route, chain []Route, chainErr error, req Request, out chan<- Event) {
	cur := rt
	abandoned := false
	send := func(ev Event) {
		ev.Route = rt.Name
		if !abandoned && !sendEvent(ctx, out, ev) {
			abandoned = true // nobody reads any more: drain the attempt, send nothing
		}
	}
	for i := 0; ; i++ {
		var failed *Event
		sawToken := false
		for ev := range e.Stream(ctx, cur, req) {
			if ev.Kind == EventError {
				failed = &ev
				continue
			}
			sawToken = sawToken || (ev.Kind == EventText || ev.Kind == EventReasoning) && ev.Text != "" ||
				ev.Kind == EventToolCall
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
		send(Event{Kind: EventFallback, At: failed.At, Status: failed.Status, Err: failed.Err, Next: &next})
		cur = next
	}
}

// fallBack closes the failed attempt and resets the per-attempt figures
// for the next one; the earlier attempts stay in Attempts.
func (r *Result) fallBack(ev Event) {
	r.Err = ev.Err
	r.endAttempt(ev.At)
	next := r.AttemptRoute()
	if ev.Next != nil {
		next = *ev.Next
	}
	*r = Result{Route: r.Route, Attempts: r.Attempts, attempt: &next}
}

// validateFallbacks checks every route's fallback list: names exist, kinds
// are known, and no chain leads back to where it started.
func (c *Config) validateFallbacks(index map[string]int) error {
	for i, rc := range c.Routes {
		for _, k := range rc.FallbackOn {
			if !slices.Contains(knownErrorKinds, ErrorKind(k)) {
				return c.routeErr(i, "fallback_on", fmt.Errorf("unknown error kind %q (known: %s)", k, kindList()))
			}
		}
		if len(rc.FallbackOn) > 0 && len(rc.Fallback) == 0 {
			return c.routeErr(i, "fallback_on", errors.New("set without a fallback list"))
		}
		for _, name := range rc.Fallback {
			if _, ok := index[name]; !ok {
				return c.routeErr(i, "fallback", fmt.Errorf("no route is named %q", name))
			}
		}
	}
	for i := range c.Routes {
		if cycle := c.fallbackCycle(i, index); cycle != nil {
			return c.routeErr(i, "fallback", fmt.Errorf("fallback cycle: %s", strings.Join(cycle, " → ")))
		}
	}
	return nil
}

// fallbackCycle returns a path from route i back to itself, if there is one.
func (c *Config) fallbackCycle(i int, index map[string]int) []string {
	start := c.routeName(i)
	visited := map[int]bool{}
	var walk func(j int, path []string) []string
	walk = func(j int, path []string) []string {
		for _, name := range c.Routes[j].Fallback {
			if name == start {
				return append(path, name)
			}
			k := index[name]
			if visited[k] {
				continue
			}
			visited[k] = true
			if p := walk(k, append(path, name)); p != nil {
				return p
			}
		}
		return nil
	}
	return walk(i, []string{start})
}

// routeName is the name a configured route resolves to.
func (c *Config) routeName(i int) string {
	if rt, err := c.Routes[i].Route(); err == nil {
		return rt.Name
	}
	return c.Routes[i].Name
}

func kindList() string {
	names := make([]string, len(knownErrorKinds))
	for i, k := range knownErrorKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}
