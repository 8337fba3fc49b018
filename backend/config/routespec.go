package config

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/suggest"

	"github.com/routeplay/routeplay/backend"
)

// ParseRouteSpec parses the command-line shorthand PROVIDER:MODEL. The model
// may itself contain colons (ollama's "llama3:8b").
func ParseRouteSpec(spec string) (backend.Route, error) {
	spec = strings.TrimSpace(spec)
	kind, model, ok := strings.Cut(spec, ":")
	if err := safetext.CheckIdentifier(spec); err != nil {
		return backend.Route{}, fmt.Errorf("route %q: %v", spec, err)
	}
	if !ok || kind == "" || model == "" {
		return backend.Route{}, fmt.Errorf("route %q: want PROVIDER:MODEL, e.g. openrouter:openai/gpt-4o-mini", spec)
	}
	rt, err := backend.NewRoute(backend.Kind(strings.ToLower(kind)), model, "", "")
	if err != nil {
		return backend.Route{}, fmt.Errorf("route %q: %w", spec, err)
	}
	return rt, nil
}

// ResolveRoutes turns --route values into routes: each is a configured route
// name or a PROVIDER:MODEL shorthand. Names must be unique.
func ResolveRoutes(cfg *Config, specs []string) ([]backend.Route, error) {
	var out []backend.Route
	seen := map[string]bool{}
	for _, spec := range specs {
		var rt backend.Route
		var ok bool
		if cfg != nil {
			rt, ok = cfg.FindRoute(spec)
		}
		if !ok {
			var err error
			if rt, err = ParseRouteSpec(spec); err != nil {
				if hint := suggest.Hint(spec, cfg.routeNames()); hint != "" {
					return nil, fmt.Errorf("no route %q in the config%s", spec, hint)
				}
				return nil, err
			}
		}
		if seen[rt.Name] {
			return nil, fmt.Errorf("route %q given twice", rt.Name)
		}
		seen[rt.Name] = true
		out = append(out, rt)
	}
	return out, nil
}

// routeNames are the configured routes' names, hidden ones included.
func (c *Config) routeNames() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, rc := range c.Routes {
		if rt, err := rc.Route(); err == nil {
			out = append(out, rt.Name)
		}
	}
	return out
}
