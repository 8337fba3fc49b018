package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestFullHelpListsEveryKeyAndWhatCtrlCDoes(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = typeText(m, "?")
	got := screen(m)
	requireContains(t, got, "Keys")
	for _, want := range []string{"esc", "cancel all", "ctrl+x", "cancel pane", "ctrl+r", "retry pane", "alt+r", "retry all",
		"cancel, then quit"} {
		requireContains(t, got, want)
	}
	if !strings.Contains(ansi.Strip(m.help.View(m.keys)), "ctrl+c quit") {
		t.Errorf("the help bar says what ctrl+c does right now: %q", m.help.View(m.keys))
	}
}

func TestHelpBarStillLeavesOutKeysThatDoNotApply(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 200, Height: 40})
	if bar := ansi.Strip(m.help.View(m.keys)); strings.Contains(bar, "cancel all") || strings.Contains(bar, "retry pane") {
		t.Fatalf("help bar before any run: %q", bar)
	}
}
