package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func ctrlG() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl} }

func TestCompareViewOpensOverThePanesAfterATurn(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(m, ctrlG())
	requireContains(t, screen(m), "No finished turn yet")
	m = update(m, ctrlG()) // back to the panes

	m = finished(t, threeRoutes(), 120, 40)
	if got := m.compareView.Turns(); got != 1 {
		t.Fatalf("the finished turn is recorded once, got %d turns", got)
	}
	m = update(m, ctrlG())
	frame := screen(m)
	for _, want := range []string{"Scoreboard", "Timeline", "or-gpt", "openai", "claude", "ctrl+g back to panes"} {
		requireContains(t, frame, want)
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyTab})
	requireContains(t, screen(m), "medians over 1 turn")
	if m.focus != 0 {
		t.Errorf("tab switched the scope, not the pane focus: focus %d", m.focus)
	}
	m = update(m, tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.screens.top() == screenCompare || strings.Contains(screen(m), "Scoreboard") {
		t.Error("esc closes the compare view when nothing streams")
	}
}

func TestSendingFromTheCompareViewShowsTheStreams(t *testing.T) {
	m := finished(t, threeRoutes(), 120, 40)
	m = update(m, ctrlG())
	m = typeText(m, "again")
	m = update(m, enter())
	if m.screens.top() == screenCompare || !m.anyStreaming() {
		t.Errorf("a new prompt closes the compare view and streams (shown %v, streaming %v)", m.screens.top() == screenCompare, m.anyStreaming())
	}
}

func TestWheelScrollsTheCompareViewWhileShown(t *testing.T) {
	m := finished(t, threeRoutes(), 80, 24)
	m = update(m, ctrlG())
	before := screen(m)
	m = update(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	if screen(m) == before {
		t.Error("the wheel scrolls the compare view")
	}
}
