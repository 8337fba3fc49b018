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

func TestBindingsAreCopiedOnlyWhenTheyChange(t *testing.T) {
	before := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 200, Height: 40})
	streaming, _ := sent(t, threeRoutes(), 200, 40)
	if before.keys.CancelAll.Enabled() || !streaming.keys.CancelAll.Enabled() {
		t.Fatalf("cancel all: enabled=%v before sending, %v while streaming", before.keys.CancelAll.Enabled(), streaming.keys.CancelAll.Enabled())
	}
	after := update(streaming, burst("or-gpt", streaming.panes[0].Gen(), false, text(10, "tok")), frameMsg{})
	if after.keys != streaming.keys || after.help != streaming.help {
		t.Fatal("a streamed burst copied the bindings or the help bar")
	}
	ended := finishAll(after, "answer")
	if ended.keys.CancelAll.Enabled() || !after.keys.CancelAll.Enabled() {
		t.Fatal("ending the runs changed the bindings of the model handed out before")
	}
}
