package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// knownErrorKinds are the kinds a config may name in fallback_on.
var knownErrorKinds = []backend.ErrorKind{backend.ErrAuth, backend.ErrPayment, backend.ErrRateLimited, backend.ErrBadRequest, backend.ErrTimeout,
	backend.ErrUpstream, backend.ErrStream, backend.ErrNetwork, backend.ErrNoKey}

// validateFallbacks checks every route's fallback list: names exist, kinds
// are known, and no chain leads back to where it started.
func (c *Config) validateFallbacks(index map[string]int) error {
	for i, rc := range c.Routes {
		for _, k := range rc.FallbackOn {
			if !slices.Contains(knownErrorKinds, backend.ErrorKind(k)) {
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
