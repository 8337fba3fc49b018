package cmdenv

import (
	"fmt"
	"io"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/safetext"
)

// KeyHostWarnings names each provider key that the routes would send to a
// host that is not the provider's own, once per key and host: a shared
// config with base_url pointed elsewhere must not collect keys quietly.
func KeyHostWarnings(routes []backend.Route, lookup func(string) (backend.Route, bool)) []string {
	seen := map[preset.KeyAway]bool{}
	var out []string
	check := func(rt backend.Route) {
		away, ok := preset.KeyGoesAway(rt)
		if !ok || seen[away] {
			return
		}
		seen[away] = true
		out = append(out, fmt.Sprintf("route %s sends your %s key (for %s) to %s, which is not %s's host (%s); check base_url if you did not mean to",
			safetext.Sanitize(rt.Name), safetext.Sanitize(away.Key), away.Provider, safetext.Sanitize(away.Host), away.Provider, away.Home))
	}
	for _, rt := range routes {
		check(rt)
		for _, name := range rt.Fallback {
			if lookup == nil {
				continue
			}
			if fb, ok := lookup(name); ok {
				check(fb)
			}
		}
	}
	return out
}

// WarnKeyHosts prints the KeyHostWarnings to w.
func (s *Session) WarnKeyHosts(w io.Writer) {
	for _, line := range s.KeyHostWarnings() {
		fmt.Fprintln(w, "warning: "+line)
	}
}

// KeyHostWarnings are WarnKeyHosts' lines, for the playground to show.
func (s *Session) KeyHostWarnings() []string {
	var lookup func(string) (backend.Route, bool)
	if s.Config != nil {
		lookup = s.Config.FindRoute
	}
	return KeyHostWarnings(s.Routes, lookup)
}
