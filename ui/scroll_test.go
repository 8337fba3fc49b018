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
	p.GotoTop()
	if p.AtBottom() {
		t.Fatal("the answer should be longer than the pane")
	}
	m = typeText(m, "and then?")
	m = update(m, enter())
	m = update(m, burst("or-gpt", 4, false, started(), text(50, "The next answer streams here.")))
	m = frames(m, clock, 4, 60)
	if !m.panes[0].AtBottom() {
		t.Fatalf("the pane stays scrolled up at line %d", m.panes[0].Offset())
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
	m.panes[0].GotoTop()
	m.panes[1].GotoTop()
	m = update(m, historyview.ContinueMsg{Session: stored}, frameMsg{})
	for i := range 2 {
		if !m.panes[i].AtBottom() {
			t.Fatalf("pane %d is left at line %d", i, m.panes[i].Offset())
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
}
