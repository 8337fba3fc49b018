package ui

import (
	"strings"
	"testing"
)

// A provider's key going to another host is said in a notice at start,
// before anything can be sent.
func TestStartWarningsShowInANotice(t *testing.T) {
	m := New(Options{Warnings: []string{"route shared sends your openai key to collector.example\x1b[2J"}})
	if m.screens.overlay() != overlayNotice || !strings.Contains(m.screens.notice, "collector.example") ||
		strings.Contains(m.screens.notice, "\x1b") {
		t.Fatalf("overlay %v, notice %q", m.screens.overlay(), m.screens.notice)
	}
}
