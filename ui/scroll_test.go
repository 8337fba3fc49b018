package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/historyview"
)

// longAnswer is many more lines than a pane shows.
var longAnswer = strings.Repeat("a line of the answer\n\n", 60)

func TestSendingBringsAScrolledUpPaneBackToTheBottom(t *testing.T) {
	m, clock := sent(t, threeRoutes(), 120, 40)
	m = update(m, burst("or-gpt", 1, true, started(), text(50, longAnswer), done(60)),
		burst("openai", 2, true, started(), text(50, "short"), done(60)),
		burst("claude", 3, true, started(), text(50, "short"), done(60)))
	m = frames(m, clock, 2, 400)
	p := &m.panes[0]
	p.body.GotoTop()
	if p.body.AtBottom() {
		t.Fatal("the answer should be longer than the pane")
	}
	m = typeText(m, "and then?")
	m = update(m, enter())
	m = update(m, burst("or-gpt", 4, false, started(), text(50, "The next answer streams here.")))
	m = frames(m, clock, 4, 60)
	if !m.panes[0].body.AtBottom() {
		t.Fatalf("the pane stays scrolled up at %d of %d lines", m.panes[0].body.Offset(), m.panes[0].body.Len())
	}
	requireContains(t, screen(m), "The next answer streams here.")
}

func TestContinuingASessionShowsTheEndOfEachPane(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	opts := Options{Routes: testRoutes()[:2], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}
	m, clock := sent(t, opts, 120, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), text(100, longAnswer+"The end of or-gpt."), done(120)),
		burst("openai", 2, true, started(), text(100, longAnswer+"The end of openai."), done(120)))
	m = frames(m, clock, 2, 400)
	closeRecorder(t, rec)
	stored := onlySession(t, db)

	// The same playground, where the reader had scrolled both panes up, continues it.
	_, rec2 := openHistory(t, path)
	m.hist.rec = rec2
	m.panes[0].body.GotoTop()
	m.panes[1].body.GotoTop()
	m = update(m, historyview.ContinueMsg{Session: stored}, frameMsg{})
	for i := range 2 {
		if !m.panes[i].body.AtBottom() {
			t.Fatalf("pane %d is left at line %d of %d", i, m.panes[i].body.Offset(), m.panes[i].body.Len())
		}
	}
	requireContains(t, screen(m), "The end of or-gpt.")
	closeRecorder(t, rec2)
}

func TestAPromptOfCodeKeepsItsTabIndentation(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(m, tea.PasteMsg{Content: "func f() {\n\treturn\n}"}, enter(), frameMsg{})
	got := screen(m)
	requireContains(t, got, "│ › func f() {")
	requireContains(t, got, "│     return ")
	if strings.Contains(got, "\t") {
		t.Fatal("a tab reaches the screen")
	}
	if got := expandTabs("ab\tc\n\tdé\te"); got != "ab  c\n    dé  e" {
		t.Fatalf("expandTabs: %q", got)
	}
}
