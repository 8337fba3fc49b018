package backend

import (
	"fmt"
	"strings"
)

// ParseRouteSpec parses the command-line shorthand PROVIDER:MODEL. The model
// may itself contain colons (ollama's "llama3:8b").
func ParseRouteSpec(spec string) (Route, error) {
	spec = strings.TrimSpace(spec)
	kind, model, ok := strings.Cut(spec, ":")
	if !ok || kind == "" || model == "" {
		return Route{}, fmt.Errorf("route %q: want PROVIDER:MODEL, e.g. openrouter:openai/gpt-4o-mini", spec)
	}
	rt, err := NewRoute(Kind(strings.ToLower(kind)), model, "", "")
	if err != nil {
		return Route{}, fmt.Errorf("route %q: %w", spec, err)
	}
	return rt, nil
}

// ResolveRoutes turns --route values into routes: each is a configured route
// name or a PROVIDER:MODEL shorthand. Names must be unique.
func ResolveRoutes(cfg *Config, specs []string) ([]Route, error) {
	var out []Route
	seen := map[string]bool{}
	for _, spec := range specs {
		var rt Route
		var ok bool
		if cfg != nil {
			rt, ok = cfg.FindRoute(spec)
		}
		if !ok {
			var err error
			if rt, err = ParseRouteSpec(spec); err != nil {
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
