package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
)

// eightRoutes: done, failed, streaming and waiting routes side by side.
func eightRoutes(t *testing.T, w, h int) Model {
	t.Helper()
	var routes []backend.Route
	for i := range 8 {
		routes = append(routes, backend.Route{Name: fmt.Sprintf("route-%d", i+1), Kind: backend.KindOpenAI,
			Model: "gpt-4o-mini", KeyName: "openai"})
	}
	m, clock := sent(t, Options{Routes: routes, Engine: &scripted{}}, w, h)
	m = update(m,
		burst("route-1", 1, true, started(), text(300, oaAnswer), done(900)),
		burst("route-2", 2, true, started(), failure(180, backend.ErrRateLimited, 429, "Rate limit reached: Limit 3, Used 3.")),
		burst("route-3", 3, false, started(), text(250, "Slow start probes")),
		burst("route-5", 5, true, started(), failure(90, backend.ErrAuth, 401, "Incorrect API key provided.")),
		burst("route-6", 6, true, started(), text(610, clAnswer), done(1400)),
	)
	return frames(m, clock, 3, 100)
}

// Small terminals: at 80×24 with 8 routes, or 50×12, each route's state and
// its cause stay readable in a list above the focused pane, not in slivers.
func TestSmallTerminalsListTheRoutes(t *testing.T) {
	for _, c := range []struct {
		name  string
		w, h  int
		build func(t *testing.T, w, h int) Model
	}{
		{"Eight80x24", 80, 24, eightRoutes},
		{"Eight50x12", 50, 12, eightRoutes},
		{"Three50x12", 50, 12, func(t *testing.T, w, h int) Model { return oneFailed(t, threeRoutes(), w, h) }},
		{"Eight80x24FocusMoved", 80, 24, func(t *testing.T, w, h int) Model {
			m := eightRoutes(t, w, h)
			return update(m, press(tea.KeyTab, 0), frameMsg{})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := c.build(t, c.w, c.h)
			plain := screen(m)
			checkFrame(t, plain, c.w, c.h)
			if !m.compact {
				t.Fatal("not the compact layout")
			}
			golden.RequireEqual(t, plain)
		})
	}
	m := eightRoutes(t, 80, 24)
	plain := screen(m)
	for _, want := range []string{"route-2", "✗ error · Rate limited", "route-5", "streaming", "✓ done"} {
		if !strings.Contains(plain, want) {
			t.Errorf("80×24 with 8 routes lacks %q:\n%s", want, plain)
		}
	}
}

func TestRoomyTerminalsKeepTheGrid(t *testing.T) {
	if m := finished(t, threeRoutes(), 80, 24); m.compact {
		t.Fatal("three routes at 80×24 fit a grid")
	}
	if m := eightRoutes(t, 200, 50); m.compact {
		t.Fatal("eight routes at 200×50 fit a grid")
	}
}
