package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// fellBack finishes a turn where OpenRouter served another model than the
// one asked for, and the direct OpenAI route was rate limited and handed
// over to its client-side fallback, the Anthropic route.
func fellBack(t *testing.T, w, h int) Model {
	opts := threeRoutes()
	opts.Routes[0].OpenRouter = &backend.OpenRouterOptions{Models: []string{"meta-llama/llama-3.3-70b-instruct"},
		Provider: map[string]any{"sort": "price", "data_collection": "deny"}}
	m, clock := sent(t, opts, w, h)
	next := testRoutes()[2]
	m = update(m,
		burst("or-gpt", 1, true, started(), served(95, "DeepInfra", "meta-llama/llama-3.3-70b-instruct"),
			text(412, orAnswer), usage(700, 24, 20, &orCost), done(702)),
		burst("openai", 2, false, started(), text(200, "Slow start"),
			backend.Event{Kind: backend.EventFallback, At: ms(230), Next: &next,
				Err: &backend.RouteError{Kind: backend.ErrRateLimited, Status: 429, Message: "slow down"}}),
	)
	m = frames(m, clock, 2, 100)
	if s := screen(m); !strings.Contains(s, "fell back to claude") || strings.Contains(s, "Slow start") {
		t.Fatalf("mid-fallback the pane should say so and drop the partial answer:\n%s", s)
	}
	m = update(m,
		burst("openai", 2, true, started(), text(610, clAnswer), done(890)),
		burst("claude", 3, true, started(), text(610, clAnswer), done(890)),
	)
	return frames(m, clock, 3, 400)
}

func TestFallbackGolden(t *testing.T) {
	for _, size := range goldenSizes[:2] {
		t.Run(fmt.Sprintf("OpenRouterAndClientSide/%dx%d", size.w, size.h), func(t *testing.T) {
			golden.RequireEqual(t, screen(fellBack(t, size.w, size.h)))
		})
	}
}

func TestFallbackHeaderAndAttempts(t *testing.T) {
	s := screen(fellBack(t, 200, 50))
	for _, want := range []string{
		"OpenRouter fell back to meta-llama/llama-3.3-70b-instruct",
		"fell back to claude",
		"1. openai · ✗ Rate limited (429)",
		"2. claude · ✓ answered",
	} {
		requireContains(t, s, want)
	}
}

func TestPaneHeaderShowsOpenRouterPreferences(t *testing.T) {
	opts := threeRoutes()
	opts.Routes[0].OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"allow_fallbacks": false}}
	m := newTestModel(opts, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 200, Height: 40})
	requireContains(t, screen(m), "openai/gpt-4o-mini · "+config.DescribeOpenRouter(opts.Routes[0].OpenRouter))
}
