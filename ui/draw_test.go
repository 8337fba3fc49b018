package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
)

// A frame tick reuses the prompt box drawn by the last other message; the
// screen it draws must be the one a full draw gives, typing and streaming
// included.
func TestFrameTickDrawsWhatAFullDrawDraws(t *testing.T) {
	clock := &fakeClock{now: t0}
	m := newTestModel(Options{Routes: benchRoutes(2), Engine: &scripted{}}, clock)
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30}, frameMsg{})
	m = typeText(m, "first")
	m = update(m, enter())
	m = typeText(m, "draft while streaming")
	for i := range m.panes {
		ev := backend.Event{Kind: backend.EventText, At: time.Millisecond, Text: "Hello **there**"}
		m = update(m, streamMsg{Route: m.panes[i].route.Name, Gen: uint64(i + 1), Events: []backend.Event{ev}})
	}
	for range 4 {
		clock.Advance(frameInterval)
		m = update(m, frameMsg{})
		full := m
		full.inputBox = ""
		if got, want := m.View().Content, full.render(); got != want {
			t.Fatalf("tick frame differs from a full draw:\n%s\n---\n%s", got, want)
		}
	}
	if !strings.Contains(m.View().Content, "draft while streaming") {
		t.Fatal("the draft is not on screen")
	}
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 30}, frameMsg{})
	full := m
	full.inputBox = ""
	if m.View().Content != full.render() {
		t.Fatal("after a resize the tick frame keeps the old prompt box")
	}
}
