package compare

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/themes"
)

// Golden frames of the compare view, ansi-stripped, at two sizes. Each
// scenario feeds finished turns of the demo routes (built from fixed
// events) and OpenRouter's stats for the gateway run. Regenerate with:
// go test ./ui/compare -run TestGolden -update

var goldenSizes = []struct{ w, h int }{{80, 24}, {160, 48}}

func charm() *themes.Styles { return themes.New(themes.Charm(true)) }

// gatewayStats is what OpenRouter reports for the demo gateway run: the
// upstream took 300 ms of the 339 ms first token.
func gatewayStats(turn int) StatsMsg {
	lat := 300 * time.Millisecond
	return StatsMsg{Turn: turn, Route: "demo-openrouter", GenerationID: "gen-demo-1",
		Stats: engine.GenerationStats{ID: "gen-demo-1", Provider: "DemoCloud", Latency: &lat}}
}

// sessionOf adds n turns (the second one with the fast route failing) and
// the gateway stats of each.
func sessionOf(t *testing.T, n, w, h int) Model {
	t.Helper()
	m := New(Options{Fetcher: noFetch{}}, charm())
	m.SetSize(w, h)
	for i := 1; i <= n; i++ {
		m.AddTurn(context.Background(), i, demoTurn(float64((i*37)%50), i == 2))
		m, _ = m.Update(gatewayStats(i))
	}
	return m
}

// noFetch is never called: the scenarios deliver stats themselves.
type noFetch struct{}

func (noFetch) GenerationStats(context.Context, backend.Route, string) (engine.GenerationStats, error) {
	return engine.GenerationStats{}, nil
}

func frame(m Model) string { return ansi.Strip(m.View()) }

func press(m Model, k tea.KeyPressMsg, times int) Model {
	for range times {
		m, _ = m.Update(k)
	}
	return m
}

func TestGolden(t *testing.T) {
	scenarios := []struct {
		name string
		make func(t *testing.T, w, h int) Model
	}{
		{"Empty", func(t *testing.T, w, h int) Model {
			m := New(Options{}, charm())
			m.SetSize(w, h)
			return m
		}},
		{"ThisTurn/FourDemoRoutes", func(t *testing.T, w, h int) Model { return sessionOf(t, 1, w, h) }},
		{"ThisTurn/ScrolledToTheDelta", func(t *testing.T, w, h int) Model {
			return press(sessionOf(t, 1, w, h), tea.KeyPressMsg{Code: tea.KeyEnd}, 1)
		}},
		{"ThisTurn/FastRouteFailed", func(t *testing.T, w, h int) Model { return sessionOf(t, 2, w, h) }},
		{"ThisTurn/StatsStillFetching", func(t *testing.T, w, h int) Model {
			m := New(Options{Fetcher: noFetch{}}, charm())
			m.SetSize(w, h)
			m.AddTurn(context.Background(), 1, demoTurn(0, false))
			return press(m, tea.KeyPressMsg{Code: tea.KeyEnd}, 1)
		}},
		{"WholeSession/FiveTurns", func(t *testing.T, w, h int) Model {
			return press(sessionOf(t, 5, w, h), tea.KeyPressMsg{Code: tea.KeyTab}, 1)
		}},
		{"WholeSession/FiveTurnsScrolled", func(t *testing.T, w, h int) Model {
			m := press(sessionOf(t, 5, w, h), tea.KeyPressMsg{Code: tea.KeyTab}, 1)
			return press(m, tea.KeyPressMsg{Code: tea.KeyEnd}, 1)
		}},
		{"WholeSession/TwelveTurnsGiveAVerdict", func(t *testing.T, w, h int) Model {
			m := press(sessionOf(t, 12, w, h), tea.KeyPressMsg{Code: tea.KeyTab}, 1)
			return press(m, tea.KeyPressMsg{Code: tea.KeyEnd}, 1)
		}},
		{"WholeSession/PastDaysBySettings", func(t *testing.T, w, h int) Model {
			m := press(sessionOf(t, 5, w, h), tea.KeyPressMsg{Code: tea.KeyTab}, 1)
			m.SetPast(pastBySettings(), 30, nil)
			return press(m, tea.KeyPressMsg{Code: tea.KeyEnd}, 1)
		}},
	}
	for _, sc := range scenarios {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				got := frame(sc.make(t, size.w, size.h))
				checkFrame(t, got, size.w, size.h)
				golden.RequireEqual(t, got)
			})
		}
	}
}

// checkFrame: every frame is exactly w×h cells.
func checkFrame(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := splitLines(frame)
	if len(lines) != h {
		t.Fatalf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, n, w, l)
		}
	}
}
