package ui

import (
	"strings"
	"testing"
	"time"
	"unsafe"

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
		m = update(m, streamMsg{Route: m.panes[i].Route().Name, Gen: uint64(i + 1), Events: []backend.Event{ev}})
	}
	painted := 0
	for range 6 {
		before := m.View().Content
		clock.Advance(frameInterval)
		m = update(m, frameMsg{})
		if !m.paint {
			if m.View().Content != before {
				t.Fatal("a tick that paints nothing changed the frame")
			}
			continue
		}
		painted++
		full := m
		full.inputBox = ""
		if got, want := m.View().Content, full.render(); got != want {
			t.Fatalf("tick frame differs from a full draw:\n%s\n---\n%s", got, want)
		}
		if got, want := m.View().Cursor, full.cursor(); (got == nil) != (want == nil) || got != nil && got.Position != want.Position {
			t.Fatalf("the cursor is at %+v, a full draw puts it at %+v", got, want)
		}
	}
	if painted < 2 {
		t.Fatalf("%d of 6 ticks painted", painted)
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

// The route picker is held by pointer to keep the Model small; a Model
// handed out earlier must still show the picker as it was then.
func TestEarlierModelKeepsItsPicker(t *testing.T) {
	m := newTestModel(Options{Routes: benchRoutes(2), Engine: &scripted{}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 100, Height: 30}, frameMsg{})
	m.openPicker()
	m = update(m, frameMsg{})
	before := m.View().Content
	later := update(m, tea.WindowSizeMsg{Width: 90, Height: 24})
	later = typeText(later, "zz")
	if later.View().Content == before {
		t.Fatal("the later picker did not change")
	}
	if got := m.render(); got != before {
		t.Fatalf("an earlier Model's picker changed:\n%s\n---\n%s", got, before)
	}
}

// Bubble Tea copies the Model on every message, streamed bursts included;
// screens that are rarely up stay out of that copy.
func TestModelStaysSmall(t *testing.T) {
	if n := unsafe.Sizeof(Model{}); n > 16<<10 {
		t.Fatalf("Model is %d bytes, copied on every message", n)
	}
}
