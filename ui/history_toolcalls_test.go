package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/historyview"
)

// A continued session shows each pane's tool-call block and schema mark as
// they were, and the last turn's calls can be answered with /result.
func TestContinuedSessionShowsToolCalls(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	sch, err := backend.NewOutputSchema("person.json", []byte(`{"type":"object","required":["age"]}`))
	if err != nil {
		t.Fatal(err)
	}
	rts := toolRoutes(t)[:2]
	rts[1].Schema = sch
	m, _ := sent(t, Options{Routes: rts, Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}, 160, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), toolCall(300, 0, "call_1", "get_weather", `{"city": 7}`), finish(320, "tool_calls")),
		burst("openai", 2, true, started(), text(280, `{"name": "Ada"}`), finish(300, "stop")), frameMsg{})
	before := []string{paneContent(m, 0), paneContent(m, 1)}
	closeRecorder(t, rec)
	requireContains(t, before[0], "✗ /city: got number, want string")
	requireContains(t, before[1], "schema ✗")

	_, rec2 := openHistory(t, path)
	defer closeRecorder(t, rec2)
	m = newTestModel(Options{Routes: rts, Engine: &scripted{},
		History: HistoryOptions{Store: db, Recorder: rec2}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 160, Height: 40}, historyview.ContinueMsg{Session: onlySession(t, db)}, frameMsg{})
	for i, want := range before {
		if got := paneContent(m, i); got != want {
			t.Fatalf("pane %d changed on continuing:\nbefore\n%s\nafter\n%s", i, want, got)
		}
	}
	calls := m.panes[0].PendingCalls()
	if len(calls) != 1 || calls[0].ID != "call_1" || calls[0].Name != "get_weather" {
		t.Fatalf("pending calls after continuing: %+v", calls)
	}
	if th := m.panes[0].thread; len(th) != 2 || len(th[1].ToolCalls) != 1 {
		t.Fatalf("the thread lost the call: %+v", th)
	}
}

// paneContent is a pane's drawn lines less the blank ones, which depend on
// the height the layout gives it.
func paneContent(m Model, i int) string {
	var out []string
	for _, l := range strings.Split(m.panes[i].View(false, "", t0), "\n") {
		if strings.Trim(ansi.Strip(l), "│ ") != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
