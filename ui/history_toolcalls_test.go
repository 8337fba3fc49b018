package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/tooldef"
	"github.com/routeplay/routeplay/ui/historyview"
)

// A continued session shows each pane's tool-call block and schema mark as
// they were, and the last turn's calls can be answered with /result.
func TestContinuedSessionShowsToolCalls(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	sch, err := tooldef.NewOutputSchema("person.json", []byte(`{"type":"object","required":["age"]}`))
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
	if th := m.panes[0].Thread(); len(th) != 2 || len(th[1].ToolCalls) != 1 {
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

// A turn answered with /result comes back as one on continuing: shown as
// it was, and sent again as the calls' results, not as a prompt after
// unanswered calls (which every provider rejects).
func TestContinuedSessionKeepsToolResults(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	rts := toolRoutes(t)[:2]
	m, _ := sent(t, Options{Routes: rts, Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}, 160, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), toolCall(300, 0, "call_1", "get_weather", `{"city": "Paris"}`), finish(320, "tool_calls")),
		burst("openai", 2, true, started(), text(280, "No tools."), finish(300, "stop")), frameMsg{})
	m = update(typeText(m, "/result 18°C, clear"), enter())
	m = update(m, burst("or-gpt", 3, true, started(), text(200, "It is 18°C in Paris."), finish(220, "stop")), frameMsg{})
	before := paneContent(m, 0)
	closeRecorder(t, rec)
	requireContains(t, before, "↩ get_weather: 18°C, clear")

	_, rec2 := openHistory(t, path)
	defer closeRecorder(t, rec2)
	m = newTestModel(Options{Routes: rts, Engine: &scripted{},
		History: HistoryOptions{Store: db, Recorder: rec2}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 160, Height: 40}, historyview.ContinueMsg{Session: onlySession(t, db)}, frameMsg{})
	if got := paneContent(m, 0); got != before {
		t.Fatalf("pane changed on continuing:\nbefore\n%s\nafter\n%s", before, got)
	}
	var roles []backend.Role
	for _, msg := range m.panes[0].Thread() {
		roles = append(roles, msg.Role)
	}
	want := []backend.Role{backend.RoleUser, backend.RoleAssistant, backend.RoleTool, backend.RoleAssistant}
	if !slices.Equal(roles, want) {
		t.Fatalf("thread roles %v, want %v", roles, want)
	}
	if res := m.panes[0].Thread()[2].ToolResults; len(res) != 1 || res[0] != (backend.ToolResult{CallID: "call_1", Name: "get_weather", Content: "18°C, clear"}) {
		t.Errorf("results %+v", res)
	}
	if th := m.panes[1].Thread(); len(th) != 2 {
		t.Errorf("the other route's thread has %d messages, want its one exchange", len(th))
	}
	if m.turns != 1 {
		t.Errorf("%d turns after continuing, want the one prompt", m.turns)
	}
}
