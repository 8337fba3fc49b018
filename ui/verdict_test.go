package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
)

// turnsOfPair runs n turns of a gateway route and its direct route; the
// gateway's first token is 70 ms later, give or take a few. Each turn passes
// through the keyboard and the stream as a user's would. failDirect, when
// set, is what the direct route's run of the last turn fails with.
func turnsOfPair(t *testing.T, n, w, h int, failDirect *backend.Event) Model {
	t.Helper()
	clock := &fakeClock{now: t0}
	m := newTestModel(Options{Routes: testRoutes()[:2], Engine: &scripted{}}, clock)
	m = update(m, tea.WindowSizeMsg{Width: w, Height: h}, frameMsg{})
	gwCost, drCost := 0.000042, 0.000012
	for i := range n {
		m = update(typeText(m, fmt.Sprintf("question %d", i+1)), enter())
		jitter := (i * 7) % 11
		direct := burst("openai", m.gen, true, started(), text(300+jitter, oaAnswer), usage(540, 22, 41, &drCost), done(541))
		if failDirect != nil && i == n-1 {
			direct = burst("openai", m.gen, true, started(), *failDirect)
		}
		m = update(m,
			burst("or-gpt", m.gen-1, true, started(), text(370+jitter+i%3, orAnswer), usage(700, 24, 46, &gwCost), done(702)),
			direct)
		m = frames(m, clock, 2, 400)
	}
	return m
}

func TestVerdictGolden(t *testing.T) {
	noKey := failure(0, backend.ErrNoKey, 0, "no key for openai: routeplay keys set openai")
	scenarios := []struct {
		name  string
		build func(t *testing.T, w, h int) Model
		want  string
	}{
		{"OneTurnDecidesNothing", func(t *testing.T, w, h int) Model { return turnsOfPair(t, 1, w, h, nil) }, "one run decides nothing"},
		{"TwelveTurnsGiveAVerdict", func(t *testing.T, w, h int) Model { return turnsOfPair(t, 12, w, h, nil) }, "direct faster"},
		{"NoKeyIsNotAnError", func(t *testing.T, w, h int) Model { return turnsOfPair(t, 11, w, h, &noKey) }, "not sent (no key)"},
	}
	for _, sc := range scenarios {
		for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				m := sc.build(t, size.w, size.h)
				frame := screen(m)
				checkFrame(t, frame, size.w, size.h)
				if size.w >= 120 && !strings.Contains(frame, sc.want) {
					t.Errorf("frame lacks %q", sc.want)
				}
				golden.RequireEqual(t, frame)
			})
		}
	}
}

// alt+r runs every route again: each retry is one more run of each side.
func TestRetryAllAddsARunEachSide(t *testing.T) {
	m := turnsOfPair(t, 1, 120, 40, nil)
	m = update(m, tea.KeyPressMsg{Code: 'r', Mod: tea.ModAlt})
	m = update(m, burst("or-gpt", m.gen-1, true, started(), text(380, orAnswer), done(702)),
		burst("openai", m.gen, true, started(), text(310, oaAnswer), done(541)), frameMsg{})
	requireContains(t, screen(m), "errors 0/2 vs 0/2 · 2 and 2 of 10 runs")
}
