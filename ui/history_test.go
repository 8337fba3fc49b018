package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/historyview"
)

func TestPlaygroundRecordsTurnsRunsAndRetries(t *testing.T) {
	t.Parallel()
	db, rec := openHistory(t, filepath.Join(t.TempDir(), history.FileName))
	opts := Options{Routes: testRoutes()[:2], Engine: &scripted{}, System: "Be brief.",
		History: HistoryOptions{Store: db, Recorder: rec}}
	m, _ := sent(t, opts, 120, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), served(90, "Azure", "gpt-4o-mini"), text(412, orAnswer), usage(500, 12, 30, &orCost), done(510)),
		burst("openai", 2, true, started(), failure(300, backend.ErrRateLimited, 429, "Rate limit reached")))
	m = update(m, tea.KeyPressMsg{Code: tea.KeyTab}, tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	m = update(m, burst("openai", 3, true, started(), text(380, "Slow start doubles cwnd."), done(400)))
	closeRecorder(t, rec)

	s := onlySession(t, db)
	if s.Source != history.SourceTUI || s.Title != question || len(s.Turns) != 1 {
		t.Fatalf("session %+v", s.SessionSummary)
	}
	turn := s.Turns[0]
	if turn.Prompt != question || turn.System != "Be brief." || len(turn.Runs) != 3 {
		t.Fatalf("turn %+v", turn)
	}
	byRoute := map[string][]backend.RouteReport{}
	for _, r := range turn.Runs {
		byRoute[r.Report.Route] = append(byRoute[r.Report.Route], r.Report)
	}
	or := byRoute["or-gpt"][0]
	if or.Text != orAnswer || *or.ServedBy != "Azure" || *or.TimingMs.FirstToken != 412 || or.Usage.OutputTokens != 30 {
		t.Fatalf("or-gpt report %+v", or)
	}
	if len(byRoute["openai"]) != 2 {
		t.Fatalf("the failed run and its retry are both kept under the turn: %+v", byRoute["openai"])
	}
}

// Each run keeps the settings it ran with: a change between turns (the
// route settings screen) shows in the next run only, and continuing the
// session later leaves the routes as they are configured now.
func TestRunsKeepTheSettingsTheyRanWith(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	routes := testRoutes()[:1]
	routes[0].OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"sort": "latency"}}
	m, _ := sent(t, Options{Routes: routes, Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}, 120, 40)
	m = update(m, burst("or-gpt", 1, true, started(), text(100, "one"), done(120)))
	cheaper := routes[0]
	cheaper.OpenRouter = &backend.OpenRouterOptions{Provider: map[string]any{"sort": "price"}}
	m.panes[0].SetRoute(cheaper)
	m = typeText(m, "again")
	m = update(m, enter(), burst("or-gpt", 2, true, started(), text(100, "two"), done(120)))
	closeRecorder(t, rec)
	s := onlySession(t, db)
	if len(s.Turns) != 2 || s.Turns[0].Runs[0].Settings != "sort=latency" || s.Turns[1].Runs[0].Settings != "sort=price" {
		t.Fatalf("turns %+v", s.Turns)
	}

	_, rec2 := openHistory(t, path)
	defer closeRecorder(t, rec2)
	m = newTestModel(Options{Routes: testRoutes()[:1], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec2}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40}, historyview.ContinueMsg{Session: s}, frameMsg{})
	if rt := m.panes[0].Route(); rt.OpenRouter != nil || len(m.panes[0].Thread()) != 4 {
		t.Fatalf("continuing changed the route %+v or lost its thread (%d messages)", rt, len(m.panes[0].Thread()))
	}
}

func TestClearStartsANewSession(t *testing.T) {
	t.Parallel()
	db, rec := openHistory(t, filepath.Join(t.TempDir(), history.FileName))
	opts := Options{Routes: testRoutes()[:1], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}
	m, _ := sent(t, opts, 100, 30)
	m = update(m, burst("or-gpt", 1, true, started(), text(100, "one"), done(120)))
	m = typeText(m, "/clear")
	m = update(m, enter())
	m = typeText(m, "second chat")
	m = update(m, enter(), burst("or-gpt", 2, true, started(), text(100, "two"), done(120)))
	closeRecorder(t, rec)
	list, err := db.Sessions(context.Background(), history.SessionFilter{})
	if err != nil || len(list) != 2 || list[0].TurnCount != 1 || list[1].TurnCount != 1 {
		t.Fatalf("sessions %+v, %v", list, err)
	}
}

