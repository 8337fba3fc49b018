package ui

import (
	"strings"
	"testing"
)

// A streaming answer's Markdown is paced by its document, but text that
// arrived between two renders is never left off the screen: the pane stays
// dirty and a later frame shows it, even when no other event comes.
func TestTextArrivingBetweenRendersShowsOnALaterFrame(t *testing.T) {
	m, clock := streamingModel(t, 1, 80, 20)
	m = update(m, burst("route-1", 1, false, text(1, "Alpha.")), frameMsg{})
	requireContains(t, screen(m), "Alpha.")
	m = update(m, burst("route-1", 1, false, text(2, " Omega.")))
	for range 4 {
		clock.Advance(frameInterval)
		m = update(m, frameMsg{})
	}
	if s := screen(m); !strings.Contains(s, "Omega.") {
		t.Fatalf("text that came between renders is still not shown after four frames:\n%s", s)
	}
}
