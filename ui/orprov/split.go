package orprov

import (
	"fmt"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/pane"
)

// MaxSplitPanes caps the panes a split may leave in the playground: past
// it a pane is too narrow to read, and every prompt costs one call per pane.
const MaxSplitPanes = 8

// Split is what a split replaced, so the same key puts it back.
type Split struct {
	Pane  pane.Pane // the route's pane as it was, with its turns
	At    int       // where it stood
	Names []string  // the provider routes put in its place
}

// Record keeps a split of the route named orig.
func (s *State) Record(orig string, sp Split) { s.splits[orig] = sp }

// Take forgets the split of the route named orig and returns it.
func (s *State) Take(orig string) Split {
	sp := s.splits[orig]
	delete(s.splits, orig)
	return sp
}

// SplitOf names the split route name belongs to, as one of its provider
// routes; "" when it belongs to none.
func (s *State) SplitOf(name string) string {
	for orig, sp := range s.splits {
		if slices.Contains(sp.Names, name) {
			return orig
		}
	}
	return ""
}

// SplitRoutes are the provider routes a split of orig (shown as model)
// adds, given the names taken and the panes that stay: as many as
// MaxSplitPanes leaves room for, and how many were left out. A non-empty
// why says why there is no split.
func SplitRoutes(orig backend.Route, model string, msg EndpointsMsg, taken func(string) bool, staying int) (routes []backend.Route, left int, why string) {
	for _, rt := range catalog.SplitByProvider(orig, msg.Endpoints, msg.Providers) {
		if !taken(rt.Name) {
			routes = append(routes, rt)
		}
	}
	room := MaxSplitPanes - staying
	switch {
	case len(routes) == 0:
		return nil, 0, "Not split: OpenRouter lists no provider for " + model + "."
	case room < 2:
		return nil, 0, fmt.Sprintf("Not split: at most %d panes; ctrl+p drops some routes first.", MaxSplitPanes)
	}
	left = max(0, len(routes)-room)
	return routes[:len(routes)-left], left, ""
}

// SplitStatus is the status line after a split of name.
func SplitStatus(name string, added, left int) string {
	s := fmt.Sprintf("Split %s into %s", name, figure.CountOf(added, "provider route", "provider routes"))
	if left > 0 {
		s += fmt.Sprintf(" (%s left out: at most %d panes)", figure.Count(left, "provider"), MaxSplitPanes)
	}
	return s + ", pinned, no fallbacks. alt+p on one puts it back; saved only if you save."
}

// SplitNotice warns, after a split of orig (shown as name), of parameters
// some providers do not list; "" when every provider lists them all.
func SplitNotice(orig backend.Route, name string, msg EndpointsMsg) string {
	warn := catalog.SplitWarnings(orig, msg.Endpoints)
	if len(warn) == 0 {
		return ""
	}
	return safetext.Sanitize("Split " + name + ": some providers may not get the same request\n\n" +
		strings.Join(warn, "\n") + "\n\nwhich " + name + " sends. OpenRouter may drop a parameter a provider " +
		"does not list, so that provider's figures would measure another request.")
}