func TestContinueLoadsEachRoutesThread(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	db, rec := openHistory(t, path)
	opts := Options{Routes: testRoutes()[:2], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec}}
	m, _ := sent(t, opts, 120, 40)
	m = update(m,
		burst("or-gpt", 1, true, started(), text(100, "Pelicans glide."), done(120)),
		burst("openai", 2, true, started(), failure(90, backend.ErrUpstream, 500, "upstream error")))
	closeRecorder(t, rec)
	stored := onlySession(t, db)

	_, rec2 := openHistory(t, path)
	m = newTestModel(Options{Routes: testRoutes()[:3], Engine: &scripted{}, History: HistoryOptions{Store: db, Recorder: rec2}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 120, Height: 40}, historyview.ContinueMsg{Session: stored}, frameMsg{})
	requireContains(t, screen(m), "Continuing")
	requireContains(t, screen(m), "Pelicans glide.")
	m = typeText(m, "and albatrosses?")
	m = update(m, enter(),
		burst("or-gpt", 1, true, started(), text(100, "They soar."), done(120)),
		burst("openai", 2, true, started(), text(100, "They soar too."), done(120)))
	closeRecorder(t, rec2)

	// Begin sends the pane's thread with the new prompt.
	or, oa := m.panes[0].Thread(), m.panes[1].Thread()
	if len(or) != 4 || or[0].Content != question || or[1].Content != "Pelicans glide." || or[2].Content != "and albatrosses?" {
		t.Fatalf("or-gpt carries on its thread: %+v", or)
	}
	if len(oa) != 2 || oa[0].Content != "and albatrosses?" {
		t.Fatalf("a failed answer is not part of the thread: %+v", oa)
	}
	s := onlySession(t, db)
	if s.ID != stored.ID || len(s.Turns) != 2 || len(s.Turns[1].Runs) != 2 || len(s.Turns[0].Runs) != 2 {
		t.Fatalf("the next turn joins the same session, nothing recorded twice: %+v", s)
	}
}

func TestHistoryKeyOpensAndEscClosesTheScreen(t *testing.T) {
	db, rec := openHistory(t, filepath.Join(t.TempDir(), history.FileName))
	defer closeRecorder(t, rec)
	m := newTestModel(Options{Routes: testRoutes()[:1], Engine: &scripted{},
		History: HistoryOptions{Store: db, Recorder: rec}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 80, Height: 24}, tea.KeyPressMsg{Code: tea.KeyF4})
	if m.screens.top() != screenHistory || m.View().Cursor == nil {
		t.Fatal("f4 shows the history screen with the cursor in its filter")
	}
	requireContains(t, screen(m), "filter ›")
	next, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	m = next.(Model)
	m = update(m, cmd())
	if m.screens.top() == screenHistory {
		t.Fatal("esc on an empty filter closes the screen")
	}
}

func TestHistoryProblemIsShownOnceAndTheChatGoesOn(t *testing.T) {
	errs := make(chan error, 1)
	errs <- &history.Error{Kind: history.Full, Path: "/tmp/h.db", Op: "writing"}
	m := newTestModel(Options{Routes: testRoutes()[:1], Engine: &scripted{},
		History: HistoryOptions{Errors: errs}}, &fakeClock{now: t0})
	m = update(m, tea.WindowSizeMsg{Width: 160, Height: 30})
	m = update(m, waitHistoryErr(context.Background(), errs)())
	requireContains(t, screen(m), "not being kept")
	m = typeText(m, "still works")
	m = update(m, enter(), burst("or-gpt", 1, true, started(), text(50, "yes"), done(60)), frameMsg{})
	requireContains(t, screen(m), "yes")
}

