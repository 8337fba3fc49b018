package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestResizeStorm resizes the playground hundreds of times, down to 1×1 and
// up to 300×100, while answers stream in: nothing panics, nothing streamed
// is lost, and the final frame fits the terminal exactly.
func TestResizeStorm(t *testing.T) {
	t.Parallel()
	m, clock := sent(t, threeRoutes(), 120, 40)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		w, h := 1+rng.IntN(300), 1+rng.IntN(100)
		if i%50 == 0 {
			w, h = 20, 5
		}
		m = update(m, tea.WindowSizeMsg{Width: w, Height: h})
		if i%10 == 0 {
			m = update(m, burst("openai", 2, false, text(100+i, "word ")))
		}
		m = frames(m, clock, 1, 16)
	}
	m = update(m, burst("openai", 2, true, done(5000)))
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = frames(m, clock, 2, 50)
	frame := ansi.Strip(m.View().Content)
	lines := strings.Split(frame, "\n")
	if len(lines) > 24 {
		t.Fatalf("frame has %d lines at 80×24", len(lines))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Fatalf("line %d cells wide at 80×24: %q", w, l)
		}
	}
	if got := m.panes[m.index["openai"]].Last().Result().Text.String(); strings.Count(got, "word ") != 30 {
		t.Fatalf("streamed text lost in the storm: %q", got)
	}
}
