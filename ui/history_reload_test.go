package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/historyview"
)

// richRun is one route's run with a figure of every kind the pane shows:
// connection phases, keep-alives, reasoning before a later first text, a
// spread of pieces for tokens/s, usage and the provider's cost.
func richRun(gen uint64) streamMsg {
	cost := 0.000125
	phase := func(at int, ph backend.Phase) backend.Event {
		return backend.Event{Kind: backend.EventPhase, Phase: ph, At: ms(at)}
	}
	return burst("or-gpt", gen, true, started(), phase(3, backend.PhaseDNS), phase(9, backend.PhaseConnect),
		phase(31, backend.PhaseTLS), backend.Event{Kind: backend.EventHeaders, Status: 200, At: ms(95)},
		backend.Event{Kind: backend.EventKeepAlive, At: ms(150)}, served(160, "Azure", "gpt-4o-mini"),
		reasoning(300, "Think first. "), reasoning(350, "Then answer. "), text(412, "Pelicans "), text(700, "glide."),
		usage(710, 12, 30, &cost), done(720))
}

// A continued session shows every figure the pane showed before, and an
// /export right after continuing writes the first text as measured.
func TestContinuedSessionShowsEveryFigure(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	opts := Options{Routes: testRoutes()[:1], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}
	m, _ := sent(t, opts, 160, 40)
	m = update(m, richRun(1), frameMsg{})
	before := m.panes[0].View(false, "", t0)
	want := m.panes[0].Last().Result().Report()
	closeRecorder(t, rec)

	_, rec2 := openHistory(t, path)
	defer closeRecorder(t, rec2)
	m = newTestModel(Options{Routes: testRoutes()[:1], Engine: &scripted{},
		History: HistoryOptions{Store: db, Recorder: rec2}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 160, Height: 40}, historyview.ContinueMsg{Session: onlySession(t, db)}, frameMsg{})
	if after := m.panes[0].View(false, "", t0); after != before {
		t.Fatalf("the pane changed on continuing:\nbefore\n%s\nafter\n%s", before, after)
	}

	out := filepath.Join(t.TempDir(), "turn.json")
	ok, cmd := m.exportCommand(out)
	if !ok {
		t.Fatalf("export refused: %s", m.status)
	}
	if msg := cmd().(exportedMsg); msg.Err != nil {
		t.Fatal(msg.Err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Routes []backend.RouteReport `json:"routes"`
	}
	if err := json.Unmarshal(raw, &got); err != nil || len(got.Routes) != 1 {
		t.Fatalf("export %s: %v", raw, err)
	}
	if ft := got.Routes[0].TimingMs.FirstText; ft == nil || *ft != 412 || *want.TimingMs.FirstText != 412 {
		t.Fatalf("exported first_text %v, want 412", ft)
	}
}

// The record of runs already written is cleared by /clear and when a
// session is continued, so it does not grow with every chat.
func TestClearAndContinueForgetRecordedRuns(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	defer closeRecorder(t, rec)
	opts := Options{Routes: testRoutes()[:1], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}
	m, _ := sent(t, opts, 120, 40)
	m = update(m, burst("or-gpt", 1, true, started(), text(100, "one"), done(120)))
	if len(m.hist.recorded) != 1 {
		t.Fatalf("recorded %d runs, want 1", len(m.hist.recorded))
	}
	m = update(typeText(m, "/clear"), enter())
	if len(m.hist.recorded) != 0 || len(m.hist.runTurn) != 0 {
		t.Fatalf("/clear kept %d recorded runs", len(m.hist.recorded))
	}
	for i := range 3 {
		m = update(typeText(m, "again"), enter(), burst("or-gpt", uint64(i+2), true, started(), text(100, "two"), done(120)))
	}
	if len(m.hist.recorded) != 3 {
		t.Fatalf("recorded %d runs since /clear, want 3", len(m.hist.recorded))
	}
	run := history.Run{Report: backend.RouteReport{Route: "or-gpt", Provider: "openrouter", Text: "stored"}}
	s := &history.Session{SessionSummary: history.SessionSummary{ID: 7, Title: "old"},
		Turns: []history.Turn{{ID: 8, Prompt: "old prompt", Runs: []history.Run{run}}}}
	m = update(m, historyview.ContinueMsg{Session: s})
	if len(m.hist.recorded) != 1 {
		t.Fatalf("continuing keeps %d recorded runs, want the one pane's last run", len(m.hist.recorded))
	}
}