// TestFlowChatQuitReopenContinue is the user's path on the demo engine: chat,
// quit, open the playground again on the same database, find the chat on
// the history screen and continue it.
func TestFlowChatQuitReopenContinue(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("streams the demo routes twice")
	}
	path := filepath.Join(t.TempDir(), history.FileName)
	eng := engine.NewEngine(engine.EngineOptions{Demo: simulated.TransportAt(demoSpeed)})
	routes := simulated.DemoRoutes()

	db, rec := openHistory(t, path)
	tm := startProgram(t, New(Options{Routes: routes, Engine: eng, Demo: true,
		History: HistoryOptions{Store: db, Recorder: rec}}), 160, 40)
	tm.Type("How do I test a streaming parser?")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, 30*time.Second, "Turn 1 finished")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	closeRecorder(t, rec)
	db.Close()

	db2, rec2 := openHistory(t, path)
	tm = startProgram(t, New(Options{Routes: routes, Engine: eng, Demo: true,
		History: HistoryOptions{Store: db2, Recorder: rec2}}), 160, 40)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyF4})
	waitFor(t, tm, 5*time.Second, "1 session")
	tm.Type("streaming parser")
	time.Sleep(500 * time.Millisecond) // the filter searches once typing pauses
	tm.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	waitFor(t, tm, 5*time.Second, "Continuing")
	tm.Type("And a fuzz test?")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, 30*time.Second, "Turn 2 finished")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	closeRecorder(t, rec2)

	for _, p := range fm.panes {
		if len(p.Thread()) != 4 || p.Thread()[0].Content != "How do I test a streaming parser?" {
			t.Fatalf("%s's thread did not carry on: %d messages", p.Name(), len(p.Thread()))
		}
	}
	s := onlySession(t, db2)
	if len(s.Turns) != 2 || s.Turns[1].Prompt != "And a fuzz test?" {
		t.Fatalf("session %+v", s)
	}
	for _, tr := range s.Turns {
		if len(tr.Runs) != len(routes) {
			t.Fatalf("turn %d has %d runs", tr.Seq, len(tr.Runs))
		}
	}
	if strings.TrimSpace(s.Turns[1].Runs[0].Report.Text) == "" {
		t.Fatal("the continued turn's answer is kept")
	}
}

// BenchmarkHistoryOnStreamingPath: one op is a whole turn of eight routes
// (ten bursts of 20 tokens each, then the end) through Update, with the
// history off and with every run recorded. Recording is a map lookup per
// pane per message and, as a run ends, its report queued for the writer
// goroutine: the two should not differ measurably.
func BenchmarkHistoryOnStreamingPath(b *testing.B) {
	db, err := history.Open(context.Background(), filepath.Join(b.TempDir(), history.FileName), history.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, on := range []bool{false, true} {
		name := map[bool]string{false: "Off", true: "Recording"}[on]
		b.Run(name, func(b *testing.B) {
			b.Cleanup(awaitRegexpClock)
			var rec *history.Recorder
			if on {
				rec = history.NewRecorder(db, history.RecorderOptions{})
				defer rec.Close()
			}
			b.ReportAllocs()
			for range b.N {
				b.StopTimer()
				m := newTestModel(Options{Routes: benchRoutes(8), Engine: &scripted{},
					History: HistoryOptions{Recorder: rec}}, &fakeClock{now: t0})
				m = update(m, tea.WindowSizeMsg{Width: 200, Height: 50})
				m = update(typeText(m, "bench"), enter())
				b.StartTimer()
				next := 0
				for range 10 {
					for i := range m.panes {
						events := make([]backend.Event, 20)
						for j := range events {
							events[j] = text(next+j, tokenText(next+j))
						}
						nm, _ := m.Update(streamMsg{Route: m.panes[i].Route().Name, Gen: uint64(i + 1), Events: events})
						m = nm.(Model)
					}
					next += 20
				}
				for i := range m.panes {
					nm, _ := m.Update(streamMsg{Route: m.panes[i].Route().Name, Gen: uint64(i + 1),
						Events: []backend.Event{usage(next, 5, 200, nil), done(next)}, Closed: true})
					m = nm.(Model)
				}
			}
		})
	}
}
